/**
 * Demo accounts for a first start: one per role, tokens written to $DATA_DIR/demo-tokens.json (mode 600).
 * Created once; a database that already has users is left alone.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../core/domain.ts';
import type { Services } from '../core/services.ts';

/** The demo officer works for the Dongying Port zone's safety office, where most demo hazards lie. */
export const DEMO_OFFICER_DEPARTMENT = 'dept-port-ajj';

const DEMO_USERS: Array<{ id: string; name: string; role: Role; departmentId: string | null }> = [
  { id: 'demo-operator', name: '演示飞手 Demo operator', role: 'operator', departmentId: null },
  { id: 'demo-officer', name: '演示执法人员 Demo officer', role: 'officer', departmentId: DEMO_OFFICER_DEPARTMENT },
  { id: 'demo-manager', name: '演示安委办 Demo manager', role: 'manager', departmentId: null },
  { id: 'demo-admin', name: '演示管理员 Demo admin', role: 'admin', departmentId: null },
  { id: 'demo-dock', name: '演示机场 Demo dock', role: 'dock', departmentId: null },
];

export async function ensureDemoAccounts(s: Services): Promise<string | null> {
  if ((await s.users.count()) > 0) return null;
  const tokens: Record<string, string> = {};
  for (const user of DEMO_USERS) tokens[user.role] = (await s.users.create(user)).token;
  const file = path.join(s.config.DATA_DIR, 'demo-tokens.json');
  await writeFile(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  s.log.info(`demo accounts created; tokens in ${file}`);
  return file;
}
