/**
 * The case list's state lives in the hash (#/cases?status=open&q=...&page=2): the back button, a
 * reload and a shared link all show the same list. Pure: hash parameters in, API query out.
 */
import type { CaseStatus } from '../api/types.ts';

/** Statuses a case still needs work in ("open" in the status filter). */
export const OPEN_STATUSES: CaseStatus[] = ['new', 'confirmed', 'dispatched', 'rectified', 'verified'];
export const SORTS = ['-openedAt', 'openedAt', 'dueAt', '-severity', '-updatedAt', 'status', 'caseNo'] as const;
export const PAGE_SIZES = [20, 50, 100] as const;

export interface CaseListState {
  status: string; // '' | 'open' | a status
  severity: string;
  class: string;
  district: string;
  enterpriseId: string;
  mine: boolean;
  overdue: boolean;
  from: string; // YYYY-MM-DD
  to: string;
  q: string;
  sort: (typeof SORTS)[number];
  page: number; // 1-based
  size: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Read the state from the hash's parameters, dropping what is not valid. */
export function readState(p: URLSearchParams): CaseListState {
  const sort = p.get('sort') ?? '';
  const size = Number(p.get('size'));
  const page = Number(p.get('page'));
  const day = (k: string) => (DAY.test(p.get(k) ?? '') ? p.get(k)! : '');
  return {
    status: p.get('status') ?? '',
    severity: p.get('severity') ?? '',
    class: p.get('class') ?? '',
    district: p.get('district') ?? '',
    enterpriseId: p.get('enterpriseId') ?? '',
    mine: p.get('mine') === '1',
    overdue: p.get('overdue') === '1',
    from: day('from'),
    to: day('to'),
    q: p.get('q') ?? '',
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as CaseListState['sort']) : '-openedAt',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
  };
}

/** The hash for a state (defaults left out, so a plain list is just #/cases). */
export function stateHash(s: CaseListState): string {
  const p = new URLSearchParams();
  const put = (k: string, v: string | number | boolean, dflt: string | number | boolean) => {
    if (v !== dflt) p.set(k, typeof v === 'boolean' ? '1' : String(v));
  };
  put('status', s.status, '');
  put('severity', s.severity, '');
  put('class', s.class, '');
  put('district', s.district, '');
  put('enterpriseId', s.enterpriseId, '');
  put('mine', s.mine, false);
  put('overdue', s.overdue, false);
  put('from', s.from, '');
  put('to', s.to, '');
  put('q', s.q.trim(), '');
  put('sort', s.sort, '-openedAt');
  put('page', s.page, 1);
  put('size', s.size, PAGE_SIZES[0]);
  const qs = p.toString();
  return `#/cases${qs ? `?${qs}` : ''}`;
}

/** The API's filter parameters for a state (GET /cases and its CSV take the same). */
export function apiFilter(s: CaseListState): Record<string, string | undefined> {
  return {
    status: s.status === 'open' ? OPEN_STATUSES.join(',') : s.status || undefined,
    severity: s.severity || undefined,
    class: s.class || undefined,
    district: s.district || undefined,
    enterpriseId: s.enterpriseId || undefined,
    assignee: s.mine ? 'me' : undefined,
    overdue: s.overdue ? 'true' : undefined,
    from: s.from || undefined,
    to: s.to || undefined,
    q: s.q.trim() || undefined,
    sort: s.sort,
  };
}
