/**
 * The evidence package (证据包) of a case, streamed as a zip: the original photos byte-for-byte, annotated
 * copies, metadata, the place as GeoJSON, the case and its audited history, and a manifest with the
 * SHA-256 of every file and the model that flagged it. Nothing is built whole in memory but the small
 * generated files.
 */
import { createHash } from 'node:crypto';
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import { caseJson } from '../../core/cases/case.view.ts';
import type { CaseRecord } from '../../core/db/repositories/cases.repository.ts';
import type { Services } from '../../core/services.ts';
import { annotate } from '../../models/inference/annotate.ts';
import type { ModelManifest } from '../../models/inference/manifest.schema.ts';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export async function streamEvidencePackage(s: Services, c: CaseRecord, res: Response): Promise<void> {
  const findings = await s.findings.forCase(c.id);
  const images = await s.images.listByIds([...new Set(findings.map((f) => f.imageId))]);
  const history = await s.cases.auditFor(c.id);
  const chainHead = await s.cases.lastAudit();
  const models = await Promise.all([...new Set(findings.map((f) => f.modelId))].map((id) => s.models.get(id)));
  const attachments = await s.db.kysely.selectFrom('attachments').selectAll().where('case_id', '=', c.id).execute();

  const files: Array<{ path: string; sha256: string; bytes: number; what: string }> = [];
  const zip = new ZipArchive({ zlib: { level: 6 } });
  res.status(200).type('application/zip').set('Content-Disposition', `attachment; filename="evidence-${c.caseNo}.zip"`);
  zip.on('warning', (error) => s.log.warn({ err: error }, 'evidence zip warning'));
  zip.on('error', (error) => {
    s.log.error({ err: error, caseId: c.id }, 'evidence zip failed');
    res.destroy(error);
  });
  zip.pipe(res);

  const addGenerated = (path: string, content: Buffer | string, what: string) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    files.push({ path, sha256: sha256(bytes), bytes: bytes.length, what });
    zip.append(bytes, { name: path });
  };

  const packedOriginals = new Set<string>();
  for (const image of images) {
    const ext = image.contentType === 'image/jpeg' ? 'jpg' : image.contentType.split('/')[1] ?? 'bin';
    // Originals are content-addressed: the stored hash is the hash of these exact bytes. The same photo
    // uploaded in two missions is one original with two metadata files.
    if (!packedOriginals.has(image.sha256)) {
      packedOriginals.add(image.sha256);
      files.push({ path: `originals/${image.sha256}.${ext}`, sha256: image.sha256, bytes: image.size, what: `original photo ${image.filename}` });
      zip.append(await s.blobs.read(image.sha256), { name: `originals/${image.sha256}.${ext}` });
    }
    const detections = await s.detections.forImage(image.id);
    const model = models.find((m) => m && detections.some((d) => d.modelId === m.id));
    // Boxes filed as findings in their severity's colour, as on the map and in the case panel.
    const severity = new Map((await s.findings.forImage(image.id)).map((f) => [f.detectionId, f.severity]));
    const drawn = detections.map((d) => ({ ...d, severity: severity.get(d.id) ?? null }));
    const annotated = await s.blobs.withLocalFile(image.sha256, (file) => annotate(file, drawn, { manifest: model?.manifest as Pick<ModelManifest, 'classes'> | undefined, maxEdge: s.config.ANNOTATE_MAX_EDGE, maxInputPixels: s.config.MAX_IMAGE_PIXELS }));
    addGenerated(`annotated/${image.id}.jpg`, annotated, `annotated copy of ${image.filename} (mission ${image.missionId})`);
    addGenerated(`metadata/${image.id}.json`, JSON.stringify({ imageId: image.id, missionId: image.missionId, filename: image.filename, sha256: image.sha256, size: image.size, meta: image.meta, footprint: image.footprint, detections }, null, 2), `pose and detections of ${image.filename} (mission ${image.missionId})`);
  }
  for (const a of attachments) {
    files.push({ path: `site-photos/${a.sha256}-${a.filename}`, sha256: a.sha256, bytes: (await s.blobs.size(a.sha256)) ?? 0, what: `site photo (audit entry ${a.audit_seq ?? 'none'})` });
    zip.append(await s.blobs.read(a.sha256), { name: `site-photos/${a.sha256}-${a.filename}` });
  }
  const place = {
    type: 'FeatureCollection',
    features: [
      ...(c.lat !== null && c.lon !== null ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { role: 'case', id: c.id, caseNo: c.caseNo, class: c.class } }] : []),
      ...findings.filter((f) => f.lat !== null).map((f) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [f.lon, f.lat] }, properties: { role: 'finding', id: f.id, capturedAt: f.capturedAt, zones: f.zones } })),
      ...images.filter((i) => i.footprint).map((i) => ({ type: 'Feature', geometry: i.footprint, properties: { role: 'photo footprint', imageId: i.id } })),
    ],
  };
  addGenerated('place.geojson', JSON.stringify(place, null, 2), 'the case position, its findings and the photo footprints (WGS84)');
  addGenerated('case.json', JSON.stringify({ case: caseJson(c), findings }, null, 2), 'the case and its findings');
  addGenerated('history.json', JSON.stringify(history, null, 2), 'audit entries of this case, each hash-chained to its predecessor in the global chain');
  const manifest = {
    caseId: c.id,
    caseNo: c.caseNo,
    generatedAt: new Date().toISOString(),
    models: models.filter(Boolean).map((m) => ({ id: m!.id, name: m!.name, version: m!.version, sha256: m!.sha256 })),
    auditChainHead: chainHead ? { seq: chainHead.seq, hash: chainHead.hash } : null,
    files,
  };
  zip.append(JSON.stringify(manifest, null, 2), { name: 'manifest.json' });
  await zip.finalize();
}
