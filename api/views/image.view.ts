/** The JSON of an image as API.md gives it. */
import type { ImageRecord } from '../../core/db/repositories/images.repository.ts';
import type { Services } from '../../core/services.ts';

export async function imageView(s: Services, image: ImageRecord) {
  const detections = await s.detections.forImage(image.id);
  // The other photos of the same shot (a _W/_T pair): the case panel shows them side by side.
  const shot = await s.images.shotMates(image);
  const m = image.meta;
  return {
    id: image.id,
    missionId: image.missionId,
    filename: image.filename,
    sha256: image.sha256,
    size: image.size,
    status: image.status,
    ...(image.error ? { error: image.error } : {}),
    noPosition: m !== null && (m.lat === null || m.lon === null),
    meta: m && {
      capturedAt: m.capturedAt,
      lat: m.lat,
      lon: m.lon,
      absAlt: m.absAlt,
      relAlt: m.relAlt,
      gimbalPitch: m.gimbalPitch,
      gimbalYaw: m.gimbalYaw,
      gimbalRoll: m.gimbalRoll,
      flightYaw: m.flightYaw,
      make: m.make,
      model: m.model,
      width: m.width,
      height: m.height,
      focal35: m.focal35,
      focalLength: m.focalLength,
      positionSource: m.positionSource,
      imageSource: m.imageSource ?? null,
      bandReason: m.bandReason ?? null,
      camera: m.camera ?? null,
      thermal: m.thermal ?? null,
    },
    band: image.band,
    shot: shot.map((o) => ({ id: o.id, filename: o.filename, band: o.band, status: o.status })),
    ...(image.footprint ? { footprint: image.footprint } : {}),
    detections: detections.map((d) => ({ id: d.id, class: d.class, score: d.score, bbox: d.bbox, lat: d.lat, lon: d.lon, uncertaintyM: d.uncertaintyM, groundSizeM: d.groundSizeM, sizeCheck: d.sizeCheck, decodeScale: d.decodeScale, maxTempC: d.maxTempC ?? null, modelVersion: d.modelId, modelSha256: d.modelSha256 })),
  };
}
