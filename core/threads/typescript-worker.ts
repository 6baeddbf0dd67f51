/**
 * Starts a worker thread on a TypeScript module. Node 20 does not carry tsx's `--import` hooks into
 * worker threads, so the thread starts from a two-line bootstrap that registers tsx there, then imports
 * the module.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

function bootstrap(moduleUrl: URL): string {
  // require.resolve finds the CommonJS build; its ESM twin sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
}

export function typescriptWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  return new Worker(bootstrap(moduleUrl), { ...options, eval: true });
}
