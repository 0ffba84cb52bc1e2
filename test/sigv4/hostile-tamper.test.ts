/**
 * Tampering, wrong and unknown keys, signed-header rules, payload-hash rules, and the timing path:
 * an unknown key must go through the same key derivation + HMAC as a wrong signature.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError, ERROR_CATALOG } from '../../src/errors.js';
import type { SignedRequestParts, SigningSecretLookup } from '../../src/sigv4/index.js';
import { createSigningKeyCache, verifySigV4 } from '../../src/sigv4/index.js';
import { EXAMPLE, NOW, presign, rejectsWith, sha256Hex, signHeader, TEMP, testLookup } from './helpers.js';

const STS = { service: 'sts', nowMs: NOW };
const MISMATCH = ERROR_CATALOG.SIGNATURE_MISMATCH.message;
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const FORM = 'Action=GetCallerIdentity&Version=2011-06-15';
const post = (extra: Parameters<typeof signHeader>[0] = {}) =>
  signHeader({ method: 'POST', body: FORM, headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...extra });
const withHeaders = (parts: SignedRequestParts, headers: Record<string, string | undefined>): SignedRequestParts =>
  ({ ...parts, headers: { ...parts.headers, ...headers } });

describe('keys', () => {
  it('wrong secret → SIGNATURE_MISMATCH', async () => {
    const parts = await post({ credentials: { accessKeyId: EXAMPLE.accessKeyId, secretAccessKey: 'not-the-secret' } });
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', MISMATCH);
  });

  it('unknown key → INVALID_CLIENT_TOKEN, after the same key derivation and HMAC as a known key', async () => {
    const parts = await post({ credentials: { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: 'whatever' } });
    const keyCache = createSigningKeyCache();
    const lookup = testLookup();
    await rejectsWith(verifySigV4(parts, lookup, { ...STS, keyCache }), 'INVALID_CLIENT_TOKEN', INVALID_TOKEN);
    assert.deepEqual(lookup.calls, [{ accessKeyId: 'AKIDUNKNOWN000000000', sessionToken: undefined }]);
    assert.equal(keyCache.stats.lookups, 1, 'the signing-key path ran for the unknown key');

    const wrong = await post({ credentials: { accessKeyId: EXAMPLE.accessKeyId, secretAccessKey: 'whatever' } });
    const known = createSigningKeyCache();
    await rejectsWith(verifySigV4(wrong, testLookup(), { ...STS, keyCache: known }), 'SIGNATURE_MISMATCH');
    assert.deepEqual({ ...known.stats }, { ...keyCache.stats }, 'same work on both paths');
  });

  it('an access key id with impossible characters is never looked up, but still costs an HMAC', async () => {
    const signed = await post();
    const parts = withHeaders(signed, { authorization: String(signed.headers.authorization).replace('AKIDEXAMPLE', 'AKID\u00e9\u0000X') });
    const keyCache = createSigningKeyCache();
    const lookup = testLookup();
    await rejectsWith(verifySigV4(parts, lookup, { ...STS, keyCache }), 'INVALID_CLIENT_TOKEN');
    assert.equal(lookup.calls.length, 0);
    assert.equal(keyCache.stats.lookups, 1);
  });

  it('lookup errors (expired / invalid session token) are thrown after the HMAC work', async () => {
    const keyCache = createSigningKeyCache();
    for (const [token, code] of [['expired-token', 'EXPIRED_TOKEN'], ['forged-token', 'INVALID_CLIENT_TOKEN']] as const) {
      const parts = await post({ credentials: { ...TEMP, sessionToken: token } });
      await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, keyCache }), code);
    }
    assert.equal(keyCache.stats.lookups, 2);
  });

  it('a lookup that fails with an infrastructure error propagates it unchanged', async () => {
    const failing: SigningSecretLookup = async () => { throw new BridgeError('STORE_UNAVAILABLE'); };
    await rejectsWith(verifySigV4(await post(), failing, STS), 'STORE_UNAVAILABLE');
  });

  it('stripping the session token after signing with temporary credentials fails', async () => {
    const signed = await post({ credentials: TEMP });
    await rejectsWith(verifySigV4(withHeaders(signed, { 'x-amz-security-token': undefined }), testLookup(), STS), 'INVALID_CLIENT_TOKEN');
  });
});

describe('tampering → SIGNATURE_MISMATCH', () => {
  it('tampered body with x-amz-content-sha256: body hash mismatch', async () => {
    const parts = { ...(await post()), bodySha256Hex: sha256Hex(`${FORM}&Extra=1`) };
    const error = await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', MISMATCH);
    assert.match(error.detail ?? '', /^body hash mismatch/);
  });

  it('tampered body without x-amz-content-sha256: the real body hash is signed', async () => {
    const parts = { ...(await post({ applyChecksum: false })), bodySha256Hex: sha256Hex(`${FORM}&Extra=1`) };
    const error = await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', MISMATCH);
    assert.match(error.detail ?? '', /^signature mismatch/);
  });

  const edits: Array<[string, (p: SignedRequestParts) => SignedRequestParts]> = [
    ['a signed header value', (p) => withHeaders(p, { 'content-type': 'text/plain' })],
    ['the host', (p) => withHeaders(p, { host: 'evil.example' })],
    ['the method', (p) => ({ ...p, method: 'PUT' })],
    ['the path', (p) => ({ ...p, path: '/admin' })],
    ['an added query parameter', (p) => ({ ...p, rawQuery: 'Action=DeleteRole' })],
    ['x-amz-date within the skew window', (p) => withHeaders(p, { 'x-amz-date': '20250301T100001Z' })],
  ];
  for (const [name, edit] of edits) {
    it(name, async () => {
      await rejectsWith(verifySigV4(edit(await post()), testLookup(), STS), 'SIGNATURE_MISMATCH', MISMATCH);
    });
  }

  it('a tampered query parameter of a header-signed GET', async () => {
    const parts = await signHeader({ query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    await rejectsWith(verifySigV4({ ...parts, rawQuery: parts.rawQuery.replace('GetCallerIdentity', 'GetSessionToken') }, testLookup(), STS), 'SIGNATURE_MISMATCH');
  });

  it('a tampered query parameter of a presigned URL', async () => {
    const parts = await presign({ query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    for (const rawQuery of [parts.rawQuery.replace('GetCallerIdentity', 'GetSessionToken'), `${parts.rawQuery}&Extra=1`, parts.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=3600')]) {
      await rejectsWith(verifySigV4({ ...parts, rawQuery }, testLookup(), STS), 'SIGNATURE_MISMATCH');
    }
  });

  it('headers outside SignedHeaders may change (user-agent, proxies)', async () => {
    await verifySigV4(withHeaders(await post(), { 'user-agent': 'changed', 'x-forwarded-for': '10.0.0.1' }), testLookup(), STS);
  });
});

describe('SignedHeaders rules → SIGNATURE_MISMATCH', () => {
  const resign = (p: SignedRequestParts, signedHeaders: string) =>
    withHeaders(p, { authorization: String(p.headers.authorization).replace(/SignedHeaders=[^,]+/, `SignedHeaders=${signedHeaders}`) });

  it('host must be signed', async () => {
    await rejectsWith(verifySigV4(resign(await post(), 'content-type;x-amz-date'), testLookup(), STS), 'SIGNATURE_MISMATCH',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('x-amz-date must be signed when it carries the request time', async () => {
    await rejectsWith(verifySigV4(resign(await post(), 'content-type;host'), testLookup(), STS), 'SIGNATURE_MISMATCH',
      "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('an x-amz-security-token header must be signed', async () => {
    await rejectsWith(verifySigV4(withHeaders(await post(), { 'x-amz-security-token': TEMP.sessionToken }), testLookup(), STS), 'SIGNATURE_MISMATCH',
      "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
  });
});

describe('unsigned x-amz-* headers (S3 rule, opt-in)', () => {
  it('an injected x-amz-acl on a presigned PUT is refused when requireSignedAmzHeaders is set', async () => {
    const signed = await presign({ service: 's3', s3: true, method: 'PUT', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const parts = withHeaders(signed, { 'x-amz-acl': 'public-read' });
    const options = { service: 's3', nowMs: NOW, s3PathRules: true, allowUnsignedPayload: true, requireSignedAmzHeaders: true };
    const error = await rejectsWith(verifySigV4(parts, testLookup(), options), 'SIGNATURE_MISMATCH', 'There were headers present in the request which were not signed');
    assert.match(error.detail ?? '', /x-amz-acl/);
    await verifySigV4(signed, testLookup(), options);
  });

  it('without the option an unsigned x-amz-* header (e.g. CloudFront x-amz-cf-id) is tolerated', async () => {
    await verifySigV4(withHeaders(await post(), { 'x-amz-cf-id': 'abc' }), testLookup(), STS);
  });
});

describe('payload hash rules', () => {
  it('UNSIGNED-PAYLOAD is refused where not allowed (STS)', async () => {
    const error = await rejectsWith(verifySigV4(await post({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), testLookup(), STS), 'SIGNATURE_MISMATCH');
    assert.match(error.detail ?? '', /UNSIGNED-PAYLOAD/);
  });

  it('aws-chunked streaming payloads are not supported', async () => {
    const parts = await post({ headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' } });
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, allowUnsignedPayload: true }), 'INCOMPLETE_SIGNATURE',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.');
  });

  it('no declared hash and no server-computed hash', async () => {
    const parts = { ...(await post({ applyChecksum: false })), bodySha256Hex: undefined };
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE', 'Missing required header for this request: x-amz-content-sha256');
  });
});

describe('caller misuse → TypeError', () => {
  it('requireBodyHash without bodySha256Hex', async () => {
    await assert.rejects(verifySigV4({ ...(await post()), bodySha256Hex: undefined }, testLookup(), { ...STS, requireBodyHash: true }), TypeError);
  });
  it('no service configured', async () => {
    await assert.rejects(verifySigV4(await post(), testLookup(), { nowMs: NOW }), TypeError);
    await assert.rejects(verifySigV4(await post(), testLookup(), { services: [], nowMs: NOW }), TypeError);
  });
});
