/**
 * The audit trail's keeper: signs each entry with the audit key, moves the heads kept outside the
 * database after each commit, and runs the full verification (chain, MACs, heads, case states).
 */
import type { CasesRepository } from '../db/repositories/cases.repository.ts';
import type { Logger } from '../logger.ts';
import type { AuditEntry } from '../pipeline/audit/audit-chain.ts';
import { macOf } from '../pipeline/audit/audit-mac.ts';
import { verifyAudit, type AuditVerdict, type ChainHead } from '../pipeline/audit/audit-verify.ts';
import type { AuditHeadStore } from './audit-heads.store.ts';

export class AuditTrail {
  constructor(
    private readonly key: string,
    private readonly heads: AuditHeadStore,
    private readonly log: Logger,
  ) {}

  /** The entry with its MAC. */
  sign(entry: AuditEntry): AuditEntry {
    return { ...entry, mac: macOf(this.key, entry.hash) };
  }

  /**
   * Called after the transaction that wrote `head` committed. The change is already made, so a failure
   * here is logged rather than thrown: verification will then report the lagging head.
   */
  async committed(head: ChainHead): Promise<void> {
    try {
      await this.heads.record(head);
    } catch (error) {
      this.log.error({ err: error, head }, 'audit head could not be recorded outside the database');
    }
  }

  /** On start: a chain that already has entries gets heads where none are kept yet (said in the log). */
  async witnessExisting(cases: CasesRepository): Promise<void> {
    const last = await cases.lastAudit();
    if (!last) return;
    try {
      const written = await this.heads.recordWhereMissing({ seq: last.seq, hash: last.hash });
      if (written.length) this.log.warn(`audit chain head (entry ${last.seq}) recorded in ${written.join(' and ')}, where none was kept: from now on deleting entries is detected`);
    } catch (error) {
      // Redis may be out at start: the server runs on, and the next change records the heads.
      this.log.error({ err: error }, 'audit chain heads could not be checked at start');
    }
  }

  async verify(cases: CasesRepository): Promise<AuditVerdict> {
    const entries: AuditEntry[] = [];
    for await (const page of cases.auditChain()) entries.push(...page);
    const current = await cases.list({}, Number.MAX_SAFE_INTEGER);
    return verifyAudit({ entries, key: this.key, witnesses: await this.heads.witnesses(), cases: current });
  }
}
