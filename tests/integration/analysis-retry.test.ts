/**
 * Exactly-once effects of the analysis, on SQLite and PostgreSQL, with a real Dock 3 photo and the real
 * model's detections: a crash injected after any write of the analysis (through the cases service's
 * `afterWrite` seam, which the service calls after every write of its transaction) leaves nothing behind,
 * and the retry leaves exactly the rows of one clean run: findings, cases (with their sighting counts),
 * audit entries, decisions, outbox rows, case counters. Two analyses are crashed this way: the first
 * photo (cases open, alerts owed) and a later copy of it after the officers' decisions (cases reopen).
 * Finally the relay sends what the outbox owes once, however often it runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Detection } from '../../core/domain.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { DetectorPool } from '../../models/inference/detector.pool.ts';
import { registerModels } from '../../models/register-models.ts';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { analyzeImage } from '../../workers/processors/analyze.processor.ts';
import { poolDetector } from '../../workers/main.ts';
import { ZoneIndexCache } from '../../workers/zone-index.cache.ts';
import { DOCK3_FOOLED_MODEL, DOCK3_PHOTO } from '../helpers/dock3-photo.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestDb, type TestServices } from '../helpers/test-services.ts';

const CONFIG = { ACTIVE_MODEL: DOCK3_FOOLED_MODEL, GROUND_SIZE_CHECK: 'false', DETECT_RESAMPLE: 'false' };
const CLASSES = ['excavator', 'tanker_truck'];
const T_FIRST = '2026-06-01T02:00:00.000Z';
const T_DECIDE = '2026-06-02T02:00:00.000Z';
const T_LATER = '2026-07-01T02:00:00.000Z';
const LATER_CAPTURE = '2026-06-30T01:00:00.000Z';

class InjectedFault extends Error {}

let detections: Detection[] = [];
let photo: { sha256: string; meta: Awaited<ReturnType<typeof readImageMeta>> };

/** A database with the zones, the rules, the model, a mission and the two photos with their real detections. */
async function prepare(kind: TestDb): Promise<TestServices> {
  const s = await createTestServices(kind, CONFIG);
  await seedDatabase(s);
  await registerModels(s);
  for (const cls of CLASSES) {
    await s.geo.upsertRule({ id: `rule-${cls}-anywhere`, class: cls, zoneKind: '*', violation: `test: ${cls} anywhere`, severity: 'critical', rectificationDays: 1, alertImmediately: true });
  }
  await s.users.create({ id: 'mgr-a', name: 'manager A', role: 'manager' });
  await s.users.create({ id: 'mgr-b', name: 'manager B', role: 'manager' });
  const model = (await s.models.get(DOCK3_FOOLED_MODEL))!;
  const at = '2026-06-01T00:00:00.000Z';
  await s.db.kysely.insertInto('missions').values({ id: 'mission-1', name: 'dock 3', dock_id: null, status: 'processing', started_at: null, ended_at: null, created_by: null, created_at: at, wayline: null, flight_checks: null }).execute();
  const images = [
    { id: 'image-first', sha256: photo.sha256, meta: photo.meta },
    // The same scene photographed again after the decisions (another file, a later capture time).
    { id: 'image-later', sha256: 'f'.repeat(64), meta: { ...photo.meta, capturedAt: LATER_CAPTURE } },
  ];
  for (const image of images) {
    await s.db.kysely
      .insertInto('images')
      .values({ id: image.id, mission_id: 'mission-1', sha256: image.sha256, filename: `${image.id}.jpeg`, size: 1, content_type: 'image/jpeg', status: 'processing', error: null, meta: JSON.stringify(image.meta), footprint: null, captured_at: image.meta.capturedAt, created_at: at, processed_at: null, duplicate_of: null })
      .execute();
    await s.detections.replaceForImage(image.id, model, detections, 1);
  }
  s.casesService.afterCommit = async () => undefined; // the relay runs at the end, on purpose
  return s;
}

const job = (imageId: string) => ({ data: { imageId }, attemptsMade: 0, opts: { attempts: 5 } }) as unknown as Job<{ imageId: string }>;

/** Every row the analysis owns, in key order. */
async function rows(s: TestServices) {
  const k = s.db.kysely;
  const plain = <T>(xs: T[]) => JSON.parse(JSON.stringify(xs, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as T[];
  return {
    findings: plain(await k.selectFrom('findings').selectAll().orderBy('id').execute()),
    cases: plain(await k.selectFrom('cases').selectAll().orderBy('id').execute()),
    audit: plain(await k.selectFrom('audit').selectAll().orderBy('seq').execute()),
    decisions: plain(await k.selectFrom('case_decisions').selectAll().orderBy('audit_seq').execute()),
    outbox: plain(await k.selectFrom('outbox').selectAll().orderBy('id').execute()),
    counters: plain(await k.selectFrom('case_counters').selectAll().orderBy('year').execute()),
    images: plain(await k.selectFrom('images').select(['id', 'status', 'processed_at']).orderBy('id').execute()),
  };
}

/**
 * The scenario: analyse the first photo, decide on its cases (the first dismissed, the rest closed after
 * rectification), analyse the later photo. `crashAt` (a global write number) makes that write's hook
 * throw once; the crashed analysis is checked to have left nothing and is then retried, as BullMQ would.
 */
async function scenario(s: TestServices, crashAt: number | null, steps: string[] = []): Promise<void> {
  const analyse = analyzeImage(s, new ZoneIndexCache(s.geo));
  let n = 0;
  s.casesService.hooks.afterWrite = (step) => {
    steps.push(step);
    if (n++ === crashAt) throw new InjectedFault(`crash after write ${crashAt} (${step})`);
  };
  const runWithRetry = async (imageId: string) => {
    const before = await rows(s);
    try {
      await analyse(job(imageId));
    } catch (error) {
      if (!(error instanceof InjectedFault)) throw error;
      expect(await rows(s), 'a crashed analysis leaves nothing behind').toEqual(before);
      await analyse(job(imageId));
    }
  };
  s.casesService.clock = () => new Date(T_FIRST);
  await runWithRetry('image-first');
  s.casesService.hooks.afterWrite = undefined;
  s.casesService.clock = () => new Date(T_DECIDE);
  const cases = (await s.cases.list()).sort((a, b) => a.caseNo.localeCompare(b.caseNo));
  const a = { id: 'mgr-a', role: 'manager' as const, departmentId: null };
  const b = { id: 'mgr-b', role: 'manager' as const, departmentId: null };
  for (const [i, c] of cases.entries()) {
    if (i === 0) {
      await s.casesService.act(c.id, 'dismiss', a, { reason: 'crates on pallets, not a vehicle' });
      continue;
    }
    await s.casesService.act(c.id, 'confirm', a, {});
    await s.casesService.act(c.id, 'dispatch', a, { assignee: 'mgr-b' });
    await s.casesService.act(c.id, 'report-rectified', b, { note: 'moved away' });
    await s.casesService.act(c.id, 'verify', a, { note: 'checked on site' });
    await s.casesService.act(c.id, 'close', a, {});
  }
  s.casesService.clock = () => new Date(T_LATER);
  s.casesService.hooks.afterWrite = (step) => {
    steps.push(step);
    if (n++ === crashAt) throw new InjectedFault(`crash after write ${crashAt} (${step})`);
  };
  await runWithRetry('image-later');
  s.casesService.hooks.afterWrite = undefined;
}

describeRealdata('exactly-once analysis on a real photo', () => {
  let pool: DetectorPool;
  beforeAll(async () => {
    // The model runs once; every database below gets the same real detections.
    const bytes = readFileSync(realdata(DOCK3_PHOTO));
    photo = { sha256: createHash('sha256').update(bytes).digest('hex'), meta: await readImageMeta(bytes) };
    const s = await createTestServices('sqlite', CONFIG);
    try {
      await registerModels(s);
      pool = new DetectorPool({ concurrency: 1 });
      detections = await poolDetector(pool, s).detect((await s.models.get(DOCK3_FOOLED_MODEL))!, realdata(DOCK3_PHOTO), { scale: 1 });
    } finally {
      await s.dispose();
    }
    expect(detections.filter((d) => CLASSES.includes(d.class)).length, 'the model is fooled into vehicles, the material of this test').toBeGreaterThan(0);
  }, 300_000);
  afterAll(async () => {
    await pool?.close();
  });

  describeEachDb('a crash between any two writes, then a retry', (kind) => {
    let clean: Awaited<ReturnType<typeof rows>>;
    const steps: string[] = [];
    beforeAll(async () => {
      const s = await prepare(kind);
      try {
        await scenario(s, null, steps);
        clean = await rows(s);
      } finally {
        await s.dispose();
      }
    }, 300_000);

    it('the clean run opens cases, alerts, keeps the dismissal and reopens on the later photo', () => {
      expect(clean.cases.length).toBeGreaterThanOrEqual(1);
      expect(clean.cases.every((c) => c.status === 'new' && c.reopen_count === 1)).toBe(true);
      expect(clean.decisions.filter((d) => d.action === 'dismiss')).toHaveLength(1);
      expect(clean.outbox.filter((o) => o.topic === 'alert').length).toBe(clean.cases.length * 2); // opened, then reopened (复发)
      expect(clean.findings.length).toBe(2 * clean.findings.filter((f) => f.image_id === 'image-first').length);
      expect(steps.length).toBeGreaterThan(10);
    });

    it('leaves the rows of the clean run whatever write it crashed after', async () => {
      for (let crashAt = 0; crashAt < steps.length; crashAt++) {
        const s = await prepare(kind);
        try {
          await scenario(s, crashAt);
          expect(await rows(s), `crash after write ${crashAt} (${steps[crashAt]})`).toEqual(clean);
        } finally {
          await s.dispose();
        }
      }
    }, 1_200_000);

    it('sends what the outbox owes once, however often the relay runs', async () => {
      const s = await prepare(kind);
      try {
        await scenario(s, null);
        const owed = (await rows(s)).outbox.filter((o) => o.topic === 'event').length;
        await Promise.all([s.outbox.drain(), s.outbox.drain()]);
        await s.outbox.drain();
        const sent = await s.db.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', 'in', ['finding.created', 'case.updated']).executeTakeFirstOrThrow();
        expect(Number(sent.n)).toBe(owed);
        expect((await rows(s)).outbox.every((o) => o.sent_at !== null)).toBe(true);
      } finally {
        await s.dispose();
      }
    }, 300_000);
  });
});
