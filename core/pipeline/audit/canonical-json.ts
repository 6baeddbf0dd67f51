/**
 * Canonical JSON: object keys sorted (UTF-16 code units, as RFC 8785), no whitespace, numbers and strings
 * as `JSON.stringify` writes them. The same value gives the same text whether it was read back from
 * PostgreSQL jsonb (which reorders keys) or SQLite text, so hashes over it survive a round trip.
 */
import { BadInputError } from '../../errors.ts';

/** Serialises `value` canonically. Dates become ISO-8601 strings; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form: refuse rather than hash a silent null
      if (!Number.isFinite(value)) throw new BadInputError('not_json', `${value} cannot be written as JSON`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
      return `{${Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
        .join(',')}}`;
    default:
      throw new BadInputError('not_json', `a ${typeof value} cannot be written as JSON`);
  }
}
