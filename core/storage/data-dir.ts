/**
 * The data folder holds the database (webhook secrets, tokens' hashes), the audit key and head, and the
 * photos: only the account the server runs as may enter it (0700); files made in it are 0600 (originals
 * 0400). A folder that already existed with wider permissions is narrowed on start.
 */
import { chmod, mkdir } from 'node:fs/promises';

export async function secureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
}
