/**
 * Cases: list, detail with findings, images and history, lifecycle actions (409 from the wrong state,
 * 403 for the wrong role or department), site-photo attachments and the evidence package.
 */
import { Router, type Request } from 'express';
import { caseJson } from '../../core/cases/case.view.ts';
import { CASE_ACTIONS } from '../../core/domain.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { CaseRecord } from '../../core/db/repositories/cases.repository.ts';
import type { User } from '../../core/db/repositories/users.repository.ts';
import { allowedActions, type CaseActor } from '../../core/pipeline/cases/case-lifecycle.ts';
import { parseCaseNumber } from '../../core/pipeline/cases/case-number.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { assertMaySeeDepartment } from '../access/department-scope.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { CaseQuery, listCases } from './case-list.handler.ts';
import { uploadRateLimit } from '../rate-limits.ts';
import { text } from '../text-fields.ts';
import { streamEvidencePackage } from '../evidence/evidence-package.ts';
import { keepChecked } from '../upload/keep-checked.ts';
import { receiveFiles } from '../upload/multipart.ts';
import { checkImageFile } from '../upload/check-image-file.ts';
import { sendBlob } from '../send-blob.ts';

export const CaseActionSchema = registry.register(
  'CaseAction',
  z.object({
    action: z.enum(CASE_ACTIONS),
    note: text.note().optional(),
    reason: text.note().optional(),
    /** A user id of the case's department (GET /cases/{id}/assignees); 400 otherwise. */
    assignee: text.name().optional(),
    /** Omitted on dispatch: the rule's rectification period from now. Set it only to change the deadline on purpose. */
    dueAt: z.string().datetime({ offset: true }).optional(),
    attachmentIds: text.ids().max(20).optional(),
  }),
);
const CaseParams = z.object({ id: z.string() });

registry.registerPath({ method: 'get', path: '/api/v1/cases', request: { query: CaseQuery }, responses: { 200: { description: '{total, offset, limit, cases} or CSV (format=csv)' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/cases/{id}', request: { params: CaseParams }, responses: { 200: { description: 'case with findings, images and history; {id} is the case id or its number (DY-2026-000123)' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({
  method: 'post',
  path: '/api/v1/cases/{id}/actions',
  request: { params: CaseParams, body: { content: { 'application/json': { schema: CaseActionSchema } } } },
  responses: { 200: { description: 'the updated case' }, ...errorResponses(400, 401, 403, 404, 409) },
});
registry.registerPath({ method: 'get', path: '/api/v1/cases/{id}/assignees', request: { params: CaseParams }, responses: { 200: { description: "{assignees:[{id,name,role,departmentId}]}: the case department's people a dispatch may name" }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'get', path: '/api/v1/cases/{id}/evidence.zip', request: { params: CaseParams }, responses: { 200: { description: 'evidence package (zip)' }, ...errorResponses(401, 403, 404) } });

export const actorOf = (user: User): CaseActor => ({ id: user.id, role: user.role, departmentId: user.departmentId });

/** Officers see their own department's cases (none without a department); managers and admins see all. */
export function assertMayView(user: User, c: CaseRecord): void {
  assertMaySeeDepartment(user, c.departmentId, `case ${c.id}`);
}

export function casesRouter(s: Services): Router {
  const router = Router();
  const service = s.casesService;

  const caseOr404 = async (req: Request): Promise<CaseRecord> => {
    const id = idOf(req);
    // A case number read out on the phone (DY-2026-000123) finds the case as well as its id.
    const c = parseCaseNumber(id) ? await s.cases.getByNumber(id) : await s.cases.get(id);
    if (!c) throw new NotFoundError('case', id);
    assertMayView(currentUser(req), c);
    return c;
  };

  router.get('/', listCases(s));

  router.get('/:id', async (req, res) => {
    const c = await caseOr404(req);
    const findings = await s.findings.forCase(c.id);
    const images = await s.images.listByIds([...new Set(findings.map((f) => f.imageId))]);
    const history = await s.cases.auditFor(c.id);
    const decisions = await s.cases.decisions({ caseId: c.id });
    const attachments = await s.db.kysely.selectFrom('attachments').selectAll().where('case_id', '=', c.id).orderBy('created_at').execute();
    const enterprise = c.enterpriseId ? await s.geo.enterprise(c.enterpriseId) : null;
    // People are shown by name; the id stays on record (the system and removed accounts have no name).
    const actorIds = [...new Set([...history.map((h) => h.actorId), ...decisions.map((d) => d.actorId)])];
    const names = new Map((await Promise.all(actorIds.map((id) => s.users.byId(id)))).flatMap((u) => (u ? [[u.id, u.name] as const] : [])));
    res.json({
      case: { ...caseJson(c), allowedActions: allowedActions(c, actorOf(currentUser(req)), service.policy) },
      enterprise,
      findings,
      images: await Promise.all(
        images.map(async (i) => ({
          ...{ id: i.id, missionId: i.missionId, filename: i.filename, sha256: i.sha256, capturedAt: i.capturedAt, meta: i.meta, footprint: i.footprint },
          // the other photos of the same shot (a _W/_T pair), shown beside the evidence photo
          band: i.band,
          shot: (await s.images.shotMates(i)).map((o) => ({ id: o.id, filename: o.filename, band: o.band })),
        })),
      ),
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256, auditSeq: a.audit_seq, createdAt: a.created_at })),
      // Every decision ever made on the case, earlier cycles included (a reopening overwrites none).
      decisions: decisions.map((d) => ({ seq: d.auditSeq, at: d.at, actor: d.actorId, actorName: names.get(d.actorId) ?? null, role: d.actorRole, action: d.action, note: d.note, cycle: d.cycle })),
      history: history.map((h) => ({ seq: h.seq, at: h.at, actor: h.actorId, actorName: names.get(h.actorId) ?? null, role: h.actorRole, action: h.action, note: h.note, from: (h.before as { status?: string } | null)?.status ?? null, to: (h.after as { status?: string } | null)?.status ?? null, hash: h.hash })),
    });
  });

  router.post('/:id/actions', async (req, res) => {
    const c = await caseOr404(req);
    const body = CaseActionSchema.parse(req.body);
    const { case: updated } = await service.act(c.id, body.action, actorOf(currentUser(req)), body);
    if (body.attachmentIds?.length) {
      const last = (await s.cases.auditFor(c.id)).at(-1);
      await s.db.kysely.updateTable('attachments').set({ audit_seq: last?.seq ?? null }).where('case_id', '=', c.id).where('id', 'in', body.attachmentIds).where('audit_seq', 'is', null).execute();
    }
    res.json({ ...caseJson(updated), allowedActions: allowedActions(updated, actorOf(currentUser(req)), service.policy) });
  });

  // Who a case may be dispatched to: the people of its department who work cases.
  router.get('/:id/assignees', async (req, res) => {
    const c = await caseOr404(req);
    res.json({ assignees: await s.users.caseWorkers(c.departmentId) });
  });

  router.post('/:id/attachments', uploadRateLimit(s), async (req, res) => {
    const c = await caseOr404(req);
    const user = currentUser(req);
    const { results } = await receiveFiles(req, { fields: ['files', 'file'], maxBytes: s.config.MAX_UPLOAD_BYTES, maxFiles: 20 }, async (stream, part) => {
      const { value: type, staged } = await keepChecked(s.blobs, stream, part, s.config.MAX_UPLOAD_BYTES, (file) => checkImageFile(file.tmpPath, file.size, s.config.MAX_IMAGE_PIXELS));
      const id = crypto.randomUUID();
      await s.db.kysely
        .insertInto('attachments')
        .values({ id, case_id: c.id, sha256: staged.sha256, filename: part.filename, content_type: `image/${type}`, audit_seq: null, uploaded_by: user.id, created_at: new Date().toISOString() })
        .execute();
      return { id, filename: part.filename, sha256: staged.sha256 };
    });
    res.status(201).json({ attachments: results });
  });

  router.get('/:id/attachments/:attachmentId', async (req, res) => {
    const c = await caseOr404(req);
    const row = await s.db.kysely.selectFrom('attachments').selectAll().where('case_id', '=', c.id).where('id', '=', String(req.params.attachmentId)).executeTakeFirst();
    if (!row) throw new NotFoundError('attachment', String(req.params.attachmentId));
    res.type(row.content_type);
    await sendBlob(s.blobs, row.sha256, res);
  });

  router.get('/:id/evidence.zip', async (req, res) => {
    const c = await caseOr404(req);
    await streamEvidencePackage(s, c, res);
  });

  return router;
}
