/**
 * Every route an express 5 app has registered, as method + full path, found by walking the router stack
 * (mounted routers carry their mount path as `rawPath`). Used to check the access matrix covers them all.
 */
import type { Express } from 'express';

interface Layer {
  rawPath?: string | RegExp | unknown[];
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

export interface RegisteredRoute {
  method: string;
  path: string;
}

const join = (prefix: string, path: string): string => (`${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));

function walk(stack: Layer[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: join(prefix, layer.route.path) });
    } else if (layer.handle?.stack) {
      if (typeof layer.rawPath !== 'string') throw new Error(`a router mounted on a non-string path (${String(layer.rawPath)}): extend the walker`);
      walk(layer.handle.stack, join(prefix, layer.rawPath), out);
    }
  }
}

export function registeredRoutes(app: Express): RegisteredRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const out: RegisteredRoute[] = [];
  walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => (seen.has(`${r.method} ${r.path}`) ? false : (seen.add(`${r.method} ${r.path}`), true)));
}
