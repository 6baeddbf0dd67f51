/**
 * The DJI Cloud API message envelope (DJI-CLOUD-API.md §1): tid (one transaction), bid (one business
 * flow), timestamp (ms), gateway, method, data; events add need_reply. Parsing is lenient where docks
 * differ (numbers sent as strings) and strict where a wrong value could do harm (ids, sizes).
 */
import { z } from 'zod';

export const envelopeSchema = z.object({
  tid: z.string().trim().min(1).max(128),
  bid: z.string().trim().min(1).max(128),
  timestamp: z.coerce.number().int().nonnegative(),
  gateway: z.string().max(64).optional(),
  method: z.string().trim().min(1).max(64).optional(),
  need_reply: z.coerce.number().int().optional(),
  data: z.unknown(),
});

export type DjiEnvelope = z.infer<typeof envelopeSchema>;

export type EnvelopeResult = { ok: true; envelope: DjiEnvelope } | { ok: false; reason: 'too_large' | 'not_json' | 'bad_envelope'; detail: string };

export function parseEnvelope(payload: Uint8Array, maxBytes: number): EnvelopeResult {
  if (payload.byteLength > maxBytes) return { ok: false, reason: 'too_large', detail: `${payload.byteLength} bytes, over the limit of ${maxBytes}` };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'bad_envelope', detail: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { ok: true, envelope: parsed.data };
}

/** The reply DJI expects: the same tid, bid and method, a fresh timestamp, data.result (0 = OK) and any output. */
export function replyEnvelope(to: DjiEnvelope, result: number, output?: unknown, now = Date.now()) {
  return {
    tid: to.tid,
    bid: to.bid,
    timestamp: now,
    ...(to.gateway ? { gateway: to.gateway } : {}),
    method: to.method,
    data: output === undefined ? { result } : { result, output },
  };
}
