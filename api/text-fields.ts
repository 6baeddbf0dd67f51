/**
 * The zod types for every text field of the API, with the limits of core/text-limits.ts: a route never
 * writes `z.string()` for client text on its own. Control characters other than tab and newlines are
 * refused (a NUL in a note breaks PostgreSQL text and hides text in logs).
 */
import { z } from 'zod';
import { TEXT_LIMITS } from '../core/text-limits.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const bounded = (max: number) => z.string().max(max, `at most ${max} characters`).refine((v) => !CONTROL.test(v), 'must not contain control characters');

export const text = {
  /** An id or key (trimmed, not empty). */
  id: () => bounded(TEXT_LIMITS.id).trim().min(1),
  /** A name shown to people (trimmed, not empty). */
  name: () => bounded(TEXT_LIMITS.name).trim().min(1),
  /** Free text; may be empty. */
  note: () => bounded(TEXT_LIMITS.note),
  url: () => bounded(TEXT_LIMITS.url).url(),
  secret: () => bounded(TEXT_LIMITS.secret),
  /** A list of ids. */
  ids: () => z.array(text.id()).max(TEXT_LIMITS.listItems, `at most ${TEXT_LIMITS.listItems} items`),
};
