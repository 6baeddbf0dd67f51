/** Numbers for managers: case volume by week, district, department, class or status; false positives; coverage. */
import { Router } from 'express';
import { STATS_GROUP_BY, groupCaseStats, toCsv, falsePositiveRateFromDecisions, type CaseStatsRow } from '../../core/pipeline/stats/case-stats.ts';
import { checkCoverageRange, coverage } from '../../core/pipeline/flight-checks/coverage.compute.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { dayOrInstant, rangeEnd, rangeStart } from '../query/date-range.ts';

export const StatsQuery = z.object({
  groupBy: z.enum(STATS_GROUP_BY).default('week'),
  // A day (what a date input sends, read in local time, `to` inclusive) or an instant with offset.
  from: dayOrInstant.optional(),
  to: dayOrInstant.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const CoverageQuery = z.object({ from: dayOrInstant.optional(), to: dayOrInstant.optional() });

registry.registerPath({ method: 'get', path: '/api/v1/stats/cases', request: { query: StatsQuery }, responses: { 200: { description: '{groups:[{key,new,confirmed,dismissed,closed,open,overdue,medianHoursToClose}]} or CSV; groupBy=band splits visible and thermal' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/stats/false-positives', responses: { 200: { description: 'per class and model version' }, ...errorResponses(401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/coverage', request: { query: CoverageQuery }, responses: { 200: { description: 'share of each patrol-target zone covered per interval' }, ...errorResponses(400, 401, 403) } });

export function statsRouter(s: Services): Router {
  const router = Router();

  const statsRows = async (): Promise<CaseStatsRow[]> => {
    const departments = new Map((await s.geo.departments()).map((d) => [d.id, d.name]));
    const bands = new Map((await s.models.list()).map((m) => [m.id, m.band]));
    return (await s.cases.list({}, 1_000_000)).map((c) => ({
      id: c.id,
      class: c.class,
      status: c.status,
      district: c.district,
      departmentId: c.departmentId ? (departments.get(c.departmentId) ?? c.departmentId) : null,
      openedAt: c.openedAt,
      confirmedAt: c.confirmedAt,
      dismissedAt: c.dismissedAt,
      closedAt: c.closedAt,
      dueAt: c.dueAt,
      modelVersion: c.modelId,
      band: c.modelId ? (bands.get(c.modelId) ?? 'visible') : 'visible',
    }));
  };

  router.get('/stats/cases', async (req, res) => {
    const q = StatsQuery.parse(req.query);
    const offset = s.config.PHOTO_UTC_OFFSET_MIN;
    const groups = groupCaseStats(await statsRows(), q.groupBy, new Date(), { from: q.from && rangeStart(q.from, offset), to: q.to && rangeEnd(q.to, offset) });
    if (q.format === 'csv' || req.accepts(['json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="cases-by-${q.groupBy}.csv"`).send(toCsv(groups, { bom: true }));
      return;
    }
    res.json({ groupBy: q.groupBy, groups });
  });

  router.get('/stats/false-positives', async (_req, res) => {
    // From every decision made, so a dismissal still counts after its case reopened.
    res.json({ rows: falsePositiveRateFromDecisions(await s.cases.decisions({ actions: ['dismiss', 'confirm'] })) });
  });

  router.get('/coverage', async (req, res) => {
    const q = CoverageQuery.parse(req.query);
    const offset = s.config.PHOTO_UTC_OFFSET_MIN;
    // Without a period: the four weeks up to the latest patrol photo (not up to today, which after a quiet
    // month would show every zone at 0% and hide what was flown).
    const latest = q.to || q.from ? null : await s.images.latestFootprintAt();
    const to = q.to ? rangeEnd(q.to, offset) : latest ? new Date(Date.parse(latest) + 1000).toISOString() : new Date().toISOString();
    const from = q.from ? rangeStart(q.from, offset) : new Date(Date.parse(to) - 28 * 86_400_000).toISOString();
    const zones = (await s.geo.zones()).filter((z) => (z.properties.patrolIntervalDays ?? 0) > 0);
    // Checked before any footprint is loaded: a refused range costs nothing.
    checkCoverageRange(zones, from, to, s.config.COVERAGE_MAX_INTERVALS);
    const footprints = (await s.images.footprintsBetween(from, to)).map((f) => ({ polygon: f.footprint, capturedAt: f.capturedAt }));
    res.json({ from, to, rows: coverage(zones, footprints, from, to, s.config.COVERAGE_MAX_INTERVALS).map((r) => ({ ...r, zoneName: zones.find((z) => z.id === r.zoneId)?.properties.name ?? r.zoneId })) });
  });

  return router;
}
