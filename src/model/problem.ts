import * as z from 'zod/mini';
import { int } from './common.js';

/** RFC 9457 problem details, the body of every error response of the platform API. */
export const Problem = z.looseObject({
  type: z._default(z.string(), 'about:blank'),
  title: z.string(),
  status: int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  /** A stable machine-readable code, e.g. `unsafe_link`. */
  code: z.optional(z.string()),
});
export type Problem = z.infer<typeof Problem>;
