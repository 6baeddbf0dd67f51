/**
 * Analyze: put the photo and its detections on the ground, hold back boxes of a size their class cannot
 * have, check the rest against zones and rules, and hand the flagged ones to the cases service, which
 * commits the photo's findings, cases, sightings, audit entries and the alerts they owe in ONE
 * transaction (so a retry after a crash anywhere leaves the rows of one clean run). What is written
 * before it (ground positions, footprint) is overwritten the same way on a retry.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { RuleForCase } from '../../core/cases/cases.service.ts';
import type { JobName } from '../../core/jobs.ts';
import { type JobData } from '../../core/jobs.ts';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import type { Rule } from '../../core/pipeline/geofence/zone.types.ts';
import { cameraFromMeta } from '../../core/pipeline/camera/camera.model.ts';
import { placeDetections } from '../../core/pipeline/camera/detection.placement.ts';
import { checkDetectionSize, groundSizeRangesFor, holdsBack } from '../../core/pipeline/camera/ground-size.check.ts';
import { imageFootprint } from '../../core/pipeline/camera/footprint.projection.ts';
import { placeFinding } from '../../core/pipeline/geofence/finding.place.ts';
import type { Services } from '../../core/services.ts';
import type { ZoneIndexCache } from '../zone-index.cache.ts';
import { withImageFailure } from './image-failure.ts';
import { announceMission } from './announce.ts';

export const analyzeImage = (s: Services, zoneIndex: ZoneIndexCache) => {
  return async (job: Job<JobData<JobName.AnalyzeImage>>) => {
    const { imageId } = job.data;
    const image = await s.images.get(imageId);
    if (!image) throw new UnrecoverableError(`image ${imageId} not found`);
    if (!image.meta) throw new UnrecoverableError(`image ${imageId} has no metadata yet (ingest first)`);
    return withImageFailure(s, job, imageId, async () => {
      const meta = image.meta!;
      const modelId = await s.detections.latestModelFor(imageId);
      const detections = modelId ? await s.detections.forImage(imageId, modelId) : [];
      const { camera } = cameraFromMeta(meta);
      const footprint = camera ? imageFootprint(camera) : null;
      await s.images.setFootprint(imageId, footprint);
      const placed = placeDetections(camera, detections);
      const model = modelId ? await s.models.get(modelId) : null;
      const sizeRanges = groundSizeRangesFor(model?.manifest);
      const index = await zoneIndex.current();
      const rules = (await s.geo.rules()) as Rule[];
      const flagged: Array<{ finding: Omit<Finding, 'createdAt' | 'caseId'>; rule: RuleForCase }> = [];
      for (const [i, det] of placed.entries()) {
        const record = detections[i]!;
        const { groundSizeM, sizeCheck: verdict } = checkDetectionSize(camera, det, sizeRanges);
        const sizeCheck = s.config.GROUND_SIZE_CHECK ? verdict : null;
        await s.detections.setGround(record.id, { ...det, groundSizeM, sizeCheck });
        // Kept on record with its size, but a box no such object could fill is not a finding.
        if (holdsBack(sizeCheck)) continue;
        const placement = placeFinding(det, index, rules, { enterpriseMaxDistanceM: s.config.ENTERPRISE_NEAREST_M });
        if (!placement.rule) continue;
        flagged.push({
          finding: {
            id: record.id,
            detectionId: record.id,
            imageId,
            missionId: image.missionId,
            class: det.class,
            score: det.score,
            severity: placement.rule.severity,
            violation: placement.rule.violation,
            lat: det.lat,
            lon: det.lon,
            zones: placement.zones,
            district: placement.district?.name ?? null,
            enterpriseId: placement.enterpriseId,
            departmentId: placement.departmentId,
            modelId: record.modelId,
            capturedAt: meta.capturedAt,
          },
          rule: placement.rule,
        });
      }
      const { outcomes, verified } = await s.casesService.commitPhotoAnalysis({
        image: { id: imageId, capturedAt: meta.capturedAt, footprint },
        findings: flagged,
        detectedClasses: detections.map((d) => d.class),
      });
      await announceMission(s, image.missionId);
      return { placed: camera !== null, findings: flagged.length, newCases: outcomes.filter((o) => o.kind === 'new').length, verified: verified.length };
    });
  };
};
