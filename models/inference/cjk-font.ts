/**
 * Whether fontconfig knows a font with Chinese glyphs. Without one, librsvg draws the manifest's Chinese
 * class names (明火) as empty boxes on annotated evidence, so labels fall back to English. Checked once.
 */
import { execFileSync } from 'node:child_process';

let known: boolean | undefined;

export function hasCjkFont(): boolean {
  if (known === undefined) {
    try {
      known = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim().length > 0;
    } catch {
      known = false; // no fontconfig tools: assume the worst, English is always legible
    }
  }
  return known;
}
