/**
 * Reads a body as a stream with a byte limit (internal): nothing beyond the
 * limit is buffered. Returns the UTF-8 text, or `undefined` when the body is
 * larger than `limit` (announced by `Content-Length`, or counted while
 * reading); the stream is cancelled then. Aborting `signal` cancels the
 * stream too (for `fetch` implementations that do not tie the body to the
 * request's signal); the caller decides what the abort means.
 */
export async function readTextWithin(message: Request | Response, limit: number, signal?: AbortSignal): Promise<string | undefined> {
  const declared = Number(message.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await message.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!message.body) return message.text();
  const reader = message.body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
