/**
 * AWS SigV4 test suite vectors (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html,
 * 2015 edition: AKIDEXAMPLE, 20150830T123600Z, us-east-1, service `service`). Requests, headers and
 * expected signatures are copied from the suite's `.sreq` files; the suite's request lines carry the
 * path unencoded (`/example space/`, `/ሴ`), which is exactly what "encode the wire path once more"
 * turns into the suite's canonical URI.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCanonicalRequest, canonicalQueryString, canonicalUri, parseQuery, verifySigV4 } from '../../src/sigv4/index.js';
import { EXAMPLE, SUITE_DATE, sha256Hex, testLookup } from './helpers.js';

const HOST = 'example.amazonaws.com';
const DATE = '20150830T123600Z';
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
const UNRESERVED = '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const VANILLA = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

interface Vector {
  name: string;
  method?: string;
  target: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  signedHeaders?: string;
  signature: string;
}

const VECTORS: Vector[] = [
  { name: 'get-vanilla', target: '/', signature: VANILLA },
  { name: 'get-vanilla-query-order-key-case', target: '/?Param2=value2&Param1=value1', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  { name: 'get-vanilla-query-order-value', target: '/?Param1=value2&Param1=value1', signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694' },
  { name: 'get-vanilla-query-order-key', target: '/?Param1=value2&Param1=Value1', signature: 'eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1' },
  { name: 'get-vanilla-empty-query-key', target: '/?Param1=value1', signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb' },
  { name: 'get-vanilla-query-unreserved', target: `/?${UNRESERVED}=${UNRESERVED}`, signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197' },
  { name: 'get-vanilla-utf8-query', target: '/?ሴ=bar', signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04' },
  { name: 'get-utf8', target: '/ሴ', signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85' },
  { name: 'get-unreserved', target: `/${UNRESERVED}`, signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f' },
  { name: 'normalize-path/get-space', target: '/example space/', signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741' },
  { name: 'normalize-path/get-slashes', target: '//example//', signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84' },
  { name: 'normalize-path/get-slash-dot-slash', target: '/./', signature: VANILLA },
  { name: 'normalize-path/get-slash-pointless-dot', target: '/./example', signature: 'ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5' },
  { name: 'normalize-path/get-relative', target: '/example/..', signature: VANILLA },
  { name: 'normalize-path/get-relative-relative', target: '/example1/example2/../..', signature: VANILLA },
  {
    name: 'get-header-value-trim', target: '/', headers: { 'my-header1': 'value1', 'my-header2': '"a   b   c"' },
    signedHeaders: 'host;my-header1;my-header2;x-amz-date', signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'get-header-key-duplicate', target: '/', headers: { 'my-header1': ['value2', 'value2', 'value1'] },
    signedHeaders: 'host;my-header1;x-amz-date', signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order', target: '/', headers: { 'my-header1': ['value4', 'value1', 'value3', 'value2'] },
    signedHeaders: 'host;my-header1;x-amz-date', signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    // The suite folds the value over three lines; its .creq treats each line as one value.
    name: 'get-header-value-multiline', target: '/', headers: { 'my-header1': ['value1', '  value2', '     value3'] },
    signedHeaders: 'host;my-header1;x-amz-date', signature: 'ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790',
  },
  { name: 'post-vanilla', method: 'POST', target: '/', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  { name: 'post-vanilla-empty-query-value', method: 'POST', target: '/?Param1=value1', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
  {
    name: 'post-header-key-sort', method: 'POST', target: '/', headers: { 'my-header1': 'value1' },
    signedHeaders: 'host;my-header1;x-amz-date', signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c',
  },
  {
    name: 'post-header-value-case', method: 'POST', target: '/', headers: { 'my-header1': 'VALUE1' },
    signedHeaders: 'host;my-header1;x-amz-date', signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
  {
    name: 'post-x-www-form-urlencoded', method: 'POST', target: '/', body: 'Param1=value1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    signedHeaders: 'content-type;host;x-amz-date', signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters', method: 'POST', target: '/', body: 'Param1=value1',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf8' },
    signedHeaders: 'content-type;host;x-amz-date', signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
  {
    name: 'post-sts-token/post-sts-header-before', method: 'POST', target: '/', headers: { 'x-amz-security-token': STS_TOKEN },
    signedHeaders: 'host;x-amz-date;x-amz-security-token', signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];

function toParts(v: Vector, signature = v.signature) {
  const q = v.target.indexOf('?');
  const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${v.signedHeaders ?? 'host;x-amz-date'}, Signature=${signature}`;
  return {
    method: v.method ?? 'GET',
    path: q < 0 ? v.target : v.target.slice(0, q),
    rawQuery: q < 0 ? '' : v.target.slice(q + 1),
    headers: { host: HOST, 'x-amz-date': DATE, ...v.headers, authorization },
    bodySha256Hex: sha256Hex(v.body ?? ''),
  };
}

const OPTIONS = { service: 'service', nowMs: SUITE_DATE.getTime() };

describe('AWS SigV4 test suite', () => {
  for (const vector of VECTORS) {
    it(`${vector.name} verifies`, async () => {
      const verified = await verifySigV4(toParts(vector), testLookup(), OPTIONS);
      assert.equal(verified.accessKeyId, EXAMPLE.accessKeyId);
      assert.equal(verified.signature, vector.signature);
      assert.equal(verified.region, 'us-east-1');
      assert.equal(verified.service, 'service');
      assert.equal(verified.signedAt.toISOString(), SUITE_DATE.toISOString());
    });
    it(`${vector.name} fails with one flipped signature digit`, async () => {
      const flipped = (vector.signature[0] === '0' ? '1' : '0') + vector.signature.slice(1);
      await assert.rejects(verifySigV4(toParts(vector, flipped), testLookup(), OPTIONS), { code: 'SIGNATURE_MISMATCH' });
    });
  }

  it('post-sts-header-before hands the session token to the lookup', async () => {
    const vector = VECTORS.find((v) => v.name.endsWith('post-sts-header-before'));
    assert.ok(vector);
    const lookup = testLookup();
    const verified = await verifySigV4(toParts(vector), lookup, OPTIONS);
    assert.equal(verified.sessionToken, STS_TOKEN);
    assert.deepEqual(lookup.calls, [{ accessKeyId: 'AKIDEXAMPLE', sessionToken: STS_TOKEN }]);
  });

  it('reproduces the suite canonical request for post-x-www-form-urlencoded (.creq)', () => {
    const creq = buildCanonicalRequest({
      method: 'POST',
      canonicalUri: canonicalUri('/', false),
      canonicalQuery: canonicalQueryString(parseQuery('')),
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: HOST, 'x-amz-date': DATE },
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      payloadHash: sha256Hex('Param1=value1'),
    });
    assert.equal(
      creq,
      'POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n' +
        'content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
    );
  });
});
