/**
 * GET /api/v1/cases: the caller's cases filtered, searched, sorted and paged, or all of them (same
 * filters and order) as CSV. Officers see their own department; managers and admins all, or one by
 * `departmentId`. Without paging parameters the reply holds up to 5000 cases, as it always did.
 */
import type { Request, Response } from 'express';
import { caseJson } from '../../core/cases/case.view.ts';
import { CASE_STATUSES, SEVERITIES } from '../../core/domain.ts';
import { CASE_SORT_KEYS, type CaseListFilter, type CaseListSort, type CaseSortKey } from '../../core/db/repositories/case-list.repository.ts';
import { caseCsvHeader, caseCsvLines } from '../../core/pipeline/cases/case-list.csv.ts';
import { allowedActions, isOverdue } from '../../core/pipeline/cases/case-lifecycle.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { z } from '../openapi/registry.ts';
import { dayOrInstant, rangeEnd, rangeStart } from '../query/date-range.ts';

/** `a,b` or a repeated parameter, each value one of `values`. */
const listOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)).max(values.length)).optional();
const textList = z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.string().max(200)).max(50)).optional();
const sortValue = z.enum([...CASE_SORT_KEYS, ...CASE_SORT_KEYS.map((k) => `-${k}` as `-${CaseSortKey}`)] as [string, ...string[]]);

export const MAX_PAGE = 5000;

export const CaseQuery = z.object({
  status: listOf(CASE_STATUSES).describe('one or more statuses, comma-separated'),
  severity: listOf(SEVERITIES),
  class: textList,
  district: textList,
  departmentId: z.string().max(200).optional().describe('managers and admins only; officers always get their own'),
  enterpriseId: z.string().max(200).optional(),
  assignee: textList.describe('assignee values; `me` is the caller (by id or name)'),
  overdue: z.enum(['true', 'false']).optional(),
  from: dayOrInstant.optional().describe('opened on or after (a day in local time, or an instant)'),
  to: dayOrInstant.optional().describe('opened on or before (a whole day), or before an instant'),
  q: z.string().max(200).optional().describe('case number, enterprise name or note text'),
  sort: sortValue.default('-openedAt').describe(`${CASE_SORT_KEYS.join('|')}, '-' first for descending`),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
  format: z.enum(['json', 'csv']).default('json').describe('csv: every matching case (no paging), UTF-8 with BOM'),
  lang: z.enum(['zh', 'en']).default('zh').describe('language of the CSV words'),
});
export type CaseQuery = z.infer<typeof CaseQuery>;

/** The filter the query asks for, narrowed to what the caller may see. */
export function filterOf(q: CaseQuery, user: ReturnType<typeof currentUser>, offsetMin: number): CaseListFilter {
  const assignees = q.assignee?.flatMap((a) => (a === 'me' ? [user.id, user.name] : [a]));
  return {
    statuses: q.status,
    severities: q.severity,
    classes: q.class,
    districts: q.district,
    enterpriseId: q.enterpriseId,
    departmentId: user.role === 'officer' ? (user.departmentId ?? '(none)') : q.departmentId,
    assignees,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    from: q.from ? rangeStart(q.from, offsetMin) : undefined,
    to: q.to ? rangeEnd(q.to, offsetMin) : undefined,
    search: q.q,
  };
}

export const sortOf = (value: string): CaseListSort => ({ key: value.replace(/^-/, '') as CaseSortKey, descending: value.startsWith('-') });

export function listCases(s: Services) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = CaseQuery.parse(req.query);
    const user = currentUser(req);
    const now = new Date();
    const offsetMin = s.config.PHOTO_UTC_OFFSET_MIN;
    const filter = filterOf(q, user, offsetMin);
    const sort = sortOf(q.sort);
    if (q.format === 'csv') {
      const day = new Date(now.getTime() + offsetMin * 60_000).toISOString().slice(0, 10);
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="cases-${day}.csv"`);
      res.write(caseCsvHeader(q.lang, { bom: true }));
      for await (const rows of s.caseList.all(filter, sort, 1000, now)) {
        res.write(caseCsvLines(rows.map((c) => ({ ...c, overdue: isOverdue(c, now) })), q.lang, offsetMin));
      }
      res.end();
      return;
    }
    const [total, cases] = await Promise.all([s.caseList.count(filter, now), s.caseList.page(filter, sort, q.offset, q.limit, now)]);
    res.json({ total, offset: q.offset, limit: q.limit, cases: cases.map((c) => ({ ...caseJson(c, now), allowedActions: allowedActions(c, { id: user.id, role: user.role, departmentId: user.departmentId }, s.casesService.policy) })) });
  };
}
