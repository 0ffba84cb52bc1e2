/**
 * aws-chunked decoding against the AWS documentation's example (Amazon S3 API Reference,
 * "Signature calculations for the Authorization header: Transferring payload in multiple chunks",
 * example PUT of 66,560 bytes in a 64 KiB and a 1 KiB chunk), plus the ways a body can be broken.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError } from '../../src/errors.js';
import { decodeAwsChunked, type ChunkedInput } from '../../src/s3/index.js';
import { deriveSigningKey } from '../../src/sigv4/index.js';

const SIGNING = {
  signingKey: deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3'),
  timestamp: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};
const SIG1 = 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648';
const SIG2 = '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497';
const SIG3 = 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9';

function docBody(first = Buffer.alloc(65536, 'a'), sig1 = SIG1): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sig1}\r\n`), first, Buffer.from('\r\n'),
    Buffer.from(`400;chunk-signature=${SIG2}\r\n`), Buffer.alloc(1024, 'a'), Buffer.from('\r\n'),
    Buffer.from(`0;chunk-signature=${SIG3}\r\n\r\n`),
  ]);
}

const signed = (body: Buffer, extra: Partial<ChunkedInput> = {}): ChunkedInput => ({ body, mode: 'signed', decodedLength: 66560, announcedTrailers: [], signing: SIGNING, ...extra });

function rejects(input: ChunkedInput, code: string): BridgeError {
  try {
    decodeAwsChunked(input);
  } catch (error) {
    assert.ok(error instanceof BridgeError);
    assert.equal(error.code, code);
    return error;
  }
  throw new Error('expected a rejection');
}

describe('aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  it('decodes the AWS documentation example and verifies its three chunk signatures', () => {
    const body = docBody();
    assert.equal(body.length, 66824, 'the Content-Length of the documented request');
    const result = decodeAwsChunked(signed(body));
    assert.equal(result.data.length, 66560);
    assert.ok(result.data.every((b) => b === 0x61));
  });

  it('a changed byte in a chunk, a forged chunk signature or a reordered chain fails the signature', () => {
    const tampered = Buffer.alloc(65536, 'a');
    tampered[100] = 0x62;
    rejects(signed(docBody(tampered)), 'SIGNATURE_MISMATCH');
    rejects(signed(docBody(undefined, SIG1.replace(/.$/, '0'))), 'SIGNATURE_MISMATCH');
    rejects(signed(docBody(), { signing: { ...SIGNING, seedSignature: SIG2 } }), 'SIGNATURE_MISMATCH');
  });

  it('framing errors are IncompleteBody: bad size line, short chunk, missing CRLF, trailing garbage, wrong decoded length', () => {
    const good = docBody();
    rejects(signed(Buffer.concat([Buffer.from('zz;chunk-signature=x\r\n'), good])), 'INCOMPLETE_BODY');
    rejects(signed(good.subarray(0, 60_000)), 'INCOMPLETE_BODY');
    rejects(signed(good.subarray(0, good.length - 2)), 'INCOMPLETE_BODY');
    rejects(signed(Buffer.concat([good, Buffer.from('extra')])), 'INCOMPLETE_BODY');
    rejects(signed(good, { decodedLength: 66561 }), 'INCOMPLETE_BODY');
    const noCrlf = Buffer.from(good);
    noCrlf.write('XX', 88 + 65536, 'latin1');
    rejects(signed(noCrlf), 'INCOMPLETE_BODY');
  });

  it('unsigned trailer mode: only announced trailers, each once', () => {
    const body = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
    const ok = decodeAwsChunked({ body, mode: 'unsigned-trailer', decodedLength: 5, announcedTrailers: ['x-amz-checksum-crc32'] });
    assert.equal(ok.data.toString(), 'hello');
    assert.equal(ok.trailers.get('x-amz-checksum-crc32'), 'NhCmhg==');
    const error = rejects({ body, mode: 'unsigned-trailer', decodedLength: 5, announcedTrailers: ['x-amz-checksum-sha256'] }, 'INCOMPLETE_BODY');
    assert.equal(error.extra?.['s3Code'], 'malformedTrailer');
    rejects({ body: Buffer.from('5;chunk-signature=ab\r\nhello\r\n0\r\n\r\n'), mode: 'unsigned-trailer', decodedLength: 5, announcedTrailers: [] }, 'INCOMPLETE_BODY');
  });
});
