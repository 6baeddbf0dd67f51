/**
 * What the bridge does with each kind of dock message, once the message is parsed and its dock known.
 * Each handler returns the reply to publish (or null) and never throws for bad input: a malformed
 * message is logged once and answered, where DJI expects an answer, with a non-zero result.
 */
import type { DockRecord } from '../../core/db/repositories/docks.repository.ts';
import type { DjiEnvelope } from '../../core/pipeline/dock/dji-envelope.ts';
import { osdPosition } from '../../core/pipeline/dock/dock-osd.ts';
import { parseFlightProgress, progressApplies } from '../../core/pipeline/dock/flight-progress.ts';
import { parseHmsList } from '../../core/pipeline/dock/hms-list.ts';
import { parseMediaEvent } from '../../core/pipeline/dock/media-event.ts';
import { parseTopology } from '../../core/pipeline/dock/topo-status.ts';
import type { Services } from '../../core/services.ts';
import { missionView } from '../views/mission.view.ts';
import { dockView } from '../views/dock.view.ts';
import { receiveDockMedia, type DockBucket } from './dock-media.ts';
import type { DockStorage } from './dock-storage.ts';
import type { LogOnce } from './log-once.ts';

export interface DockContext {
  s: Services;
  bucket: DockBucket;
  storage: DockStorage;
  logOnce: LogOnce;
}

/** A reply's data.result; 0 = OK (DJI-CLOUD-API.md §1). Non-zero codes are ours, documented in docs/docks.md. */
export const RESULT = { ok: 0, badData: 1, notSupported: 2, missingObject: 3, refused: 4, failed: 5 } as const;
export type Reply = { result: number; output?: unknown } | null;

/** Requests DJI says must be answered, where `{result: 0}` is enough (DJI-CLOUD-API.md §9). */
const ACK_REQUESTS = new Set(['flight_areas_get', 'offline_map_get']);
/** Events that only need acknowledging here. */
const ACK_EVENTS = new Set(['highest_priority_upload_flighttask_media', 'flighttask_ready', 'device_exit_homing_notify', 'return_home_info']);

export async function onRequest(ctx: DockContext, dock: DockRecord, env: DjiEnvelope): Promise<Reply> {
  if (env.method === 'storage_config_get') {
    try {
      return { result: RESULT.ok, output: await ctx.storage.configFor(dock.serial!) };
    } catch (error) {
      ctx.s.log.error({ err: error, dock: dock.serial }, 'storage_config_get: could not issue storage keys');
      return { result: RESULT.failed };
    }
  }
  if (env.method === 'config') return configReply(ctx, dock);
  if (env.method && ACK_REQUESTS.has(env.method)) return { result: RESULT.ok };
  ctx.logOnce.warn(`method:${dock.serial}:${env.method}`, { dock: dock.serial, method: env.method }, 'dock request not supported; answered with result 2');
  return { result: RESULT.notSupported };
}

/**
 * The first thing a dock asks (DJI-CLOUD-API.md §5): the app credentials from DJI's developer site it
 * checks its licence with, and an NTP server. Without them configured the dock is told "not supported".
 */
function configReply(ctx: DockContext, dock: DockRecord): Reply {
  const c = ctx.s.config;
  if (!c.DJI_APP_ID || !c.DJI_APP_KEY || !c.DJI_APP_LICENSE) {
    ctx.logOnce.warn(`config:${dock.serial}`, { dock: dock.serial }, 'dock asked for its app licence; DJI_APP_ID, DJI_APP_KEY and DJI_APP_LICENSE are not set');
    return { result: RESULT.notSupported };
  }
  const appId = /^\d+$/.test(c.DJI_APP_ID) ? Number(c.DJI_APP_ID) : c.DJI_APP_ID;
  return { result: RESULT.ok, output: { app_id: appId, app_key: c.DJI_APP_KEY, app_license: c.DJI_APP_LICENSE, ...(c.DOCK_NTP_SERVER ? { ntp_server_host: c.DOCK_NTP_SERVER, ntp_server_port: 123 } : {}) } };
}

export async function onEvent(ctx: DockContext, dock: DockRecord, env: DjiEnvelope): Promise<Reply> {
  const { s } = ctx;
  switch (env.method) {
    case 'file_upload_callback': {
      const parsed = parseMediaEvent(env.data, s.config.PHOTO_UTC_OFFSET_MIN);
      if (!parsed.ok) {
        ctx.logOnce.warn(`bad-media:${dock.serial}`, { dock: dock.serial, tid: env.tid, detail: parsed.detail }, 'file_upload_callback ignored');
        return { result: RESULT.badData };
      }
      const outcome = await receiveDockMedia(s, ctx.bucket, { dock, event: parsed.event, allowedPrefix: ctx.storage.prefixOf(dock.serial!), tid: env.tid, bid: env.bid });
      if (outcome.kind === 'taken') s.log.info({ dock: dock.serial, objectKey: parsed.event.objectKey, flightId: parsed.event.flightId, ...outcome }, 'dock photo taken in');
      else if (outcome.kind === 'missing') ctx.logOnce.warn(`missing:${dock.serial}:${parsed.event.objectKey}`, { dock: dock.serial, objectKey: parsed.event.objectKey }, 'reported object is not in the bucket');
      else if (outcome.kind === 'refused') ctx.logOnce.warn(`refused:${dock.serial}:${parsed.event.objectKey}`, { dock: dock.serial, objectKey: parsed.event.objectKey, reason: outcome.reason }, 'reported object refused');
      const result = outcome.kind === 'missing' ? RESULT.missingObject : outcome.kind === 'refused' ? RESULT.refused : RESULT.ok;
      return { result };
    }
    case 'flighttask_progress': {
      const progress = parseFlightProgress(env.data, env.bid);
      if ('error' in progress) {
        ctx.logOnce.warn(`bad-progress:${dock.serial}`, { dock: dock.serial, tid: env.tid, detail: progress.error }, 'flighttask_progress ignored');
        return { result: RESULT.badData };
      }
      const mission = await s.missions.forDockFlight({ dockId: dock.id, flightId: progress.flightId, name: `${dock.name} · ${progress.flightId}` });
      const current = mission.flight ?? { status: null, eventMs: null };
      if (!progressApplies({ status: current.status, eventMs: current.eventMs }, progress.status, env.timestamp)) return { result: RESULT.ok };
      const at = new Date(env.timestamp).toISOString();
      const finished = !['sent', 'in_progress', 'paused'].includes(progress.status);
      await s.missions.setFlightProgress(mission.id, { status: progress.status, percent: progress.percent, expectedMedia: progress.mediaCount, eventMs: env.timestamp, startedAt: at, ...(finished ? { endedAt: at } : {}) });
      const updated = await s.missions.refreshStatus(mission.id);
      if (updated) await s.events.publish('mission.updated', await missionView(s, updated, { track: false }));
      return { result: RESULT.ok };
    }
    case 'hms': {
      const alerts = parseHmsList(env.data);
      if ('error' in alerts) {
        ctx.logOnce.warn(`bad-hms:${dock.serial}`, { dock: dock.serial, tid: env.tid, detail: alerts.error }, 'hms ignored');
        return { result: RESULT.badData };
      }
      if (await s.docks.setHms(dock.id, alerts, env.timestamp)) await publishDock(ctx, dock.id);
      return { result: RESULT.ok };
    }
    default:
      if (env.method && ACK_EVENTS.has(env.method)) return { result: RESULT.ok };
      ctx.logOnce.warn(`method:${dock.serial}:${env.method}`, { dock: dock.serial, method: env.method }, 'dock event not handled; acknowledged');
      return { result: RESULT.ok };
  }
}

export async function onStatus(ctx: DockContext, dock: DockRecord, env: DjiEnvelope): Promise<Reply> {
  if (env.method !== 'update_topo') {
    ctx.logOnce.warn(`method:${dock.serial}:${env.method}`, { dock: dock.serial, method: env.method }, 'dock status message not handled');
    return { result: RESULT.notSupported };
  }
  const topo = parseTopology(env.data);
  await ctx.s.docks.setAircraft(dock.id, topo.aircraftSn);
  await publishDock(ctx, dock.id);
  return { result: RESULT.ok };
}

/** OSD of the dock itself moves the dock; the aircraft's own OSD (another topic serial) does not. */
export async function onOsd(ctx: DockContext, dock: DockRecord, topicSn: string, env: DjiEnvelope): Promise<void> {
  if (topicSn !== dock.serial) return;
  const position = osdPosition(env.data);
  if (!position) return;
  const moved = dock.lat === null || Math.abs(dock.lat - position.lat) > 1e-6 || Math.abs((dock.lon ?? 0) - position.lon) > 1e-6;
  await ctx.s.docks.setPosition(dock.id, position.lat, position.lon, new Date(env.timestamp).toISOString());
  if (moved) await publishDock(ctx, dock.id);
}

async function publishDock(ctx: DockContext, dockId: string): Promise<void> {
  const dock = await ctx.s.docks.get(dockId);
  if (dock) await ctx.s.events.publish('dock.updated', dockView(dock, ctx.s.config.DOCK_OFFLINE_AFTER_S));
}
