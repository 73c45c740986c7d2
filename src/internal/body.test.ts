import { describe, expect, it } from 'vitest';
import { readTextWithin } from './body.js';

const stream = (chunks: string[], onCancel: () => void) => {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]));
      else controller.close();
    },
    cancel: onCancel,
  });
};

describe('readTextWithin', () => {
  it('reads a body up to the limit, multi-byte characters split across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"name":"林小鹿"}');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect(await readTextWithin(new Response(body), bytes.length)).toBe('{"name":"林小鹿"}');
  });

  it('stops reading and cancels the stream once the limit is passed', async () => {
    let cancelled = false;
    let pulled = 0;
    const chunks = Array.from({ length: 1000 }, () => 'x'.repeat(1024));
    const body = stream(chunks, () => (cancelled = true));
    const reading = readTextWithin(new Response(body.pipeThrough(new TransformStream({ transform: (chunk, controller) => (pulled++, controller.enqueue(chunk)) }))), 10 * 1024);
    expect(await reading).toBeUndefined();
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(20);
  });

  it('refuses a body whose Content-Length announces more than the limit without reading it', async () => {
    let cancelled = false;
    const response = new Response(stream(['{}'], () => (cancelled = true)), { headers: { 'content-length': '5000000' } });
    expect(await readTextWithin(response, 1000)).toBeUndefined();
    expect(cancelled).toBe(true);
  });

  it('reads an empty body', async () => {
    expect(await readTextWithin(new Response(null), 10)).toBe('');
  });
});
