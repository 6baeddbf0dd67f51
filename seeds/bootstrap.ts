/**
 * What a start does before serving: seed an empty database (Dongying zones, rules, departments, demo
 * enterprises), create the demo accounts, register the shipped models. Each step is idempotent.
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
  if (s.config.DEMO_ACCOUNTS) await ensureDemoAccounts(s);
  await registerModels(s);
}
