/** The JSON of a case for the API and live events: the record plus what is derived (overdue). */
import type { CaseRecord } from '../db/repositories/cases.repository.ts';
import { isOverdue } from '../pipeline/cases/case-lifecycle.ts';

export const caseJson = (c: CaseRecord, now = new Date()) => ({ ...c, overdue: isOverdue(c, now) });
