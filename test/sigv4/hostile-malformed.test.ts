/**
 * Malformed and ambiguous authentication: every case asserts the exact code and AWS's wording
 * (see src/sigv4/failures.ts for where each text comes from).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CATALOG } from '../../src/errors.js';
import type { SignedRequestParts } from '../../src/sigv4/index.js';
import { detectSigV4, verifySigV4 } from '../../src/sigv4/index.js';
import { NOW, presign, rejectsWith, signHeader, testLookup } from './helpers.js';

const STS = { service: 'sts', nowMs: NOW };
const SCOPE = 'AKIDEXAMPLE/20250301/us-east-1/sts/aws4_request';

function authOf(parts: SignedRequestParts): string {
  const auth = parts.headers.authorization;
  assert.equal(typeof auth, 'string');
  return auth as string;
}

function withAuth(parts: SignedRequestParts, edit: (auth: string) => string): SignedRequestParts {
  return { ...parts, headers: { ...parts.headers, authorization: edit(authOf(parts)) } };
}

function withQuery(parts: SignedRequestParts, edit: (pairs: string[]) => string[]): SignedRequestParts {
  return { ...parts, rawQuery: edit(parts.rawQuery.split('&')).join('&') };
}

describe('authentication form', () => {
  it('no authentication at all → MISSING_AUTHENTICATION', async () => {
    const parts = { method: 'GET', path: '/', rawQuery: 'Action=GetCallerIdentity', headers: { host: 'h' }, bodySha256Hex: undefined };
    assert.equal(detectSigV4(parts), 'none');
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'MISSING_AUTHENTICATION', 'Request is missing Authentication Token');
  });

  it('a non-AWS4 Authorization header (Bearer, SigV2) counts as no authentication', async () => {
    for (const authorization of ['Bearer eyJhbGciOi.x.y', 'AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=']) {
      const parts = { method: 'GET', path: '/', rawQuery: '', headers: { host: 'h', authorization }, bodySha256Hex: undefined };
      assert.equal(detectSigV4(parts), 'none');
      await rejectsWith(verifySigV4(parts, testLookup(), STS), 'MISSING_AUTHENTICATION');
    }
  });

  it('header and query authentication at once → SIGNATURE_MISMATCH', async () => {
    const signed = await signHeader({});
    const parts = { ...signed, rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    assert.equal(detectSigV4(parts), 'header');
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'SIGNATURE_MISMATCH',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });
});

describe('malformed Authorization header → INCOMPLETE_SIGNATURE', () => {
  const cases: Array<[string, (auth: string) => string, (auth: string) => string]> = [
    ['missing Signature', (a) => a.replace(/, Signature=[0-9a-f]+/, ''), (a) => `Authorization header requires 'Signature' parameter. Authorization=${a}`],
    ['missing Credential', (a) => a.replace(/Credential=[^,]+, /, ''), (a) => `Authorization header requires 'Credential' parameter. Authorization=${a}`],
    ['missing SignedHeaders', (a) => a.replace(/SignedHeaders=[^,]+, /, ''), (a) => `Authorization header requires 'SignedHeaders' parameter. Authorization=${a}`],
    ['empty Signature', (a) => a.replace(/Signature=[0-9a-f]+/, 'Signature='), (a) => `Authorization header requires 'Signature' parameter. Authorization=${a}`],
    [
      'algorithm only', () => 'AWS4-HMAC-SHA256',
      () => "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    ],
    ['a component without "="', (a) => a.replace('Credential=', 'Credential= '), (a) => `'${SCOPE}' not a valid key=value pair (missing equal-sign) in Authorization header: '${a}'.`],
    ['unsupported algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'), () => "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "],
    ['SigV4a algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'), () => "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "],
    [
      'Credential with 4 elements', (a) => a.replace('/aws4_request', ''),
      () => "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20250301/us-east-1/sts'",
    ],
    [
      'Credential with 6 elements', (a) => a.replace('/aws4_request', '/aws4_request/x'),
      () => `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${SCOPE}/x'`,
    ],
    ['repeated Signature', (a) => `${a}, Signature=${'0'.repeat(64)}`, (a) => `Authorization header requires a single 'Signature' parameter. Authorization=${a}`],
  ];
  for (const [name, edit, message] of cases) {
    it(name, async () => {
      const parts = withAuth(await signHeader({}), edit);
      await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE', message(authOf(parts)));
    });
  }

  it('missing date header', async () => {
    const { 'x-amz-date': _date, ...headers } = (await signHeader({})).headers;
    const parts = { ...(await signHeader({})), headers };
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authOf(parts)}`);
  });

  for (const date of ['2025-03-01T10:00:00Z', '20250230T100000Z', '20250301T250000Z', '1740823200']) {
    it(`X-Amz-Date not ISO-8601 basic: ${date}`, async () => {
      const signed = await signHeader({});
      const parts = { ...signed, headers: { ...signed.headers, 'x-amz-date': date } };
      await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE',
        `Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    });
  }

  it('a trailing slash after the Credential is ignored, as Coral does', async () => {
    await verifySigV4(withAuth(await signHeader({}), (a) => a.replace('aws4_request', 'aws4_request/')), testLookup(), STS);
  });

  it('commas without spaces are accepted', async () => {
    await verifySigV4(withAuth(await signHeader({}), (a) => a.replace(/, /g, ',')), testLookup(), STS);
  });
});

describe('malformed signature value → SIGNATURE_MISMATCH', () => {
  for (const [name, signature] of [['non-hex', 'z'.repeat(64)], ['too short', 'abc123'], ['upper-case hex', 'A'.repeat(64)], ['too long', '0'.repeat(66)]] as const) {
    it(name, async () => {
      const parts = withAuth(await signHeader({}), (a) => a.replace(/Signature=[0-9a-f]+/, `Signature=${signature}`));
      const lookup = testLookup();
      await rejectsWith(verifySigV4(parts, lookup, STS), 'SIGNATURE_MISMATCH', ERROR_CATALOG.SIGNATURE_MISMATCH.message);
      assert.equal(lookup.calls.length, 0, 'rejected before any key lookup');
    });
  }
});

describe('malformed presigned URL → INCOMPLETE_SIGNATURE', () => {
  const GCI = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

  it('missing parameters are all named', async () => {
    const parts = withQuery(await presign({ query: GCI }), (p) => p.filter((x) => !/^X-Amz-(Signature|Credential)=/.test(x)));
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE',
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.");
  });

  const expiries: Array<[string, string]> = [
    ['604801', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
    ['0', 'X-Amz-Expires must be greater than 0'],
    ['-1', 'X-Amz-Expires must be non-negative'],
    ['1e3', 'X-Amz-Expires should be a number'],
  ];
  for (const [value, message] of expiries) {
    it(`X-Amz-Expires=${value}`, async () => {
      const parts = withQuery(await presign({ query: GCI }), (p) => p.map((x) => (x.startsWith('X-Amz-Expires=') ? `X-Amz-Expires=${value}` : x)));
      await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE', message);
    });
  }

  it('a repeated X-Amz-Signature', async () => {
    const parts = withQuery(await presign({ query: GCI }), (p) => [...p, `X-Amz-Signature=${'0'.repeat(64)}`]);
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE',
      "AWS query-string parameters must include a single 'X-Amz-Signature'. Re-examine the query-string parameters.");
  });

  it('different session tokens in the query and the header', async () => {
    const signed = await presign({ query: GCI, credentials: { accessKeyId: 'ASIATEMPEXAMPLE00001', secretAccessKey: 's', sessionToken: 'a' } });
    const parts = { ...signed, headers: { ...signed.headers, 'x-amz-security-token': 'b' } };
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE',
      "Found both 'X-Amz-Security-Token' as a query-string param and as HTTP header with different values.");
  });

  it('unsupported X-Amz-Algorithm', async () => {
    const parts = withQuery(await presign({ query: GCI }), (p) => p.map((x) => (x.startsWith('X-Amz-Algorithm=') ? 'X-Amz-Algorithm=AWS4-HMAC-SHA1' : x)));
    await rejectsWith(verifySigV4(parts, testLookup(), STS), 'INCOMPLETE_SIGNATURE', "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ");
  });
});
