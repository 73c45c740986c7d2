/**
 * The shop simulator under a real `kill -9`: examples/shop/main.ts as a child
 * process on a real socket, its platform a stub that acknowledges every
 * conversion. A shopper lands with a decorated link and places an order; the
 * shop is killed with SIGKILL right after the order page answered, restarted
 * on the same data directory, and still has the order (with its attribution)
 * and the shopper's session. A page shown is a page kept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickId } from '../../src/attribution/ids.js';
import type { ShopOrder } from '../../examples/shop/server.ts';
import { startChild, type PlatformChild } from '../helpers/child.ts';

type Child = PlatformChild;

let platform: Server;
let platformUrl: string;
let dataDir: string;
let child: Child | undefined;

/** Starts the shop on a free port and resolves once it listens. */
function startShop(): Promise<Child> {
  return startChild(['examples/shop/main.ts', '--port', '0', '--platform', platformUrl, '--data', dataDir], { name: 'the shop', ready: /Partner shops: (http:\/\/127\.0\.0\.1:\d+)/, timeout: 30_000 });
}

/** A shopper's browser: keeps the shop's cookies, posts forms from the shop's own origin. */
function shopper() {
  const cookies = new Map<string, string>();
  return async (url: string, path: string, form?: Record<string, string>): Promise<Response> => {
    const headers: Record<string, string> = { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
    if (form) headers['origin'] = url;
    const response = await fetch(url + path, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form && { body: new URLSearchParams(form) }) });
    for (const cookie of response.headers.getSetCookie()) {
      const [name, value] = cookie.split(';')[0]!.split('=');
      cookies.set(name!, value!);
    }
    return response;
  };
}

async function orders(url: string): Promise<ShopOrder[]> {
  return ((await (await fetch(`${url}/partner-hanfang/api/orders`)).json()) as { orders: ShopOrder[] }).orders;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vitrine-shop-kill-'));
  // The platform's conversion endpoint, acknowledging everything: the shop's callbacks succeed at once.
  platform = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (child && child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGKILL');
    await child.exited;
  }
  await new Promise<void>((resolve) => platform.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('the shop simulator process', () => {
  it('keeps an order and the session it answered for across a kill -9', async () => {
    child = await startShop();
    const visit = shopper();
    const clickId = createClickId();
    expect((await visit(child.url, `/partner-hanfang/p/prod-serum?vt_click=${clickId}&vt_creator=creator-lin&vt_rec=rec-lin-serum`)).status).toBe(200);
    const placed = await visit(child.url, '/partner-hanfang/orders', { items: 'HF-88123:1' });
    expect(placed.status).toBe(303);
    const orderId = /#(.+)$/.exec(placed.headers.get('location') ?? '')?.[1];
    expect(orderId).toBeTruthy();

    // Killed right after the answer: no shutdown handler runs.
    child.process.kill('SIGKILL');
    await child.exited;
    child = await startShop();

    expect((await orders(child.url)).find((order) => order.id === orderId)).toMatchObject({ status: 'placed', clickId, creatorId: 'creator-lin' });
    // The session (its cookie) survived too: the checkout still carries the click id.
    expect(await (await visit(child.url, '/partner-hanfang/checkout?items=HF-88123:1')).text()).toContain(`click id <code>${clickId}</code>`);
  }, 90_000);
});
