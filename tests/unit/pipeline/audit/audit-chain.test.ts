import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { appendEntry, auditInputFromEvent, GENESIS_HASH, hashEntry, verifyChain } from '../../../../core/pipeline/audit/audit-chain.ts';
import type { AuditEntry, AuditEntryInput } from '../../../../core/pipeline/audit/audit-chain.ts';
import { canonicalJson } from '../../../../core/pipeline/audit/canonical-json.ts';
import { applyCaseAction } from '../../../../core/pipeline/cases/case-lifecycle.ts';

/** SHA-256 by the openssl CLI: a second implementation, outside Node. */
const opensslSha256 = (text: string): string => execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: Buffer.from(text, 'utf8') }).toString().split(' ')[0]!;

const first: AuditEntryInput = {
  caseId: 'case-1', actorId: 'o1', actorRole: 'officer', at: '2025-06-10T02:00:00.000Z', action: 'confirm', note: '现场核实',
  before: { status: 'new', dueAt: null }, after: { status: 'confirmed', dueAt: '2025-06-17T02:00:00.000Z' },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth, writes no spaces and keeps non-ASCII text as is', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: '东营' } })).toBe('{"a":{"c":"东营","d":[3,{"y":null,"z":true}]},"b":1}');
  });
  it('leaves out undefined members, writes undefined array items as null, Dates as ISO strings, -0 as 0', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, -0], c: new Date('2025-01-01T08:00:00+08:00') })).toBe('{"b":[null,0],"c":"2025-01-01T00:00:00.000Z"}');
  });
  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/JSON/);
    expect(() => canonicalJson({ x: 1n })).toThrow(/bigint/);
  });
});

describe('hashEntry', () => {
  it('is the SHA-256 of the hand-written canonical JSON (checked with openssl)', () => {
    // keys in code-unit order: action, actorId, actorRole, after, at, before, caseId, note, prevHash, seq
    const canonical =
      '{"action":"confirm","actorId":"o1","actorRole":"officer","after":{"dueAt":"2025-06-17T02:00:00.000Z","status":"confirmed"},' +
      '"at":"2025-06-10T02:00:00.000Z","before":{"dueAt":null,"status":"new"},"caseId":"case-1","note":"现场核实",' +
      `"prevHash":"${'0'.repeat(64)}","seq":1}`;
    expect(hashEntry(GENESIS_HASH, { ...first, seq: 1 })).toBe(opensslSha256(canonical));
  });
  it('survives database round trips: reordered jsonb keys, Date or offset times, bigint seq as string, undefined note', () => {
    const h = hashEntry(GENESIS_HASH, { ...first, seq: 1 });
    const fromPg = { seq: '1' as unknown as number, after: { status: 'confirmed', dueAt: '2025-06-17T02:00:00.000Z' }, before: { status: 'new', dueAt: null },
      note: '现场核实', action: 'confirm', at: new Date('2025-06-10T02:00:00Z'), actorRole: 'officer', actorId: 'o1', caseId: 'case-1', rowId: 99 };
    expect(hashEntry(GENESIS_HASH, fromPg)).toBe(h);
    expect(hashEntry(GENESIS_HASH, { ...first, seq: 1, at: '2025-06-10T10:00:00+08:00' })).toBe(h);
    expect(hashEntry(GENESIS_HASH, JSON.parse(JSON.stringify({ ...first, seq: 1 })))).toBe(h);
    const noNote = { ...first, note: null, seq: 1 };
    expect(hashEntry(GENESIS_HASH, { ...noNote, note: undefined as unknown as null })).toBe(hashEntry(GENESIS_HASH, noNote));
  });
  it('changes with any recorded field and with the predecessor', () => {
    const h = hashEntry(GENESIS_HASH, { ...first, seq: 1 });
    expect(hashEntry('1'.repeat(64), { ...first, seq: 1 })).not.toBe(h);
    expect(hashEntry(GENESIS_HASH, { ...first, seq: 2 })).not.toBe(h);
    expect(hashEntry(GENESIS_HASH, { ...first, actorRole: 'manager', seq: 1 })).not.toBe(h);
    expect(hashEntry(GENESIS_HASH, { ...first, after: { status: 'confirmed', dueAt: null }, seq: 1 })).not.toBe(h);
  });
});

/** A four-step history of one case, built from real lifecycle events. */
function history(): AuditEntry[] {
  const officer = { id: 'o1', role: 'officer' as const, departmentId: 'd1' };
  const steps: [string, Parameters<typeof applyCaseAction>[1], Parameters<typeof applyCaseAction>[3]][] = [
    ['2025-06-10T02:00:00.000Z', 'confirm', { note: '现场核实' }],
    ['2025-06-10T03:00:00.000Z', 'dispatch', { assignee: 'u7', note: '派发网格员' }],
    ['2025-06-12T09:30:00.000Z', 'report-rectified', { note: '已清理油污' }],
    ['2025-06-13T01:00:00.000Z', 'verify', { note: '复核通过' }],
  ];
  let c = { status: 'new' as const, departmentId: 'd1' } as Parameters<typeof applyCaseAction>[0];
  const out: AuditEntry[] = [];
  for (const [at, action, input] of steps) {
    const { next, event } = applyCaseAction(c, action, officer, input, new Date(at), { rectificationDays: 5 });
    out.push(appendEntry(out.at(-1) ?? null, auditInputFromEvent('case-1', event, c, next)));
    c = next;
  }
  return out;
}

describe('appendEntry and verifyChain', () => {
  it('builds a chain from genesis that verifies', () => {
    const chain = history();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain[2]!.prevHash).toBe(chain[1]!.hash);
    expect(chain[1]).toMatchObject({ action: 'dispatch', note: '派发网格员', actorRole: 'officer', at: '2025-06-10T03:00:00.000Z' });
    expect(verifyChain(chain)).toEqual({ ok: true, count: 4, headHash: chain[3]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });
  it('still verifies after a JSON round trip (as read back from a database)', () => {
    expect(verifyChain(JSON.parse(JSON.stringify(history())))).toMatchObject({ ok: true, count: 4 });
  });
  it('detects a changed note at that entry', () => {
    const chain = history();
    chain[1] = { ...chain[1]!, note: '未派发' };
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/changed/) });
  });
  it('detects a changed snapshot, actor or time', () => {
    for (const change of [{ after: { status: 'closed' } }, { actorId: 'm1' }, { at: '2025-06-10T03:00:01.000Z' }, { at: 'yesterday' }]) {
      const chain = history();
      chain[2] = { ...chain[2]!, ...change };
      expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3 });
    }
  });
  it('detects a changed entry whose hash was recomputed, at the next entry', () => {
    const chain = history();
    const forged = { ...chain[1]!, note: '未派发' };
    chain[1] = { ...forged, hash: hashEntry(forged.prevHash, forged) };
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/prevHash/) });
  });
  it('detects a deleted entry', () => {
    const chain = history();
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/missing or out of order/) });
  });
  it('detects a deleted entry even when the later ones were renumbered', () => {
    const chain = history();
    chain.splice(1, 1);
    const renumbered = chain.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/prevHash/) });
  });
  it('detects reordered entries', () => {
    const chain = history();
    const swapped = [chain[0]!, chain[2]!, chain[1]!, chain[3]!];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: 3 });
    const swappedRenumbered = swapped.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(swappedRenumbered)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/prevHash/) });
  });
  it('a dropped last entry is caught only against a head kept elsewhere', () => {
    const chain = history();
    const head = { seq: 4, hash: chain[3]!.hash };
    expect(verifyChain(chain.slice(0, 3))).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(chain.slice(0, 3), { expectedHead: head })).toMatchObject({ ok: false, brokenAt: 4 });
    expect(verifyChain(chain, { expectedHead: head })).toMatchObject({ ok: true, count: 4 });
  });
});
