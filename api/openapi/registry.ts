/**
 * One OpenAPI registry: each route file registers its paths with the same zod schemas it validates with,
 * so the document at /api/v1/openapi.json cannot drift from what the server accepts.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
export const bearerAuth = registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });

export const ErrorSchema = registry.register(
  'Error',
  z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }),
);

/** Standard error responses for a path. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: `error ${s}`, content: { 'application/json': { schema: ErrorSchema } } }]));

let cached: unknown = null;
export function openApiDocument(): unknown {
  cached ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Drone non-site enforcement API', version: '1.0.0', description: 'Stable surface: see docs/API.md' },
    servers: [{ url: '/' }],
    security: [{ [bearerAuth.name]: [] }],
  });
  return cached;
}

export { z };
