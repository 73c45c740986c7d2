/**
 * Reads Server-Sent Events from a streaming response (`GET /v1/stream/...`),
 * for the suites and the live benchmark.
 */

/** One event: its `id`, `event` name and parsed JSON `data`. */
export interface StreamEvent {
  id: string | undefined;
  event: string | undefined;
  data: unknown;
}

/** `next()` resolves with the next event (comment lines and `retry:` are collected in `comments`, not returned). */
export function readEvents(response: Response): { comments: string[]; next(timeoutMs?: number): Promise<StreamEvent>; close(): Promise<void> } {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    async next(timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else fields.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
          }
          if (fields.has('data')) return { id: fields.get('id'), event: fields.get('event'), data: JSON.parse(fields.get('data')!) as unknown };
          continue;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), Math.max(0, deadline - Date.now())))),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error('the stream ended');
        buffer += chunk.value;
      }
    },
    close: () => reader.cancel(),
  };
}
