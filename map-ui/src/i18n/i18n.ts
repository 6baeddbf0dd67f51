/** Looks labels up in the message table; Chinese unless the user switched to English. */
import { MESSAGES, type Lang, type MessageKey } from './messages.ts';

const KEY = 'de.lang';
let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** The active language. */
export function lang(): Lang {
  return current;
}

/** Switch language and remember it; the caller re-renders. */
export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** A label, with `{name}` placeholders filled from params. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text: string = MESSAGES[current][key] ?? MESSAGES.zh[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

/** A label for a dynamic value (class, status, role...) with a fallback to the raw value. */
export function tv(prefix: 'class' | 'severity' | 'status' | 'zone' | 'action' | 'role' | 'mission' | 'upload' | 'band', value: string | null | undefined): string {
  if (!value) return t('common.none');
  const key = `${prefix}.${value}` as MessageKey;
  return key in MESSAGES[current] ? t(key) : value;
}

/** A date-time in the active language's format (local time zone). */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
