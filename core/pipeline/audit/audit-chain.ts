/**
 * The audit trail of cases: every change is an entry (who, role, when, action, note, the case before and
 * after) whose SHA-256 covers its predecessor's hash, so editing, deleting or reordering an entry breaks
 * the chain from there on. The functions work the same for one chain of all cases or one chain per case
 * (seq 1, 2, ... either way); per case, an evidence package carries a chain that verifies on its own.
 *
 * The chain shows tampering by someone who cannot recompute it; someone who can rewrite every later
 * entry, or drop the last ones, is caught only against a head kept elsewhere (`expectedHead`, e.g. the
 * head hash written into an exported evidence manifest).
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../../errors.ts';
import type { CaseEvent } from '../cases/case-lifecycle.ts';
import { parseInstant } from '../cases/case-input.ts';
import { canonicalJson } from './canonical-json.ts';

/** The predecessor of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry records. `before`/`after` are JSON-able case snapshots (null when there was none). */
export interface AuditEntryInput {
  caseId: string;
  actorId: string;
  actorRole: string;
  /** ISO-8601; a Date (PostgreSQL timestamptz) or an ISO string with any offset hashes the same as its UTC `toISOString()`. */
  at: string | Date;
  action: string;
  note: string | null;
  before: unknown;
  after: unknown;
}

/** A stored entry. `seq` starts at 1 and runs without gaps; a bigint column read back as a string is accepted. */
export interface AuditEntry extends AuditEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
  /** HMAC of `hash` under the audit key (audit-mac.ts); null on entries read back from before keying. */
  mac?: string | null;
}

export type ChainCheck = { ok: true; count: number; headHash: string } | { ok: false; brokenAt: number; reason: string };

function seqOf(seq: number | string): number {
  const n = Number(seq);
  if (!Number.isSafeInteger(n) || n < 1) throw new BadInputError('bad_seq', `audit seq must be a positive integer, got ${String(seq)}`);
  return n;
}

/**
 * SHA-256 (hex) of the canonical JSON of the entry's recorded fields plus `prevHash`. Only the fields
 * named here are hashed, so extra columns a repository adds (row id, created_at) do not matter, and
 * absent values are normalised (undefined note -> null, `at` -> UTC ISO with milliseconds).
 */
export function hashEntry(prevHash: string, entry: AuditEntryInput & { seq: number | string }): string {
  const content = {
    prevHash, seq: seqOf(entry.seq), caseId: entry.caseId, actorId: entry.actorId, actorRole: entry.actorRole,
    at: parseInstant(entry.at, 'at').toISOString(), action: entry.action, note: entry.note ?? null,
    before: entry.before ?? null, after: entry.after ?? null,
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The next entry after `prev` (null for a case's first), with its seq, prevHash and hash filled in. */
export function appendEntry(prev: Pick<AuditEntry, 'seq' | 'hash'> | null, input: AuditEntryInput): AuditEntry {
  const seq = prev ? seqOf(prev.seq) + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  const entry = { ...input, at: parseInstant(input.at, 'at').toISOString(), note: input.note ?? null, seq, prevHash };
  return { ...entry, hash: hashEntry(prevHash, entry) };
}

/** The audit fields of a lifecycle event (`applyCaseAction`), with the case before and after. */
export function auditInputFromEvent(caseId: string, event: CaseEvent, before: unknown, after: unknown): AuditEntryInput {
  return { caseId, actorId: event.actorId, actorRole: event.actorRole, at: event.at, action: event.action, note: event.note, before, after };
}

/** The entry's hash from its content, or null where the content cannot even be hashed (a mangled `at`). */
function contentHash(e: AuditEntry): string | null {
  try {
    return hashEntry(e.prevHash, e);
  } catch {
    return null;
  }
}

/**
 * Checks a chain given in seq order: seq runs 1, 2, 3 ... without gaps, each prevHash is its
 * predecessor's hash (genesis for the first), each hash matches its content, and, when given, the last
 * entry is `expectedHead`. Reports the seq of the first entry that fails and why.
 */
export function verifyChain(entries: readonly AuditEntry[], opts: { expectedHead?: { seq: number; hash: string } } = {}): ChainCheck {
  let prevHash = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    const seq = Number(e.seq);
    if (seq !== i + 1) return { ok: false, brokenAt: seq, reason: `expected seq ${i + 1}, found ${String(e.seq)}: an entry is missing or out of order` };
    if (e.prevHash !== prevHash) return { ok: false, brokenAt: seq, reason: `prevHash does not match the hash of entry ${seq - 1}` };
    if (contentHash(e) !== e.hash) return { ok: false, brokenAt: seq, reason: 'hash does not match the entry content: the entry was changed' };
    prevHash = e.hash;
  }
  const head = opts.expectedHead;
  if (head && (entries.length !== head.seq || prevHash !== head.hash)) {
    return { ok: false, brokenAt: Math.min(entries.length + 1, head.seq), reason: `chain ends at seq ${entries.length}, expected head seq ${head.seq} with hash ${head.hash}` };
  }
  return { ok: true, count: entries.length, headHash: prevHash };
}
