import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isVitrineError, UnsafeLinkError } from '../errors.js';
import { LINK_PARAMS } from '../model/attribution.js';
import { checkPartnerUrl, decorateLink, hostAllowed, isSafePartnerUrl, setParams } from './links.js';

const partner = { id: 'shop', hosts: ['shop.example.com', '*.mall.example'] };
const attribution = { clickId: 'AAAAAAAAAAAAAAAAAAAAAA', creatorId: 'creator-1', recommendationId: 'rec:1' };

describe('hostAllowed', () => {
  it('matches exact hosts', () => {
    expect(hostAllowed('shop.example.com', partner.hosts)).toBe(true);
    expect(hostAllowed('example.com', partner.hosts)).toBe(false);
    expect(hostAllowed('www.shop.example.com', partner.hosts)).toBe(false);
    expect(hostAllowed('shop.example.com.evil', partner.hosts)).toBe(false);
  });

  it('matches subdomains of wildcard entries, not the apex or look-alikes', () => {
    expect(hostAllowed('a.mall.example', partner.hosts)).toBe(true);
    expect(hostAllowed('a.b.mall.example', partner.hosts)).toBe(true);
    expect(hostAllowed('mall.example', partner.hosts)).toBe(false);
    expect(hostAllowed('evilmall.example', partner.hosts)).toBe(false);
    expect(hostAllowed('.mall.example', partner.hosts)).toBe(false);
  });

  it('ignores case and a trailing dot', () => {
    expect(hostAllowed('SHOP.Example.COM.', partner.hosts)).toBe(true);
    expect(hostAllowed('x.MALL.example', ['*.mall.example.'])).toBe(true);
    expect(hostAllowed('', partner.hosts)).toBe(false);
    expect(hostAllowed('shop.example.com', [])).toBe(false);
  });
});

describe('checkPartnerUrl', () => {
  it('returns the parsed URL for a safe link', () => {
    const url = checkPartnerUrl('https://shop.example.com/p/1?x=1#top', partner);
    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe('https://shop.example.com/p/1?x=1#top');
  });

  it.each([
    ['not a URL', '/p/1'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http:', 'http://shop.example.com/p/1'],
    ['credentials', 'https://user:pw@shop.example.com/p/1'],
    ['username only', 'https://user@shop.example.com/p/1'],
    ['non-default port', 'https://shop.example.com:8443/p/1'],
    ['unlisted host', 'https://evil.example/p/1'],
    ['host suffix trick', 'https://shop.example.com.evil.example/p/1'],
    ['apex of a wildcard', 'https://mall.example/p/1'],
  ])('refuses %s', (_, url) => {
    let error: unknown;
    try {
      checkPartnerUrl(url, partner);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsafeLinkError);
    expect(isVitrineError(error, 'unsafe_link')).toBe(true);
    expect((error as UnsafeLinkError).partnerId).toBe('shop');
    expect(isSafePartnerUrl(url, partner)).toBe(false);
  });

  it('allows http and a port only on an allow-listed loopback host (local development)', () => {
    const local = { id: 'demo', hosts: ['127.0.0.1', 'localhost'] };
    expect(checkPartnerUrl('http://127.0.0.1:8788/p/1', local).port).toBe('8788');
    expect(checkPartnerUrl('http://localhost:8788/p/1', local).hostname).toBe('localhost');
    expect(() => checkPartnerUrl('http://127.0.0.1:8788/p/1', partner)).toThrow(UnsafeLinkError);
    expect(() => checkPartnerUrl('http://10.0.0.1:8788/p/1', { id: 'lan', hosts: ['10.0.0.1'] })).toThrow(UnsafeLinkError);
    expect(() => checkPartnerUrl('http://user:pw@127.0.0.1:8788/p', local)).toThrow(UnsafeLinkError);
  });

  it('accepts the default port written out', () => {
    expect(checkPartnerUrl('https://shop.example.com:443/p', partner).href).toBe('https://shop.example.com/p');
  });

  it('never returns a non-https URL (property)', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        try {
          expect(checkPartnerUrl(input, { id: 'p', hosts: ['*.example.com', 'example.com'] }).protocol).toBe('https:'); // no loopback host listed
        } catch (error) {
          expect(error).toBeInstanceOf(UnsafeLinkError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.webUrl(), (input) => {
        const safe = isSafePartnerUrl(input, { id: 'p', hosts: ['*.com'] });
        if (safe) expect(new URL(input).protocol).toBe('https:');
      }),
      { numRuns: 200 },
    );
  });
});

describe('decorateLink', () => {
  it('adds the attribution parameters, keeping other params and the hash', () => {
    const url = new URL(decorateLink('https://shop.example.com/p/1?color=red&size=M#reviews', partner, attribution));
    expect(url.searchParams.get(LINK_PARAMS.clickId)).toBe(attribution.clickId);
    expect(url.searchParams.get(LINK_PARAMS.creator)).toBe('creator-1');
    expect(url.searchParams.get(LINK_PARAMS.recommendation)).toBe('rec:1');
    expect(url.searchParams.get('color')).toBe('red');
    expect(url.searchParams.get('size')).toBe('M');
    expect(url.hash).toBe('#reviews');
  });

  it('replaces existing attribution parameters (every occurrence)', () => {
    const result = decorateLink('https://shop.example.com/p?vt_click=old&a=1&vt_click=older&vt_creator=x', partner, attribution);
    const url = new URL(result);
    expect(url.searchParams.getAll('vt_click')).toEqual([attribution.clickId]);
    expect(url.searchParams.getAll('vt_creator')).toEqual(['creator-1']);
    expect(url.searchParams.get('a')).toBe('1');
  });

  it('keeps other parameters byte for byte (signed partner URLs)', () => {
    const result = decorateLink('https://shop.example.com/p?sig=a%2Bb%3D&q=a+b&flag&empty=', partner, attribution);
    expect(result.startsWith('https://shop.example.com/p?sig=a%2Bb%3D&q=a+b&flag&empty=&vt_click=')).toBe(true);
  });

  it('works without an existing query', () => {
    expect(decorateLink('https://a.mall.example', partner, attribution)).toBe(
      `https://a.mall.example/?vt_click=${attribution.clickId}&vt_creator=creator-1&vt_rec=rec%3A1`,
    );
  });

  it('throws UnsafeLinkError before decorating an unsafe link', () => {
    expect(() => decorateLink('javascript:alert(1)//shop.example.com', partner, attribution)).toThrow(UnsafeLinkError);
  });

  it('rejects a malformed click id or creator id', () => {
    for (const bad of [{ ...attribution, clickId: 'short' }, { ...attribution, creatorId: 'a&b=c' }]) {
      let error: unknown;
      try {
        decorateLink('https://shop.example.com/p', partner, bad);
      } catch (caught) {
        error = caught;
      }
      expect(isVitrineError(error, 'invalid_input')).toBe(true);
    }
  });
});

describe('setParams', () => {
  it('matches encoded parameter names too', () => {
    const url = setParams(new URL('https://x.example/?it%65ms=old&b=2'), { items: 'a:1,b:2' });
    expect(url.search).toBe('?b=2&items=a%3A1%2Cb%3A2');
    expect(url.searchParams.get('items')).toBe('a:1,b:2');
  });
});
