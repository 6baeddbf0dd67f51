/**
 * The words of a case alert, shared by every webhook format: a title and labelled lines (class, place,
 * severity, time, coordinates) plus links to the photo and the case.
 */
import type { Severity } from '../../domain.ts';
import { hazardLabel, SEVERITY_LABELS_ZH } from './hazard-labels.ts';

/** Why an alert goes out: a new case, a closed or dismissed case seen again, or a sighting that raised the severity. */
export type AlertReason = 'opened' | 'reopened' | 'escalated';

/** What an alert says about a case: plain data the notify processor gathers. */
export interface CaseAlert {
  caseId: string;
  /** The case number people read out (`DY-2026-000123`); the text names the case by it, the id stays for programs. */
  caseNo?: string | null;
  /** The outbox row the alert comes from: delivery is at-least-once, and a receiver drops a repeat by it. */
  alertId?: string | null;
  /** An AlertReason; another string (from a job payload) shows as itself. */
  reason: AlertReason | string;
  class: string;
  /** A Severity; another string shows as itself. */
  severity: Severity | string;
  status?: string | null;
  violation?: string | null;
  district?: string | null;
  /** Names of the zones the hazard lies in (chemical park, pipeline corridor, ...). */
  zones?: readonly string[];
  enterprise?: string | null;
  lat: number | null;
  lon: number | null;
  /** ISO-8601 UTC instant the photo was taken. */
  capturedAt?: string | null;
  photoUrl?: string | null;
  caseUrl?: string | null;
}

export const REASON_LABELS_ZH: Readonly<Record<AlertReason, string>> = { opened: '新发现', reopened: '复发', escalated: '升级' };

const reasonLabel = (r: string): string => (REASON_LABELS_ZH as Record<string, string>)[r] ?? r;
const severityLabel = (s: string): string => (SEVERITY_LABELS_ZH as Record<string, string>)[s] ?? s;

/** Zone names shown at most; WeCom refuses markdown over 4096 bytes. */
const MAX_ZONES = 8;

/** One line of text: names come from uploaded GeoJSON, and a newline in one would forge extra lines. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** An http(s) URL made safe inside a markdown link, or null for anything else (no javascript: links). */
export function linkUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD HH:mm` in Beijing time (UTC+8, no daylight saving). */
export function beijingTime(iso: string): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Where the hazard is, in words: district, then zones, e.g. `东营区 · 胜利化工园区、输油管道保护范围`. */
export function placeText(a: CaseAlert): string {
  const zones = (a.zones ?? []).map(oneLine).filter(Boolean);
  const shown = zones.slice(0, MAX_ZONES).join('、') + (zones.length > MAX_ZONES ? ` 等${zones.length}处` : '');
  return [a.district ? oneLine(a.district) : '', shown].filter(Boolean).join(' · ') || '未知位置';
}

/** e.g. `【严重】明火 · 东营区` (with `[复发]` or `[升级]` first when it is not a new case). */
export function alertTitle(a: CaseAlert): string {
  const prefix = a.reason === 'opened' ? '' : `[${reasonLabel(a.reason)}] `;
  return `${prefix}【${severityLabel(a.severity)}】${hazardLabel(a.class)}${a.district ? ` · ${oneLine(a.district)}` : ''}`;
}

/** The labelled lines of the message body, in reading order. */
export function alertLines(a: CaseAlert): [label: string, value: string][] {
  const lines: [string, string][] = [
    ['隐患', `${hazardLabel(a.class)} (${a.class})`],
    ['级别', severityLabel(a.severity)],
    ['事件', reasonLabel(a.reason)],
  ];
  if (a.violation) lines.push(['违规类型', oneLine(a.violation)]);
  lines.push(['位置', placeText(a)]);
  if (a.enterprise) lines.push(['企业', oneLine(a.enterprise)]);
  if (a.lat !== null && a.lon !== null) lines.push(['坐标', `${a.lat.toFixed(6)}, ${a.lon.toFixed(6)} (WGS84)`]);
  const when = a.capturedAt ? beijingTime(a.capturedAt) : null;
  if (when) lines.push(['拍摄时间', `${when} (北京时间)`]);
  lines.push(['案件编号', oneLine(a.caseNo || a.caseId)]);
  return lines;
}

/** Markdown links to the photo and the case, those that are given and safe. */
export function alertLinks(a: CaseAlert): string[] {
  const photo = linkUrl(a.photoUrl);
  const kase = linkUrl(a.caseUrl);
  return [photo ? `[查看照片](${photo})` : '', kase ? `[打开案件](${kase})` : ''].filter(Boolean);
}
