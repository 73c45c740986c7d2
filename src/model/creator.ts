import * as z from 'zod/mini';
import { Id, Image, pattern, text } from './common.js';

export const Creator = z.object({
  id: Id,
  name: text(60),
  /** Public handle without the `@`. */
  handle: pattern(/^[\w.-]{1,32}$/, 'expected a handle of 1–32 characters [A-Za-z0-9_.-]'),
  avatar: z.optional(Image),
  /** The platform verified this creator's identity. */
  verified: z.boolean(),
});
export type Creator = z.infer<typeof Creator>;
