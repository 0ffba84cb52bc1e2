/**
 * The Query API endpoint's own failures (thrown before or by an adapter, outside its error
 * table) answer with the AWS envelope of the shell: Sender/ValidationError for a client's
 * fault, Receiver/InternalFailure for a server fault — never a 5xx dressed as ValidationError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError } from '../../src/errors.js';
import { createHttpMetrics, queryEndpoint, type QueryCall } from '../../src/http/index.js';

const call = (accept?: string): QueryCall => ({
  method: 'POST',
  url: '/',
  headers: { 'content-type': ['application/x-www-form-urlencoded'], ...(accept ? { accept: [accept] } : {}) },
  body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
  sourceIp: '127.0.0.1',
  secure: false,
  requestId: 'req-1',
});

describe('Query endpoint failures outside the adapters', () => {
  it('a server fault is 500 Receiver/InternalFailure (XML and JSON), with its catalog code for logs and metrics', async () => {
    const endpoint = queryEndpoint({ sts: async () => { throw new Error('boom: secret detail'); }, metrics: createHttpMetrics() });
    const xml = (await endpoint(call())).response;
    assert.equal(xml.status, 500);
    assert.equal(xml.errorCode, 'INTERNAL');
    assert.match(xml.body, /<Type>Receiver<\/Type>\s*<Code>InternalFailure<\/Code>/);
    assert.doesNotMatch(xml.body, /secret detail/, 'the internal detail is never sent');
    const json = (await endpoint(call('application/json'))).response;
    assert.equal(json.status, 500);
    assert.equal((JSON.parse(json.body) as { Error: { Type: string; Code: string } }).Error.Code, 'InternalFailure');
  });

  it('a client fault is Sender/ValidationError with its status', async () => {
    const endpoint = queryEndpoint({ sts: async () => { throw new BridgeError('VALIDATION', { message: 'bad input' }); }, metrics: createHttpMetrics() });
    const { response } = await endpoint(call());
    assert.equal(response.status, 400);
    assert.match(response.body, /<Type>Sender<\/Type>\s*<Code>ValidationError<\/Code>\s*<Message>bad input<\/Message>/);
  });
});
