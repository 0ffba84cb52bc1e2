/**
 * Query-form (presigned URL) signatures produced by @smithy/signature-v4: STS GetCallerIdentity
 * URLs (EKS / aws-iam-authenticator style), temporary credentials, S3 presigned URLs, and the
 * validity window rules for `X-Amz-Expires`.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSigV4, verifySigV4 } from '../../src/sigv4/index.js';
import { NOW, presign, rejectsWith, sha256Hex, TEMP, testLookup } from './helpers.js';

const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
const STS = { service: 'sts', nowMs: NOW };
const MIN = 60_000;

describe('query form, presigned by @smithy/signature-v4', () => {
  it('GetCallerIdentity presigned URL verifies', async () => {
    const parts = await presign({ query: GCI, expiresIn: 900 });
    assert.equal(detectSigV4(parts), 'query');
    const verified = await verifySigV4(parts, testLookup(), STS);
    assert.equal(verified.form, 'query');
    assert.deepEqual(verified.signedHeaders, ['host']);
    assert.equal(verified.payloadHash, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('with a session token: X-Amz-Security-Token is signed in the query and passed to the lookup', async () => {
    const parts = await presign({ query: GCI, credentials: TEMP });
    assert.match(parts.rawQuery, /X-Amz-Security-Token=/);
    const lookup = testLookup();
    const verified = await verifySigV4(parts, lookup, STS);
    assert.equal(verified.sessionToken, TEMP.sessionToken);
    assert.deepEqual(lookup.calls, [{ accessKeyId: TEMP.accessKeyId, sessionToken: TEMP.sessionToken }]);
  });

  it('EKS token shape: extra signed header x-k8s-aws-id, X-Amz-Expires=60', async () => {
    const parts = await presign({ query: GCI, expiresIn: 60, headers: { 'x-k8s-aws-id': 'my-cluster' } });
    const verified = await verifySigV4(parts, testLookup(), STS);
    assert.deepEqual(verified.signedHeaders, ['host', 'x-k8s-aws-id']);
    const tampered = { ...parts, headers: { ...parts.headers, 'x-k8s-aws-id': 'other-cluster' } };
    await rejectsWith(verifySigV4(tampered, testLookup(), STS), 'SIGNATURE_MISMATCH');
  });

  it('X-Amz-Expires is honoured: valid until date + expires, then "Request has expired"', async () => {
    const parts = await presign({ query: GCI, expiresIn: 60 });
    await verifySigV4(parts, testLookup(), { ...STS, nowMs: NOW + 60_000 });
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, nowMs: NOW + 61_000 }), 'SIGNATURE_EXPIRED', 'Request has expired');
  });

  it('a long-lived URL (7 days) is valid far beyond the clock-skew window', async () => {
    const parts = await presign({ query: GCI, expiresIn: 604_800 });
    await verifySigV4(parts, testLookup(), { ...STS, nowMs: NOW + 6 * 24 * 60 * MIN });
  });

  it('ignorePresignedExpires: STS-faithful ±15 min window on X-Amz-Date instead', async () => {
    const parts = await presign({ query: GCI, expiresIn: 60 });
    const options = { ...STS, ignorePresignedExpires: true };
    await verifySigV4(parts, testLookup(), { ...options, nowMs: NOW + 14 * MIN });
    await rejectsWith(
      verifySigV4(parts, testLookup(), { ...options, nowMs: NOW + 16 * MIN }),
      'SIGNATURE_EXPIRED',
      'Signature expired: 20250301T100000Z is now earlier than 20250301T100100Z (20250301T101600Z - 15 min.)',
    );
  });

  it('a presigned URL dated in the future beyond the skew is not yet current', async () => {
    const parts = await presign({ query: GCI, date: new Date(NOW + 16 * MIN) });
    await rejectsWith(
      verifySigV4(parts, testLookup(), STS),
      'SIGNATURE_EXPIRED',
      'Signature not yet current: 20250301T101600Z is still later than 20250301T101500Z (20250301T100000Z + 15 min.)',
    );
  });

  it('S3 presigned URL, JS SDK style: X-Amz-Content-Sha256=UNSIGNED-PAYLOAD hoisted into the query', async () => {
    const parts = await presign({
      service: 's3', s3: true, path: '/bucket/photos/%C3%A9t%C3%A9%20summer.jpg', query: { 'x-id': 'GetObject' },
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    assert.match(parts.rawQuery, /x-amz-content-sha256=UNSIGNED-PAYLOAD/i);
    const options = { service: 's3', nowMs: NOW, s3PathRules: true, allowUnsignedPayload: true };
    const verified = await verifySigV4({ ...parts, bodySha256Hex: undefined }, testLookup(), options);
    assert.equal(verified.payloadHash, 'UNSIGNED-PAYLOAD');
  });

  it('S3 presigned URL, botocore style: no payload marker anywhere, UNSIGNED-PAYLOAD implied', async () => {
    // Payload hash UNSIGNED-PAYLOAD, but the marker is neither hoisted into the query nor signed/sent.
    const parts = await presign({
      service: 's3', s3: true, path: '/bucket/key', method: 'PUT',
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, keepOutOfQuery: ['x-amz-content-sha256'],
    });
    const { 'x-amz-content-sha256': _marker, ...headers } = parts.headers;
    assert.doesNotMatch(parts.rawQuery, /content-sha256/i);
    const wire = { ...parts, headers, bodySha256Hex: undefined };
    const options = { service: 's3', nowMs: NOW, s3PathRules: true, allowUnsignedPayload: true };
    const verified = await verifySigV4(wire, testLookup(), options);
    assert.equal(verified.payloadHash, 'UNSIGNED-PAYLOAD');
    // Without allowUnsignedPayload the body hash is used instead, which is not what was signed.
    await rejectsWith(
      verifySigV4({ ...wire, bodySha256Hex: sha256Hex('') }, testLookup(), { ...options, allowUnsignedPayload: false }),
      'SIGNATURE_MISMATCH',
    );
  });

  it('query values that need encoding survive the round trip', async () => {
    const parts = await presign({ query: { ...GCI, Odd: 'a b+c/d=é', Empty: '', Multi: ['2', '1'] } });
    await verifySigV4(parts, testLookup(), STS);
  });
});
