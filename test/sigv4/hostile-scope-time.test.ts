/**
 * Clock skew and credential-scope rules, with AWS's exact messages (sts.md §11, Coral captures).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignedRequestParts } from '../../src/sigv4/index.js';
import { verifySigV4 } from '../../src/sigv4/index.js';
import { NOW, rejectsWith, signHeader, testLookup } from './helpers.js';

const STS = { service: 'sts', nowMs: NOW };
const MIN = 60_000;

function editCredential(parts: SignedRequestParts, credential: string): SignedRequestParts {
  const authorization = String(parts.headers.authorization).replace(/Credential=[^,]+/, `Credential=${credential}`);
  return { ...parts, headers: { ...parts.headers, authorization } };
}

describe('clock skew (header form) → SIGNATURE_EXPIRED', () => {
  it('16 minutes old', async () => {
    const parts = await signHeader({ date: new Date(NOW - 16 * MIN) });
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_EXPIRED',
      'Signature expired: 20250301T094400Z is now earlier than 20250301T094500Z (20250301T100000Z - 15 min.)');
  });

  it('16 minutes in the future', async () => {
    const parts = await signHeader({ date: new Date(NOW + 16 * MIN) });
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_EXPIRED',
      'Signature not yet current: 20250301T101600Z is still later than 20250301T101500Z (20250301T100000Z + 15 min.)');
  });

  it('exactly 15 minutes either way is still accepted; the clock is read at whole seconds', async () => {
    await verifySigV4(await signHeader({ date: new Date(NOW - 15 * MIN) }), testLookup(), { ...STS, nowMs: NOW + 999 });
    await verifySigV4(await signHeader({ date: new Date(NOW + 15 * MIN) }), testLookup(), STS);
  });

  it('the STS example from the field, to the character', async () => {
    const parts = await signHeader({ date: new Date('2022-01-27T00:14:27Z') });
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, nowMs: Date.parse('2022-01-27T01:59:28.700Z') }), 'SIGNATURE_EXPIRED',
      'Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)');
  });

  it('a 5 minute window when the caller asks for it', async () => {
    const parts = await signHeader({ date: new Date(NOW - 6 * MIN) });
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, maxSkewMs: 5 * MIN }), 'SIGNATURE_EXPIRED',
      'Signature expired: 20250301T095400Z is now earlier than 20250301T095500Z (20250301T100000Z - 5 min.)');
  });

  it('the window is checked before the key is looked up', async () => {
    const lookup = testLookup();
    await assert.rejects(verifySigV4(await signHeader({ date: new Date(NOW - 60 * MIN) }), lookup, STS));
    assert.equal(lookup.calls.length, 0);
  });
});

describe('credential scope → SIGNATURE_MISMATCH', () => {
  it('scope date differs from the X-Amz-Date day', async () => {
    const parts = editCredential(await signHeader({}), 'AKIDEXAMPLE/20250228/us-east-1/sts/aws4_request');
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250228' != '20250301', from '20250301T100000Z'.");
  });

  it('wrong service', async () => {
    const parts = await signHeader({ service: 'iam' });
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', "Credential should be scoped to correct service: 'sts'. ");
  });

  it('service names are case-sensitive', async () => {
    const parts = await signHeader({ service: 'STS' });
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', "Credential should be scoped to correct service: 'sts'. ");
  });

  it('region outside the allow-list', async () => {
    const parts = await signHeader({ region: 'eu-west-1' });
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, allowedRegions: ['us-east-1'] }), 'SIGNATURE_MISMATCH',
      "Credential should be scoped to a valid Region, not 'eu-west-1'. ");
  });

  it('any well-formed region when unrestricted; an empty or odd one never', async () => {
    await verifySigV4(await signHeader({ region: 'ap-southeast-7' }), testLookup(), STS);
    const parts = editCredential(await signHeader({}), 'AKIDEXAMPLE/20250301//sts/aws4_request');
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', "Credential should be scoped to a valid Region, not ''. ");
  });

  it('wrong terminator', async () => {
    const parts = editCredential(await signHeader({}), 'AKIDEXAMPLE/20250301/us-east-1/sts/aws5_request');
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
  });

  it('several scope errors are reported together, in Coral order', async () => {
    const parts = editCredential(await signHeader({}), 'AKIDEXAMPLE/20250228/eu-west-1/iam/aws5_request');
    await rejectsWith(verifySigV4(parts, testLookup(), { ...STS, allowedRegions: ['us-east-1'] }), 'SIGNATURE_MISMATCH',
      "Credential should be scoped to a valid Region, not 'eu-west-1'. " +
        "Credential should be scoped to correct service: 'sts'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250228' != '20250301', from '20250301T100000Z'.");
  });

  it('the first configured service is the one named', async () => {
    const parts = await signHeader({ service: 'ec2' });
    await rejectsWith(verifySigV4(parts, testLookup(), { services: ['s3', 'sts'], nowMs: NOW }), 'SIGNATURE_MISMATCH',
      "Credential should be scoped to correct service: 's3'. ");
  });

  it('Date header fallback must be signed', async () => {
    const signed = await signHeader({});
    const { 'x-amz-date': _amz, ...headers } = signed.headers;
    const parts = { ...signed, headers: { ...headers, date: 'Sat, 01 Mar 2025 10:00:00 GMT' } };
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH', "'Date' must be a 'SignedHeader' in the AWS Authorization.");
  });
});
