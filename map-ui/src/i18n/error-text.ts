/**
 * Server errors and flight checks in the reader's language: the API answers with a code (and the facts
 * as parameters); a code this table knows is worded here, anything else keeps the server's message.
 */
import { MESSAGES, type MessageKey } from './messages.ts';
import { t } from './i18n.ts';

/** The words for an error `code`, else `fallback` (the server's message). */
export function errorText(code: string | undefined, fallback: string, params?: Record<string, string | number>): string {
  const key = `error.${code}` as MessageKey;
  return code && key in MESSAGES.zh ? t(key, params) : fallback;
}

/** A flight check as the API stores it: its kind and the facts it found. */
export interface FlightCheckFacts {
  kind?: string;
  message: string;
  gapS?: number;
  maxRelAlt?: number;
  zone?: { name: string };
}

/** A flight check in words: by its kind and facts; an unknown kind keeps the server's message. */
export function flightCheckText(w: FlightCheckFacts): string {
  if (w.kind === 'gap' && typeof w.gapS === 'number') return t('check.gap', { s: w.gapS.toFixed(1) });
  if (w.kind === 'altitude' && typeof w.maxRelAlt === 'number') return t('check.altitude', { m: w.maxRelAlt.toFixed(1) });
  if (w.kind === 'no-fly' && w.zone) return t('check.noFly', { zone: w.zone.name });
  return w.message;
}
