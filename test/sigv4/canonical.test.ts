/**
 * Canonicalisation units (URI encoding, canonical URI, canonical query, header trimming, dates), the
 * precomputed-pad HMAC against node's, and a property test: whatever query/path/header values the
 * SDK signer is given, we agree with it.
 */

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalQueryString, canonicalUri, parseQuery, uriEncode, verifySigV4 } from '../../src/sigv4/index.js';
import { canonicalHeaderValue } from '../../src/sigv4/canonical-request.js';
import { createSigningKey } from '../../src/sigv4/signing-key-cache.js';
import { parseRequestTime } from '../../src/sigv4/request-time.js';
import { escapeUri, NOW, presign, signHeader, testLookup } from './helpers.js';

const canonicalQuery = (raw: string) => canonicalQueryString(parseQuery(raw));

describe('URI encoding (RFC 3986 strict)', () => {
  it('keeps only unreserved characters', () => {
    assert.equal(uriEncode('AZaz09-_.~'), 'AZaz09-_.~');
    assert.equal(uriEncode("a b+c/d=e&f*!'()"), 'a%20b%2Bc%2Fd%3De%26f%2A%21%27%28%29');
    assert.equal(uriEncode('é✓𝄞'), '%C3%A9%E2%9C%93%F0%9D%84%9E');
    assert.equal(uriEncode('%41'), '%2541');
  });
});

describe('canonical URI', () => {
  it('non-S3: normalised, then every wire character encoded once more', () => {
    assert.equal(canonicalUri('', false), '/');
    assert.equal(canonicalUri('/', false), '/');
    assert.equal(canonicalUri('/a%20b/c', false), '/a%2520b/c');
    assert.equal(canonicalUri('//a/./b/../c//', false), '/a/c/');
    assert.equal(canonicalUri('/a/../..', false), '/');
    assert.equal(canonicalUri('/%2E%2E/x', false), '/%252E%252E/x', 'encoded dots are not dot segments');
  });

  it('S3: the wire path as-is', () => {
    assert.equal(canonicalUri('/bucket/a%20b//./c', true), '/bucket/a%20b//./c');
    assert.equal(canonicalUri('', true), '/');
  });
});

describe('canonical query', () => {
  it('sorts by name, then value, in byte order', () => {
    assert.equal(canonicalQuery('b=2&a=2&a=1&B=0'), 'B=0&a=1&a=2&b=2');
    assert.equal(canonicalQuery('a-b=1&a=2'), 'a=2&a-b=1', 'name order, not `name=value` string order');
  });

  it('decodes and strictly re-encodes names and values', () => {
    assert.equal(canonicalQuery('x=%7e%7E~&y=%c3%a9&z=a+b&w=%zz&v=%'), 'v=%25&w=%25zz&x=~~~&y=%C3%A9&z=a%2Bb');
  });

  it('valueless and empty parameters become `name=`; empty segments vanish', () => {
    assert.equal(canonicalQuery('flag&empty=&&x=1'), 'empty=&flag=&x=1');
    assert.equal(canonicalQuery(''), '');
  });

  it('drops X-Amz-Signature only when asked (query form)', () => {
    const pairs = parseQuery('X-Amz-Signature=abc&a=1');
    assert.equal(canonicalQueryString(pairs, 'X-Amz-Signature'), 'a=1');
    assert.equal(canonicalQueryString(pairs), 'X-Amz-Signature=abc&a=1');
  });
});

describe('canonical header values', () => {
  it('trims, collapses inner whitespace, joins repeated values with commas', () => {
    assert.equal(canonicalHeaderValue('  a   b\t c  '), 'a b c');
    assert.equal(canonicalHeaderValue(['x ', ' y', 'z']), 'x,y,z');
    assert.equal(canonicalHeaderValue(undefined), '');
  });
});

describe('request time', () => {
  it('parses ISO-8601 basic and, for the Date header, IMF-fixdate', () => {
    assert.equal(parseRequestTime('20250301T100000Z', false).ms, NOW);
    assert.deepEqual(parseRequestTime('Sat, 01 Mar 2025 10:00:00 GMT', true), { ms: NOW, iso: '20250301T100000Z' });
    assert.throws(() => parseRequestTime('Sat, 01 Mar 2025 10:00:00 GMT', false), { code: 'INCOMPLETE_SIGNATURE' });
    assert.throws(() => parseRequestTime('20240229T235960Z', false), { code: 'INCOMPLETE_SIGNATURE' });
    assert.equal(parseRequestTime('20240229T235959Z', false).iso, '20240229T235959Z');
  });
});

describe('precomputed-pad HMAC (signing-key-cache.ts)', () => {
  it('equals crypto.createHmac for any 32-byte key and any message', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: 'binary', maxLength: 300 }), (key, message) => {
      const expected = createHmac('sha256', key).update(message, 'utf8').digest();
      assert.deepEqual(createSigningKey(Buffer.from(key)).sign(message), expected);
    }), { numRuns: 300 });
  });

  it('refuses keys longer than a SHA-256 block', () => {
    assert.throws(() => createSigningKey(Buffer.alloc(65)), TypeError);
  });
});

describe('agreement with @smithy/signature-v4 on arbitrary input (property)', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const query = fc.dictionary(text.filter((k) => !k.startsWith('X-Amz-') && k !== '__proto__'), fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), { maxKeys: 5 });
  const segments = fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), { maxLength: 4 });
  const headerValue = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\t', ',', '=', '"', '1'), maxLength: 10 });

  it('header form', async () => {
    await fc.assert(fc.asyncProperty(query, segments, headerValue, async (q, segs, hv) => {
      const path = `/${segs.map(escapeUri).join('/')}`;
      const parts = await signHeader({ query: q, path, headers: { 'x-custom': hv } });
      await verifySigV4(parts, testLookup(), { service: 'sts', nowMs: NOW });
    }), { numRuns: 150 });
  });

  it('query form, S3 path rules', async () => {
    await fc.assert(fc.asyncProperty(query, segments, async (q, segs) => {
      const path = `/bucket/${segs.map(escapeUri).join('/')}`;
      const parts = await presign({ query: q, path, service: 's3', s3: true });
      await verifySigV4(parts, testLookup(), { service: 's3', nowMs: NOW, s3PathRules: true });
    }), { numRuns: 150 });
  });
});
