/**
 * The demo pages server over real HTTP: content types, the strict page's CSP,
 * origin rewriting, and no way out of its roots.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRequestPath, startPages, strictCsp } from './pages-server.ts';

const PLATFORM = 'http://127.0.0.1:9787';
const SHOP = 'http://127.0.0.1:9788';
let pages: Awaited<ReturnType<typeof startPages>>;

beforeAll(async () => {
  pages = await startPages({ port: 0, platformUrl: PLATFORM, shopUrl: SHOP });
});
afterAll(() => pages?.close());

/** A GET with the path sent byte for byte (fetch would normalise `..` away before sending). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(pages.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo pages server', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/blog.html', 'text/html; charset=utf-8'],
    ['/site.css', 'text/css; charset=utf-8'],
    ['/npm.js', 'text/javascript; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/node_modules/lit/index.js', 'text/javascript; charset=utf-8'],
    ['/node_modules/@lit/reactive-element/reactive-element.js', 'text/javascript; charset=utf-8'],
    ['/node_modules/zod/mini/index.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s, nosniff', async (path, type) => {
    const response = await raw(path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the strict CSP with strict-csp.html only, for the actual platform origin', async () => {
    const strict = await raw('/strict-csp.html');
    expect(strict.headers['content-security-policy']).toBe(strictCsp(PLATFORM));
    expect(strict.headers['content-security-policy']).toContain(`connect-src ${PLATFORM}`);
    expect(strict.headers['content-security-policy']).toContain("script-src 'self'; style-src 'self'");
    expect(strict.headers['content-security-policy']).toContain("require-trusted-types-for 'script'; trusted-types lit-html");
    expect((await raw('/blog.html')).headers['content-security-policy']).toBeUndefined();
  });

  it('rewrites the default origins in pages to the actual ones, leaves the rest alone', async () => {
    const blog = await raw('/blog.html');
    expect(blog.body).toContain(`data-api="${PLATFORM}"`);
    expect(blog.body).not.toContain('127.0.0.1:8787');
    expect((await raw('/')).body).toContain(`${SHOP}/`);
    expect((await raw('/npm.js')).body).toContain(`api: '${PLATFORM}'`);
  });

  it('has no inline script in any page (an import map is data, not script)', async () => {
    for (const page of ['/', '/blog.html', '/npm.html', '/composer.html', '/dashboard.html', '/strict-csp.html']) {
      const { body } = await raw(page);
      expect(body).toMatch(/<html lang="(en|zh-CN)">/);
      expect(body).toMatch(/<title>[^<]+<\/title>/);
      expect(body).toContain('<main');
      for (const [tag] of body.matchAll(/<script\b[^>]*>/g)) expect(tag).toMatch(/\bsrc="\/|type="importmap"/);
      expect(body).not.toMatch(/\son[a-z]+=|style="/);
    }
  });

  it.each([
    '/dist/../package.json',
    '/dist/%2e%2e/package.json',
    '/dist/%2E%2E/package.json',
    '/dist/..%2fpackage.json',
    '/dist/%2e%2e%2fpackage.json',
    '/dist/%252e%252e/package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/../package.json',
    '/node_modules/lit/../../package.json',
    '/node_modules/lit/%2e%2e/%2e%2e/package.json',
    '/node_modules/lit/..%2f..%2fpackage.json',
    '/node_modules/lit/../vitest/package.json',
    '/node_modules/vitest/package.json',
    '/node_modules/.bin/vitest',
    '/node_modules/lit',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/dist/..%5cpackage.json',
    '/dist/%00',
    '/%E0%A4%A',
    '/pages-server.ts',
    '/../pages-server.ts',
    '/shop/server.ts',
  ])('refuses %s', async (path) => {
    const response = await raw(path);
    expect([400, 403, 404]).toContain(response.status);
    expect(response.body).not.toContain('"name"');
    expect(response.body).not.toContain('root:');
    expect(response.body).not.toContain('import ');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await raw('/blog.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    const post = await raw('/blog.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('resolves request paths inside their roots only', () => {
    expect(resolveRequestPath('/').file).toMatch(/examples\/pages\/index\.html$/);
    expect(resolveRequestPath('/dist/vitrine.js').file).toMatch(/\/dist\/vitrine\.js$/);
    expect(resolveRequestPath('/node_modules/@lit/task/index.js').file).toMatch(/node_modules\/@lit\/task\/index\.js$/);
    expect(() => resolveRequestPath('/dist/%2e%2e/package.json')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => resolveRequestPath('/node_modules/litx/index.js')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => resolveRequestPath('/%zz')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
