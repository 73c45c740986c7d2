import type * as z from 'zod/mini';
import { ValidationError } from './errors.js';

/**
 * Parses `data` with `schema` where data enters the SDK. Throws a
 * `ValidationError` naming the source and every issue; never returns unchecked data.
 */
export function parse<S extends z.ZodMiniType>(
  schema: S,
  data: unknown,
  source: string,
  code: 'invalid_response' | 'invalid_input' | 'config' = 'invalid_response',
): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ValidationError(source, result.error.issues, code);
  return result.data as z.infer<S>;
}
