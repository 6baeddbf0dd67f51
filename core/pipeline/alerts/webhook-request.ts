/**
 * One case alert as an HTTP request for one webhook target: generic JSON (HMAC-signed in `X-Signature`
 * when a secret is set), a DingTalk group robot (markdown, signed URL when a secret is set) or a WeCom
 * group robot (markdown; WeCom has no signing, the key in its URL is the secret). Pure: the caller sends it.
 */
import { createHmac } from 'node:crypto';
import { BadInputError } from '../../errors.ts';
import { alertLines, alertLinks, alertTitle, linkUrl } from './alert-message.ts';
import type { CaseAlert } from './alert-message.ts';
import { signDingtalkUrl } from './dingtalk-sign.ts';
import { hazardLabel } from './hazard-labels.ts';

export const WEBHOOK_FORMATS = ['json', 'dingtalk', 'wecom'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
  secret?: string | null;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  /** Exactly the bytes to send (UTF-8): the signature covers this string. */
  body: string;
}

/** DingTalk markdown: a heading, a list of labelled lines, then the links. */
function dingtalkText(a: CaseAlert): string {
  return [`### ${alertTitle(a)}`, '', ...alertLines(a).map(([k, v]) => `- **${k}**：${v}`), '', ...alertLinks(a)].join('\n');
}

/** WeCom markdown has no lists; its own examples use quoted lines and three font colours. */
function wecomText(a: CaseAlert): string {
  const colour = a.severity === 'critical' || a.severity === 'high' ? 'warning' : 'comment';
  return [`### <font color="${colour}">${alertTitle(a)}</font>`, ...alertLines(a).map(([k, v]) => `> ${k}：${v}`), ...alertLinks(a)].join('\n');
}

/** The generic body: the alert's data for programs, plus the same title and text people read. */
function jsonBody(a: CaseAlert, now: Date): string {
  return JSON.stringify({
    type: 'case.alert',
    sentAt: now.toISOString(),
    title: alertTitle(a),
    text: dingtalkText(a),
    alert: { ...a, classLabel: hazardLabel(a.class), photoUrl: linkUrl(a.photoUrl), caseUrl: linkUrl(a.caseUrl) },
  });
}

/**
 * Builds the request. `now` is the signing time: DingTalk refuses a timestamp more than an hour off, and
 * the JSON body carries it as `sentAt` inside what `X-Signature` covers (`sha256=<hex HMAC-SHA256 of the
 * body>`), so a receiver can refuse replays. A URL that is not http(s) is BadInputError.
 */
export function buildWebhookRequest(target: WebhookTarget, alert: CaseAlert, now: Date): WebhookRequest {
  let parsed: URL;
  try {
    parsed = new URL(target.url);
  } catch {
    throw new BadInputError('bad_webhook_url', `webhook URL is not a URL: ${target.url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new BadInputError('bad_webhook_url', `webhook URL must be http(s): ${target.url}`);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  const secret = target.secret || null;
  switch (target.format) {
    case 'dingtalk': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: alertTitle(alert), text: dingtalkText(alert) } });
      return { url: secret ? signDingtalkUrl(target.url, secret, now) : target.url, headers, body };
    }
    case 'wecom':
      return { url: target.url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: wecomText(alert) } }) };
    case 'json': {
      const body = jsonBody(alert, now);
      if (secret) headers['X-Signature'] = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
      return { url: target.url, headers, body };
    }
    default:
      throw new BadInputError('bad_webhook_format', `unknown webhook format ${String((target as { format: unknown }).format)}`);
  }
}
