/**
 * What a start does before serving: seed an empty database (Dongying zones, rules, departments, demo
 * enterprises), create the demo accounts (never with NODE_ENV=production), register the shipped models.
 * Each step is idempotent. In production, a start without an active admin account is refused.
 */
import type { Services } from '../core/services.ts';
import { registerModels } from '../models/register-models.ts';
import { ensureDemoAccounts } from './demo-accounts.ts';
import { seedDatabase } from './seed-database.ts';

export async function bootstrapData(s: Services): Promise<void> {
  if (s.config.SEED_ON_START && (await s.geo.zonesVersion()).startsWith('0@')) {
    const counts = await seedDatabase(s);
    s.log.info(counts, 'empty database seeded with the Dongying data');
  }
  if (s.config.DEMO_ACCOUNTS && s.config.NODE_ENV !== 'production') await ensureDemoAccounts(s);
  else if (s.config.DEMO_ACCOUNTS && (await s.users.count()) === 0) s.log.warn('NODE_ENV=production: no demo accounts are made (DEMO_ACCOUNTS is ignored)');
  await registerModels(s);
}

/** Thrown when production would start with nobody able to administer it. */
export class NoAdminError extends Error {}

export async function assertAdministrable(s: Services): Promise<void> {
  if (s.config.NODE_ENV !== 'production' || (await s.users.activeAdmins()) > 0) return;
  throw new NoAdminError(
    [
      'NODE_ENV=production and there is no active admin account, so nobody could sign in to manage this server.',
      'Make the first one with the same DATA_DIR / DATABASE_URL as the server, then start again:',
      '  npm run user -- add <name> --role admin',
      'It prints a one-time password; the first sign-in asks for a new one.',
    ].join('\n'),
  );
}
