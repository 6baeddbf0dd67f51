/**
 * Who may call what: every route of the server, once, as data. `enforceAccess` (enforce-access.ts) checks
 * each request under /api/v1 against this table before any handler runs; a route missing here answers
 * 404 to everyone (fail closed), and tests/integration/route-access.test.ts fails for it.
 *
 * roles: 'public' (no credentials needed), 'signed-in' (any account), 'signed-link' (no account: the
 * link's own signature and expiry, checked by the handler, authorise it), or the roles allowed.
 * scope: what the handler narrows the answer to, beyond the role (the middleware cannot know the rows):
 * - 'department': officers get only their own department's rows; an officer without a department gets
 *   none; managers and admins get all (DOMAIN.md). Operators, where allowed, see missions' photos.
 * - 'dock': a dock account bound to a dock acts only on that dock's missions.
 * - 'self': the caller's own account.
 * - 'none': the same for everyone allowed.
 * duringPasswordChange: reachable while the account must still change a one-time password.
 */
import type { Role } from '../../core/domain.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Scope = 'none' | 'department' | 'dock' | 'self';

export interface RouteAccess {
  method: Method;
  /** The full path as express registers it, with `:param` segments. */
  path: string;
  roles: 'public' | 'signed-in' | 'signed-link' | readonly Role[];
  scope: Scope;
  duringPasswordChange?: boolean;
}

const PEOPLE = ['operator', 'officer', 'manager', 'admin'] as const;
const CASEWORK = ['officer', 'manager', 'admin'] as const;
const UPLOADERS = ['operator', 'dock', 'admin'] as const;
const MISSION_VIEWERS = ['operator', 'dock', 'officer', 'manager', 'admin'] as const;
const IMAGE_VIEWERS = ['operator', 'officer', 'manager', 'admin'] as const;
const MANAGERS = ['manager', 'admin'] as const;
const ADMIN = ['admin'] as const;

const V1 = '/api/v1';
/** An entry under /api/v1 (`outside` for the few paths that are not). */
const r = (method: Method, path: string, roles: RouteAccess['roles'], scope: Scope = 'none', duringPasswordChange = false, outside = false): RouteAccess => ({
  method,
  path: outside ? path : `${V1}${path}`,
  roles,
  scope,
  ...(duringPasswordChange ? { duringPasswordChange } : {}),
});

export const ROUTE_ACCESS: readonly RouteAccess[] = [
  r('GET', '/healthz', 'public', 'none', false, true),
  // Prometheus scrapes it without credentials: keep it off the public side of the reverse proxy (docs/operations.md).
  r('GET', '/metrics', 'public', 'none', false, true),
  r('GET', '/', 'public', 'none', false, true), // the "UI not built" note; the built UI is static files
  r('GET', '/openapi.json', 'public'),
  r('GET', '/ui-config', 'public'),
  // The annotated photo an alert links to, for recipients without an account.
  r('GET', '/signed/images/:id/annotated', 'signed-link'),

  // Signing in and out, the caller's own account and tokens.
  r('POST', '/auth/session', 'public'),
  r('DELETE', '/auth/session', 'signed-in', 'self', true),
  r('POST', '/auth/password', 'signed-in', 'self', true),
  r('GET', '/me', 'signed-in', 'self', true),
  r('GET', '/me/tokens', PEOPLE, 'self'),
  r('POST', '/me/tokens', PEOPLE, 'self'),
  r('DELETE', '/me/tokens/:tokenId', PEOPLE, 'self'),

  // Accounts, departments, docks and dock keys: admins.
  r('GET', '/users', ADMIN),
  r('POST', '/users', ADMIN),
  r('GET', '/users/:id', ADMIN),
  r('PATCH', '/users/:id', ADMIN),
  r('POST', '/users/:id/password-reset', ADMIN),
  r('DELETE', '/users/:id/sessions', ADMIN),
  r('GET', '/users/:id/tokens', ADMIN),
  r('POST', '/users/:id/tokens', ADMIN),
  r('DELETE', '/users/:id/tokens/:tokenId', ADMIN),
  r('GET', '/departments', 'signed-in'),
  r('POST', '/departments', ADMIN),
  r('PATCH', '/departments/:id', ADMIN),
  r('DELETE', '/departments/:id', ADMIN),
  r('GET', '/docks', 'signed-in'),
  r('POST', '/docks', ADMIN),
  r('PATCH', '/docks/:id', ADMIN),
  r('DELETE', '/docks/:id', ADMIN),
  r('GET', '/dock-status', PEOPLE),
  r('GET', '/docks/:id/keys', ADMIN),
  r('POST', '/docks/:id/keys', ADMIN),
  r('DELETE', '/docks/:id/keys/:keyId', ADMIN),

  // Missions and uploads.
  r('POST', '/missions', UPLOADERS, 'dock'),
  r('GET', '/missions', MISSION_VIEWERS, 'dock'),
  r('GET', '/missions/:id', MISSION_VIEWERS, 'dock'),
  r('GET', '/missions/:id/images', MISSION_VIEWERS, 'department'),
  r('POST', '/missions/:id/images', UPLOADERS, 'dock'),
  r('POST', '/missions/:id/flight-logs', UPLOADERS, 'dock'),
  r('POST', '/missions/:id/waylines', UPLOADERS, 'dock'),
  r('POST', '/missions/:id/detect', ['operator', 'manager', 'admin']),
  // FlightHub 2 media notifications, with a dock key (the dock is the key's).
  r('POST', '/flighthub/media', ['dock'], 'dock'),

  // Photos, findings, cases, evidence, live events.
  r('GET', '/images/:id', IMAGE_VIEWERS, 'department'),
  r('GET', '/images/:id/original', IMAGE_VIEWERS, 'department'),
  r('GET', '/images/:id/thumbnail', IMAGE_VIEWERS, 'department'),
  r('GET', '/images/:id/annotated', IMAGE_VIEWERS, 'department'),
  r('GET', '/findings', CASEWORK, 'department'),
  r('GET', '/cases', CASEWORK, 'department'),
  r('GET', '/cases/:id', CASEWORK, 'department'),
  r('POST', '/cases/:id/actions', CASEWORK, 'department'),
  r('POST', '/cases/:id/attachments', CASEWORK, 'department'),
  r('GET', '/cases/:id/attachments/:attachmentId', CASEWORK, 'department'),
  r('GET', '/cases/:id/evidence.zip', CASEWORK, 'department'),
  r('GET', '/cases/:id/assignees', CASEWORK, 'department'),
  r('GET', '/events', 'signed-in', 'department'),

  // Geography, rules, enterprises.
  r('GET', '/zones', 'signed-in'),
  r('POST', '/zones', ADMIN),
  r('GET', '/rules', 'signed-in'),
  r('PUT', '/rules', ADMIN),
  r('GET', '/enterprises', 'signed-in'),
  r('GET', '/enterprises/:id/open-cases', CASEWORK, 'department'),
  r('POST', '/enterprises/:id/visits', CASEWORK, 'department'),

  // Models, statistics, audit, webhooks.
  r('GET', '/models', 'signed-in'),
  r('POST', '/models', ADMIN),
  r('POST', '/models/:id/activate', ADMIN),
  r('GET', '/stats/cases', MANAGERS),
  r('GET', '/stats/false-positives', MANAGERS),
  r('GET', '/coverage', MANAGERS),
  r('GET', '/audit/verify', MANAGERS),
  r('GET', '/webhooks', ADMIN),
  r('POST', '/webhooks', ADMIN),
  r('DELETE', '/webhooks/:id', ADMIN),
];

/** Whether the role may call a route with these roles. */
export const roleAllowed = (roles: RouteAccess['roles'], role: Role | null): boolean =>
  roles === 'public' || (role !== null && roles !== 'signed-link' && (roles === 'signed-in' || roles.includes(role)));
