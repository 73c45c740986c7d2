import { describe, expect, it } from 'vitest';
import { parseHttpsUrl, safeSrcset, safeUrl } from './url.js';

describe('safeUrl', () => {
  it('re-serialises https URLs (and http on loopback hosts)', () => {
    expect(safeUrl('https://cdn.example/a b.png')).toBe('https://cdn.example/a%20b.png');
    expect(safeUrl('  https://CDN.example/x.png\n')).toBe('https://cdn.example/x.png');
    expect(safeUrl('http://127.0.0.1:8787/img/a.svg')).toBe('http://127.0.0.1:8787/img/a.svg');
    expect(safeUrl('http://localhost/a')).toBe('http://localhost/a');
  });

  it('refuses every other scheme, network http, credentials, relative URLs and non-strings', () => {
    for (const value of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'vbscript:msgbox(1)',
      'blob:https://cdn.example/1',
      'file:///etc/passwd',
      'http://evil.example/a.png',
      'https://user:pass@cdn.example/a.png',
      '//evil.example/a.png',
      '/relative.png',
      '',
      42,
      undefined,
    ]) {
      expect(safeUrl(value), String(value)).toBeUndefined();
    }
    expect(parseHttpsUrl('https://cdn.example/')).toBeInstanceOf(URL);
  });
});

describe('safeSrcset', () => {
  it('builds one candidate per safe source', () => {
    expect(
      safeSrcset([
        { src: 'https://cdn.example/a-400.png', width: 400 },
        { src: 'https://cdn.example/w_800,h_800/a.png', width: 800 },
      ]),
    ).toBe('https://cdn.example/a-400.png 400w, https://cdn.example/w_800,h_800/a.png 800w');
  });

  it('keeps a smuggled second candidate inside the one URL it came with', () => {
    const srcset = safeSrcset([{ src: 'https://cdn.example/a.png 1x, http://evil.example/b.png', width: 400 }])!;
    expect(srcset).toBe('https://cdn.example/a.png%201x,%20http://evil.example/b.png 400w');
    expect(srcset.split(/\s+/)).toHaveLength(2); // one URL, one descriptor
    expect(safeSrcset([{ src: 'https://cdn.example/a.png,', width: 400 }])).toBe('https://cdn.example/a.png%2C 400w');
  });

  it('drops unsafe sources and impossible widths; undefined when nothing is left', () => {
    expect(
      safeSrcset([
        { src: 'http://evil.example/a.png', width: 400 },
        { src: 'https://cdn.example/b.png', width: 0 },
        { src: 'https://cdn.example/c.png', width: 1.5 },
        { src: 'https://cdn.example/d.png', width: 640 },
      ]),
    ).toBe('https://cdn.example/d.png 640w');
    expect(safeSrcset([{ src: 'javascript:1', width: 10 }])).toBeUndefined();
    expect(safeSrcset(undefined)).toBeUndefined();
  });
});

describe('apiProblem', () => {
  it('names what is wrong with an API address', async () => {
    const { apiProblem } = await import('./url.js');
    expect(apiProblem(undefined)).toBe('missing-api');
    expect(apiProblem('')).toBe('missing-api');
    expect(apiProblem('api.vitrine.example')).toBe('invalid-api');
    expect(apiProblem('javascript:alert(1)')).toBe('invalid-api');
    expect(apiProblem('http://api.vitrine.example')).toBe('api-not-https');
    expect(apiProblem('http://127.0.0.1:8787')).toBeUndefined();
    expect(apiProblem('https://api.vitrine.example')).toBeUndefined();
  });
});
