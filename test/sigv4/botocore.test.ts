/**
 * Requests signed by real botocore (the signer behind boto3 and the AWS CLI): STS form POSTs with
 * long-term and temporary credentials, boto3's presigned GetCallerIdentity URL (`HttpMethod='GET'`,
 * the `aws eks get-token` recipe, and the default POST), an S3 PutObject and an S3 presigned GetObject for a key with spaces, unicode, `+`, `=`.
 * The requests are captured in a `before-send` hook, exactly as they would go on the wire.
 * Skipped when python3 with boto3 is not installed.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { SignedRequestParts, VerifyOptions } from '../../src/sigv4/index.js';
import { verifySigV4 } from '../../src/sigv4/index.js';
import { rejectsWith, sha256Hex, TEMP, testLookup } from './helpers.js';

const CAPTURE = String.raw`
import base64, json
import boto3
from botocore.config import Config

class Captured(Exception):
    pass

def capture(client, call):
    box = {}
    def hook(request, **kwargs):
        body = request.body or b''
        if isinstance(body, str): body = body.encode('utf-8')
        if hasattr(body, 'read'): body = body.read()
        box['req'] = {'method': request.method, 'url': request.url, 'headers': {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}, 'body': base64.b64encode(bytes(body)).decode()}
        raise Captured()
    client.meta.events.register('before-send', hook)
    try:
        call()
    except Captured:
        pass
    return box['req']

ep = 'http://localhost:8080'
creds = dict(aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
temp = dict(aws_access_key_id='${TEMP.accessKeyId}', aws_secret_access_key='${TEMP.secretAccessKey}', aws_session_token='${TEMP.sessionToken}')
cfg = Config(retries={'max_attempts': 1}, request_checksum_calculation='when_required')
s3cfg = Config(retries={'max_attempts': 1}, signature_version='s3v4', s3={'addressing_style': 'path'}, request_checksum_calculation='when_required')
sts = boto3.client('sts', region_name='eu-west-1', endpoint_url=ep, config=cfg, **creds)
sts_t = boto3.client('sts', region_name='eu-west-1', endpoint_url=ep, config=cfg, **temp)
s3 = boto3.client('s3', region_name='eu-west-1', endpoint_url=ep, config=s3cfg, **creds)
key = 'dir/key with space/été ✓+plus=eq.txt'
print(json.dumps({
  'sts-assume-role': capture(sts, lambda: sts.assume_role(RoleArn='arn:aws:iam::123456789012:role/dev', RoleSessionName='a+b=c,d@e.f-g', Tags=[{'Key': 'Project', 'Value': 'blue / green'}, {'Key': 'Team', 'Value': 'Ünïcode ✓'}], PolicyArns=[{'arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'}])),
  'sts-get-caller-identity-temp': capture(sts_t, lambda: sts_t.get_caller_identity()),
  'sts-presigned-get-caller-identity': {'method': 'GET', 'url': sts_t.generate_presigned_url('get_caller_identity', ExpiresIn=60, HttpMethod='GET'), 'headers': {}, 'body': ''},
  'sts-presigned-default-method': {'method': 'POST', 'url': sts_t.generate_presigned_url('get_caller_identity', ExpiresIn=60), 'headers': {}, 'body': ''},
  's3-put-object': capture(s3, lambda: s3.put_object(Bucket='bucket', Key=key, Body=b'hello world')),
  's3-presigned-get-object': {'method': 'GET', 'url': s3.generate_presigned_url('get_object', Params={'Bucket': 'bucket', 'Key': key}, ExpiresIn=300), 'headers': {}, 'body': ''},
}))
`;

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const python = ['python3', '/usr/bin/python3'].find((bin) => spawnSync(bin, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0);

function captureAll(): Record<string, Captured> {
  assert.ok(python);
  const run = spawnSync(python, ['-c', CAPTURE], { encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: '/nonexistent', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, Captured>;
}

/** The wire form: path and query exactly as in the URL, plus the Host header urllib3 adds. */
function toParts(captured: Captured): SignedRequestParts {
  const afterScheme = captured.url.indexOf('//') + 2;
  const pathStart = captured.url.indexOf('/', afterScheme);
  const target = captured.url.slice(pathStart);
  const q = target.indexOf('?');
  const headers: Record<string, string> = { host: captured.url.slice(afterScheme, pathStart) };
  for (const [name, value] of Object.entries(captured.headers)) headers[name.toLowerCase()] = value;
  return {
    method: captured.method,
    path: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    headers,
    bodySha256Hex: sha256Hex(Buffer.from(captured.body, 'base64')),
  };
}

describe('botocore / boto3 signatures', { skip: python === undefined ? 'python3 with boto3 not installed' : false }, () => {
  const captured = python === undefined ? {} : captureAll();
  const sts: VerifyOptions = { service: 'sts', nowMs: Date.now(), allowedRegions: ['eu-west-1'] };
  const s3: VerifyOptions = { service: 's3', nowMs: Date.now(), s3PathRules: true, allowUnsignedPayload: true };
  const cases: Array<[string, VerifyOptions, string | undefined]> = [
    ['sts-assume-role', sts, undefined],
    ['sts-get-caller-identity-temp', sts, TEMP.sessionToken],
    ['sts-presigned-get-caller-identity', sts, TEMP.sessionToken],
    // Without HttpMethod boto3 signs the operation's own method (POST); the URL is then POSTed.
    ['sts-presigned-default-method', sts, TEMP.sessionToken],
    ['s3-put-object', s3, undefined],
    ['s3-presigned-get-object', s3, undefined],
  ];

  for (const [name, options, token] of cases) {
    it(`${name} verifies`, async () => {
      const request = captured[name];
      assert.ok(request);
      const verified = await verifySigV4(toParts(request), testLookup(), options);
      assert.equal(verified.sessionToken, token);
      assert.equal(verified.region, 'eu-west-1');
    });
  }

  it('the S3 key with spaces, unicode, + and = arrives single-encoded and is signed as-is', () => {
    const request = captured['s3-put-object'];
    assert.ok(request);
    assert.equal(toParts(request).path, '/bucket/dir/key%20with%20space/%C3%A9t%C3%A9%20%E2%9C%93%2Bplus%3Deq.txt');
  });

  it('a tampered botocore body fails (no x-amz-content-sha256: the real body hash is signed)', async () => {
    const request = captured['sts-assume-role'];
    assert.ok(request);
    const parts = { ...toParts(request), bodySha256Hex: sha256Hex('Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin') };
    await rejectsWith(verifySigV4(parts, testLookup(), sts), 'SIGNATURE_MISMATCH');
  });

  it('the presigned URL with its 60 s X-Amz-Expires is refused two minutes later', async () => {
    const request = captured['sts-presigned-get-caller-identity'];
    assert.ok(request);
    await rejectsWith(verifySigV4(toParts(request), testLookup(), { ...sts, nowMs: Date.now() + 120_000 }), 'SIGNATURE_EXPIRED', 'Request has expired');
  });
});
