/**
 * Removes server file-system paths from text meant for clients ("cannot decode image /srv/dy/data/blobs/
 * originals/ab/cd/abcd..." told a caller where the data lives). A path is cut to its last segment. Only
 * paths under the usual server roots (or the folders named by the caller) are touched, so API paths such
 * as "/api/v1/cases" in a message stay as they are.
 */
import os from 'node:os';
import path from 'node:path';

const ROOTS = ['home', 'root', 'tmp', 'var', 'usr', 'opt', 'srv', 'work', 'mnt', 'data', 'etc', 'proc', 'run', 'app', 'Users', 'private', 'workspace', 'builds', 'snap'];
const SEGMENT = String.raw`[^\s'"\`<>|:;,()\[\]{}]+`;
const UNIX = new RegExp(String.raw`(?<![\w.])/(?:${ROOTS.join('|')})(?:/${SEGMENT})+/?`, 'g');
const WINDOWS = new RegExp(String.raw`\b[A-Za-z]:\\(?:${SEGMENT.replace('[^', '[^\\\\')}\\)*${SEGMENT.replace('[^', '[^\\\\')}`, 'g');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Folders this process knows to be private (data folder, working folder, temp, home), longest first. */
function knownFolders(extra: readonly string[]): RegExp | null {
  const folders = [...new Set([...extra, process.cwd(), os.tmpdir(), os.homedir()].filter((f) => f && f !== '/').map((f) => path.resolve(f)))].sort((a, b) => b.length - a.length);
  return folders.length ? new RegExp(`(?:${folders.map(escape).join('|')})(?:/${SEGMENT})*/?`, 'g') : null;
}

/** The text with every server path replaced by `…/<last segment>`. */
export function redactPaths(text: string, privateFolders: readonly string[] = []): string {
  const lastSegment = (p: string) => `…/${p.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? ''}`;
  const known = knownFolders(privateFolders);
  let out = known ? text.replace(known, lastSegment) : text;
  out = out.replace(UNIX, lastSegment).replace(WINDOWS, lastSegment);
  return out;
}
