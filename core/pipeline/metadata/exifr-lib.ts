/**
 * exifr, imported the same way under Node (its UMD build: everything on the default export) and under
 * Vite/Vitest (its ESM build: named exports, and a default export without `sidecar`).
 */
import * as exifrModule from 'exifr';

type Exifr = typeof exifrModule;
const ns = exifrModule as Exifr & { default?: Partial<Exifr> };

export const exifrParse: Exifr['parse'] = typeof ns.parse === 'function' ? ns.parse : ns.default!.parse!;
export const exifrSidecar: Exifr['sidecar'] = typeof ns.sidecar === 'function' ? ns.sidecar : ns.default!.sidecar!;
