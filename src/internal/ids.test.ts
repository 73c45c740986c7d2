import { describe, expect, it } from 'vitest';
import { fromBase64, randomBytes, randomId, toBase64, toBase64Url } from './ids.js';

describe('ids and base64', () => {
  it('encodes standard base64 and base64url (no padding) per RFC 4648', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x10]);
    expect(toBase64(bytes)).toBe('+/+/ABA=');
    expect(toBase64Url(bytes)).toBe('-_-_ABA');
    expect(toBase64(new Uint8Array())).toBe('');
  });

  it('decodes what it encodes and refuses malformed base64', () => {
    const bytes = randomBytes(33);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromBase64('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    for (const bad of ['', 'A', '-_-_', 'AQ ID', 'AQ===', '====']) expect(fromBase64(bad), bad).toBeNull();
  });

  it('makes unguessable ids: 16 bytes = 22 base64url characters, with an optional prefix', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomId(32, 'msg_')).toMatch(/^msg_[A-Za-z0-9_-]{43}$/);
  });
});
