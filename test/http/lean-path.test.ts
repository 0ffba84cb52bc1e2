/**
 * The lean path (src/http/lean-path.ts): `POST /verify` and the Query API's `POST /` answered
 * before Express. Its answers must be the Express routes' answers, byte for byte apart from the
 * request id; every request keeps its x-amzn-RequestId and its one log line; whatever it does not
 * take (encodings, other charsets, oversize declarations, other paths) still reaches Express.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import express from 'express';
import { pino } from 'pino';
import { clientIp, isSecure, leanPath, logRequestOnFinish, requestLineLogger, type LogFields, type QueryEndpoint, type VerifyEndpoint } from '../../src/http/index.js';
import { LOG_REDACTIONS } from '../../src/compose.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, UPDATE_APP, credentialsOf, stsClient } from '../helpers/demo.js';
import { signedStsRequest } from '../helpers/raw-sts.js';
import { signRequest } from '../helpers/sign.js';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Status, headers and body with the per-request parts (date, request id, connection) taken out. */
function comparable(answer: Answer) {
  const id = String(answer.headers['x-amzn-requestid']);
  assert.match(id, UUID, 'every answer carries x-amzn-RequestId');
  const headers: Record<string, unknown> = { ...answer.headers };
  for (const name of ['date', 'x-amzn-requestid', 'connection', 'keep-alive']) delete headers[name];
  assert.ok(answer.body.includes(id), 'the body names the same request id as the header');
  return { status: answer.status, headers, body: answer.body.split(id).join('<request-id>') };
}

describe('lean path, on a real rolegate', () => {
  let server: TestServer;
  let verifyAllowed: string;
  let verifyDenied: string;
  let bearer: string;
  const json = { 'content-type': 'application/json' };
  // `Content-Encoding: identity` is valid HTTP the lean path leaves to Express: the same request, the Express route.
  const viaExpress = { ...json, 'content-encoding': 'identity' };

  before(async () => {
    server = await startRolegate();
    const creds = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'lean' })));
    const signed = await signRequest({ method: 'GET', url: 'http://app.example/productionapp/app.zip', service: 's3', credentials: creds });
    verifyAllowed = JSON.stringify({ request: signed, service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip', resourceAccount: '222222222222' });
    verifyDenied = JSON.stringify({ request: signed, service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::someone-elses/x', resourceAccount: '222222222222' });
    bearer = JSON.stringify({ token: creds.sessionToken, action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip', resourceAccount: '222222222222' });
  });
  after(() => server.close());

  it('POST /verify answers exactly as the Express route does: allowed, denied, bearer, unreadable and empty bodies', async () => {
    for (const body of [verifyAllowed, verifyDenied, bearer, '{"token":', '"a string"', '', '\uFEFF' + bearer]) {
      const lean = comparable(await send(server.url, 'POST', '/verify', json, body));
      const full = comparable(await send(server.url, 'POST', '/verify', viaExpress, body));
      assert.deepEqual(lean, full, `same answer for ${body.slice(0, 20)}`);
    }
    const allowed = comparable(await send(server.url, 'POST', '/verify', json, verifyAllowed));
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['cache-control'], 'no-store');
    assert.equal(allowed.headers['x-content-type-options'], 'nosniff');
    assert.equal(allowed.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(JSON.parse(allowed.body).allowed, true);
  });

  it('POST / (Query API) answers exactly as the Express route does, XML and JSON, success and failure', async () => {
    const identity = await signedStsRequest(server.url, ALICE, 'Action=GetCallerIdentity&Version=2011-06-15');
    const headers = { ...identity.headers };
    delete headers['host'];
    delete headers['content-length'];
    for (const [extra, body] of [[{}, identity.body!], [{ accept: 'application/json' }, identity.body!], [{}, 'Action=Nope&Version=2011-06-15'], [{}, 'Action=%ZZ']] as const) {
      const lean = comparable(await send(server.url, 'POST', '/', { ...headers, ...extra }, body));
      const full = comparable(await send(server.url, 'POST', '/', { ...headers, ...extra, 'content-encoding': 'identity' }, body));
      assert.deepEqual(lean, full);
    }
    const ok = await stsClient(server.url, ALICE).send(new GetCallerIdentityCommand({}));
    assert.equal(ok.Arn, 'arn:aws:iam::111111111111:user/alice');
  });

  it('each lean request writes one JSON log line with its request id; a rejected body also its warning', async () => {
    const mark = server.logLines.length;
    const allowed = await send(server.url, 'POST', '/verify', json, verifyAllowed);
    const broken = await send(server.url, 'POST', '/verify', json, '{"token":');
    await new Promise((r) => setTimeout(r, 20));
    const lines = server.logLines.slice(mark).map((line) => JSON.parse(line) as Record<string, unknown>);
    const lineOf = (answer: Answer, msg: string) => lines.filter((l) => l['reqId'] === answer.headers['x-amzn-requestid'] && l['msg'] === msg);
    assert.equal(lineOf(allowed, 'request').length, 1);
    assert.deepEqual(
      { ...lineOf(allowed, 'request')[0], time: 0, ms: 0, pid: 0, hostname: '' },
      { level: 30, time: 0, pid: 0, hostname: '', reqId: allowed.headers['x-amzn-requestid'], method: 'POST', path: '/verify', status: 200, ms: 0, action: 's3:GetObject', mode: 'sigv4', msg: 'request' },
    );
    assert.equal(lineOf(broken, 'request')[0]?.['status'], 400);
    assert.equal(lineOf(broken, 'request rejected')[0]?.['code'], 'VALIDATION');
  });

  it('bodies over the limit: 413 with the right envelope, the connection closed, nothing stored', async () => {
    const mark = server.store.writes.length;
    const big = JSON.stringify({ token: 'x'.repeat(70 * 1024) });
    for (const headers of [json, { ...json, 'transfer-encoding': 'chunked' }]) {
      const answer = await send(server.url, 'POST', '/verify', headers, big);
      assert.equal(answer.status, 413);
      assert.deepEqual(JSON.parse(answer.body).error, { code: 'REQUEST_TOO_LARGE', message: 'The request is too large.' });
      assert.match(String(answer.headers['x-amzn-requestid']), UUID);
    }
    const chunked = await send(server.url, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }, `Action=AssumeRole&RoleArn=${UPDATE_APP}&x=${'a'.repeat(600 * 1024)}`);
    assert.equal(chunked.status, 413);
    assert.equal(chunked.headers['connection'], 'close');
    assert.match(chunked.body, /<Code>RequestEntityTooLarge<\/Code>/);
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('what the lean path leaves alone still works through Express: gzip bodies, 404s, other methods', async () => {
    const gzipped = await send(server.url, 'POST', '/verify', { ...json, 'content-encoding': 'gzip' }, gzipSync(bearer));
    assert.equal(gzipped.status, 200);
    assert.equal(JSON.parse(gzipped.body).allowed, true);
    for (const [method, path] of [['GET', '/nope'], ['POST', '/nope'], ['GET', '/verify'], ['PUT', '/']]) {
      const answer = await send(server.url, method!, path!, json, method === 'GET' ? undefined : '{}');
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal(JSON.parse(answer.body).error.code, 'NOT_FOUND');
      assert.match(String(answer.headers['x-amzn-requestid']), UUID);
    }
  });
});

describe('lean path routing', () => {
  let server: Server;
  let url: string;
  const taken: string[] = [];
  before(async () => {
    const query: QueryEndpoint = async (call) => {
      taken.push(`query ${call.url} ${call.body.length}`);
      return { response: { status: 200, contentType: 'text/xml', body: `<ok>${call.requestId}</ok>` }, logFields: {} };
    };
    const verify: VerifyEndpoint = async (body, env) => {
      taken.push(`verify ${JSON.stringify(body)}`);
      return { status: 200, body: { requestId: env.requestId }, logFields: {} };
    };
    const lean = leanPath({ logger: pino({ level: 'silent' }), query, verify, trustProxy: false });
    server = createServer((req, res) => {
      if (lean(req, res)) return;
      res.setHeader('x-amzn-RequestId', 'express');
      res.end('express');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const served = async (method: string, path: string, headers: Record<string, string>, body?: string | Buffer) => (await send(url, method, path, headers, body)).body === 'express' ? 'express' : 'lean';

  it('takes POST /verify (JSON, UTF-8) and POST / (with or without a query string), nothing else', async () => {
    const json = { 'content-type': 'application/json' };
    assert.equal(await served('POST', '/verify', json, '{"a":1}'), 'lean');
    assert.equal(await served('POST', '/verify', { 'content-type': 'application/json; charset=UTF-8' }, '{"a":1}'), 'lean');
    assert.equal(await served('POST', '/verify', {}, '{"a":1}'), 'lean');
    assert.equal(await served('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity'), 'lean');
    assert.equal(await served('POST', '/?Action=GetCallerIdentity', {}), 'lean');
    assert.deepEqual(taken, ['verify {"a":1}', 'verify {"a":1}', 'verify {"a":1}', 'query / 24', 'query /?Action=GetCallerIdentity 0']);

    assert.equal(await served('POST', '/verify', { ...json, 'content-encoding': 'gzip' }, gzipSync('{}')), 'express');
    assert.equal(await served('POST', '/verify', { 'content-type': 'application/json; charset=utf-16le' }, '{}'), 'express');
    // body-parser reads the first charset parameter (415 for latin1); the lean path must not pick the second.
    assert.equal(await served('POST', '/verify', { 'content-type': 'application/json; charset=latin1; charset=utf-8' }, '{}'), 'express');
    assert.equal(await served('POST', '/verify', { ...json, 'content-length': String(64 * 1024 + 1) }, 'x'.repeat(64 * 1024 + 1)), 'express');
    assert.equal(await served('POST', '/verify/', json, '{}'), 'express');
    assert.equal(await served('POST', '/verify?x=1', json, '{}'), 'express');
    assert.equal(await served('GET', '/', {}), 'express');
    assert.equal(await served('GET', '/?Action=GetCallerIdentity', {}), 'express');
    assert.equal(await served('POST', '/admin/revocations', json, '{}'), 'express');
    assert.equal(taken.length, 5);
  });
});

describe('client address on the lean path', () => {
  it('matches Express req.ip and req.secure, with and without trust proxy', async () => {
    for (const trust of [false, true]) {
      const app = express();
      app.set('trust proxy', trust);
      app.get('/', (req, res) => {
        res.json({ express: [req.ip, req.secure], lean: [clientIp(req, trust), isSecure(req, trust)] });
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        for (const headers of [
          {},
          { 'x-forwarded-for': '203.0.113.7' },
          { 'x-forwarded-for': '203.0.113.7, 10.0.0.1 ,10.0.0.2' },
          { 'x-forwarded-for': ' , 198.51.100.2' },
          { 'x-forwarded-for': ',' },
          { 'x-forwarded-proto': 'https' },
          { 'x-forwarded-proto': 'http, https' },
          { 'x-forwarded-proto': ' https ,http' },
        ] as Record<string, string>[]) {
          const answer = JSON.parse((await send(base, 'GET', '/', headers)).body) as { express: unknown; lean: unknown };
          assert.deepEqual(answer.lean, answer.express, `trust proxy ${trust}, ${JSON.stringify(headers)}`);
        }
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });
});

describe('request log line', () => {
  it('flat fields are written as they are; a nested value still goes through redaction', async () => {
    const written: string[] = [];
    const logger = pino({ level: 'info', redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, { write: (line: string) => void written.push(line) });
    const lines = requestLineLogger(logger);
    const fieldsByPath: Record<string, LogFields> = {
      '/flat': { action: 'AssumeRole', error: 'ACCESS_DENIED', retries: 0, cached: false },
      '/nested': { action: 'x', extra: { token: 'a-secret-token', sessionToken: 'another-secret' } },
    };
    const server = createServer((req, res) => {
      logRequestOnFinish(lines, res, { reqId: 'id-1', method: req.method, path: () => req.url!, fields: () => fieldsByPath[req.url!] });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await send(base, 'GET', '/flat', {});
      await send(base, 'GET', '/nested', {});
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const [flat, nested] = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual({ ...flat, time: 0, pid: 0, hostname: '', ms: 0 }, { level: 30, time: 0, pid: 0, hostname: '', reqId: 'id-1', method: 'GET', path: '/flat', status: 200, ms: 0, action: 'AssumeRole', error: 'ACCESS_DENIED', retries: 0, cached: false, msg: 'request' });
    assert.deepEqual(nested?.['extra'], { token: '[redacted]', sessionToken: '[redacted]' });
    assert.ok(!written.join('').includes('secret-token'));
  });
});
