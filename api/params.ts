/** Path parameters, validated: every `:id` is a non-empty string. */
import type { Request } from 'express';
import { z } from 'zod';

const IdParams = z.object({ id: z.string().min(1).max(200) });

export const idOf = (req: Request): string => IdParams.parse(req.params).id;
