/** Findings on the map: a GeoJSON FeatureCollection filtered by bbox, class, severity, status and time. */
import { Router } from 'express';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { departmentScope } from '../access/department-scope.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { text } from '../text-fields.ts';

const bboxSchema = z
  .string()
  .transform((v) => v.split(',').map(Number))
  .refine((v) => v.length === 4 && v.every(Number.isFinite) && v[0]! <= v[2]! && v[1]! <= v[3]!, 'bbox is minLon,minLat,maxLon,maxLat')
  .transform((v) => v as [number, number, number, number]);

export const FindingsQuery = z.object({
  bbox: bboxSchema.optional(),
  class: text.id().optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  status: text.id().optional(),
  district: text.id().optional(),
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).optional(),
});

registry.registerPath({ method: 'get', path: '/api/v1/findings', request: { query: FindingsQuery }, responses: { 200: { description: 'GeoJSON FeatureCollection of Points' }, ...errorResponses(400, 401, 403) } });

export function findingsRouter(s: Services): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = FindingsQuery.parse(req.query);
    const scope = departmentScope(currentUser(req));
    const rows = scope.kind === 'none' ? [] : await s.findings.search({ ...q, ...(scope.kind === 'department' ? { departmentId: scope.departmentId } : {}) });
    res.json({
      type: 'FeatureCollection',
      features: rows
        .filter((f) => f.lat !== null && f.lon !== null)
        .map((f) => ({
          type: 'Feature',
          id: f.id,
          geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
          properties: {
            id: f.id,
            caseId: f.caseId,
            caseStatus: f.caseStatus,
            caseNo: f.caseNo,
            caseSeverity: f.caseSeverity,
            class: f.class,
            score: f.score,
            severity: f.severity,
            violation: f.violation,
            zones: f.zones,
            district: f.district,
            enterpriseId: f.enterpriseId,
            departmentId: f.departmentId,
            imageId: f.imageId,
            missionId: f.missionId,
            modelVersion: f.modelId,
            capturedAt: f.capturedAt,
          },
        })),
    });
  });
  return router;
}
