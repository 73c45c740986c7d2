import * as z from 'zod/mini';
import { Id, Image, text } from './common.js';

export const Creator = z.object({
  id: Id,
  name: text(60),
  /** Public handle without the `@`. */
  handle: z.string().check(z.regex(/^[\w.-]{1,32}$/)),
  avatar: z.optional(Image),
  /** The platform verified this creator's identity. */
  verified: z.boolean(),
});
export type Creator = z.infer<typeof Creator>;
