/**
 * The whole audit check, pure: the chain links and hashes (audit-chain.ts), every entry's MAC under the
 * audit key, the chain against the heads recorded outside the database (a file and Redis), and every
 * case as it stands against the `after` of its last entry. Each problem is named; the first chain break
 * keeps the old `brokenAt`/`reason` fields so existing callers read the same answer.
 */
import { canonicalJson } from './canonical-json.ts';
import { verifyChain, type AuditEntry } from './audit-chain.ts';
import { macMatches } from './audit-mac.ts';
import { caseSnapshot, type SnapshotSource } from './case-snapshot.ts';

export interface ChainHead {
  seq: number;
  hash: string;
}

/** A head kept outside the database; `head` null when that place holds none. */
export interface HeadWitness {
  source: string;
  head: ChainHead | null;
}

export interface AuditProblem {
  kind: 'chain' | 'mac' | 'head' | 'case-state';
  seq?: number;
  caseId?: string;
  message: string;
}

export interface AuditVerdict {
  ok: boolean;
  count: number;
  headHash: string | null;
  /** The first broken entry (chain, MAC or head), absent when only case states disagree. */
  brokenAt?: number;
  /** The first problem in words. */
  reason?: string;
  problems: AuditProblem[];
  witnesses: HeadWitness[];
  casesChecked: number;
}

export interface AuditInput {
  entries: readonly AuditEntry[];
  key: string;
  witnesses: readonly HeadWitness[];
  cases: ReadonlyArray<SnapshotSource & { id: string }>;
  /** At most this many problems are listed (the count of each kind is still right in the message). */
  maxProblems?: number;
}

export function verifyAudit(input: AuditInput): AuditVerdict {
  const { entries, key, witnesses } = input;
  const problems: AuditProblem[] = [];
  const chain = verifyChain(entries);
  if (!chain.ok) problems.push({ kind: 'chain', seq: chain.brokenAt, message: `entry ${chain.brokenAt}: ${chain.reason}` });

  const unsigned = entries.filter((e) => !macMatches(key, e.hash, e.mac));
  if (unsigned.length > 0) {
    const first = unsigned[0]!;
    const what = first.mac ? 'its MAC does not match: the entry was written or rewritten without the audit key' : 'it carries no MAC';
    problems.push({ kind: 'mac', seq: Number(first.seq), message: `entry ${first.seq}: ${what}${unsigned.length > 1 ? ` (${unsigned.length} entries fail this check)` : ''}` });
  }

  const bySeq = new Map(entries.map((e) => [Number(e.seq), e]));
  const last = entries.at(-1);
  for (const w of witnesses) {
    if (!w.head) {
      if (entries.length > 0) problems.push({ kind: 'head', message: `the ${w.source} holds no chain head although the database holds ${entries.length} entries` });
      continue;
    }
    const at = bySeq.get(w.head.seq);
    if (!at) problems.push({ kind: 'head', seq: Math.min(entries.length + 1, w.head.seq), message: `the chain ends at entry ${entries.length} but the ${w.source} records entry ${w.head.seq}: entries were deleted` });
    else if (at.hash !== w.head.hash) problems.push({ kind: 'head', seq: w.head.seq, message: `entry ${w.head.seq} has hash ${at.hash.slice(0, 12)}… but the ${w.source} records ${w.head.hash.slice(0, 12)}…: the chain was rewritten` });
  }

  const lastAfter = new Map<string, unknown>();
  for (const e of entries) lastAfter.set(e.caseId, e.after);
  const present = new Set<string>();
  for (const c of input.cases) {
    present.add(c.id);
    const after = lastAfter.get(c.id);
    if (after === undefined) {
      problems.push({ kind: 'case-state', caseId: c.id, message: `case ${c.id} has no audit entry` });
      continue;
    }
    const recorded = after === null ? null : caseSnapshot(after as SnapshotSource);
    const now = caseSnapshot(c);
    if (recorded === null || canonicalJson(recorded) !== canonicalJson(now)) {
      const fields = recorded === null ? ['(none recorded)'] : (Object.keys(now) as Array<keyof typeof now>).filter((k) => canonicalJson(now[k]) !== canonicalJson(recorded[k]));
      problems.push({ kind: 'case-state', caseId: c.id, message: `case ${c.id} differs from its last audit entry in ${fields.map((f) => `${f} (now ${JSON.stringify(now[f as keyof typeof now] ?? null)}, recorded ${JSON.stringify(recorded?.[f as keyof typeof now] ?? null)})`).join(', ')}` });
    }
  }
  for (const caseId of lastAfter.keys()) {
    if (!present.has(caseId)) problems.push({ kind: 'case-state', caseId, message: `case ${caseId} has audit entries but is not in the database: it was deleted` });
  }

  const firstBreak = problems.find((p) => p.seq !== undefined);
  const max = input.maxProblems ?? 100;
  return {
    ok: problems.length === 0,
    count: entries.length,
    headHash: last?.hash ?? null,
    ...(firstBreak ? { brokenAt: firstBreak.seq } : {}),
    ...(problems.length ? { reason: problems[0]!.message } : {}),
    problems: problems.length > max ? [...problems.slice(0, max), { kind: problems[max]!.kind, message: `... and ${problems.length - max} more problems` }] : problems,
    witnesses: [...witnesses],
    casesChecked: input.cases.length,
  };
}
