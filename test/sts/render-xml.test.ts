/**
 * The Query API's XML answers are written directly (src/aws-query/render.ts); they must be the
 * bytes fast-xml-parser's XMLBuilder produced before, for every shape a result can take (maps and error
 * envelopes included).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLBuilder } from 'fast-xml-parser';
import { renderError, renderResult, type QueryStruct, type QueryValue } from '../../src/aws-query/render.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false, processEntities: false });
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The document the builder was given before (the removed `toXml`). */
function toBuilderInput(value: QueryValue): unknown {
  if (value instanceof Date) return isoSeconds(value);
  if (typeof value === 'object' && value !== null && Array.isArray((value as { members?: unknown }).members)) return { member: (value as { members: QueryValue[] }).members.map(toBuilderInput) };
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toBuilderInput(member);
    return out;
  }
  return String(value);
}

function builderXml(action: string, result: QueryStruct | undefined, requestId: string): string {
  return builder.build({ [`${action}Response`]: { '@_xmlns': NS, ...(result ? { [`${action}Result`]: toBuilderInput(result) } : {}), ResponseMetadata: { RequestId: requestId } } }) as string;
}

const results: Array<QueryStruct | undefined> = [
  undefined,
  {},
  { Arn: 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/s', UserId: 'AROA:s', Account: '222222222222' },
  {
    Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'a/b+c=', SessionToken: 'x.y.z', Expiration: new Date('2026-12-06T07:00:00.123Z') },
    SubjectFromWebIdentityToken: 'user <&> "quoted" \'apos\'',
    AssumedRoleUser: { Arn: 'arn', AssumedRoleId: 'id' },
    PackedPolicySize: 0,
    Provider: 'accounts.google.com',
    Audience: '',
    SourceIdentity: undefined,
    Truthy: true,
    Falsy: false,
    Number: 12.5,
  },
  { Tags: { members: [] }, Empty: {}, EmptyString: '' },
  { Users: { members: [{ UserName: 'alice', Tags: { members: [{ Key: 'team', Value: 'a&b' }] } }, { UserName: 'bob', Path: undefined }] } },
  { Names: { members: ['a', '', '<x>', 'ü'] }, Nested: { members: [{ members: ['1', '2'] }, { members: [] }] } },
  { '123': 'numeric-looking key first', Z: 'z', A: 'a' },
];

describe('Query API XML answers', () => {
  it('are byte for byte what XMLBuilder wrote, for every result shape', () => {
    for (const result of results) {
      const rendered = renderResult('xml', NS, 'AssumeRoleWithWebIdentity', result, 'c6104cbe-af31-11e0-8154-cbc7ccf896c7');
      assert.equal(rendered.contentType, 'text/xml');
      assert.equal(rendered.body, builderXml('AssumeRoleWithWebIdentity', result, 'c6104cbe-af31-11e0-8154-cbc7ccf896c7'), JSON.stringify(result));
    }
  });

  it('write string maps (IAM EvalDecisionDetails) as the <entry><key/><value/></entry> the IAM renderer built with XMLBuilder', () => {
    const IAM = 'https://iam.amazonaws.com/doc/2010-05-08/';
    for (const entries of [{}, { 'IAM Policy': 'allowed' }, { 'IAM Policy': 'implicitDeny', 'Resource <&> Policy': 'a&b "q"' }]) {
      const rendered = renderResult('xml', IAM, 'SimulatePrincipalPolicy', { Details: { entries }, After: 'x' }, 'r-1');
      const built = Object.entries(entries).map(([key, value]) => ({ key: escapeText(key), value: escapeText(value) }));
      const expected = builder.build({
        SimulatePrincipalPolicyResponse: { '@_xmlns': IAM, SimulatePrincipalPolicyResult: { Details: built.length === 0 ? '' : { entry: built }, After: 'x' }, ResponseMetadata: { RequestId: 'r-1' } },
      }) as string;
      assert.equal(rendered.body, expected, JSON.stringify(entries));
      assert.deepEqual(JSON.parse(renderResult('json', IAM, 'SimulatePrincipalPolicy', { Details: { entries } }, 'r-1').body).SimulatePrincipalPolicyResponse.SimulatePrincipalPolicyResult, { Details: entries });
    }
  });

  it('write error envelopes as XMLBuilder did', () => {
    for (const error of [{ type: 'Sender', code: 'ValidationError', message: `1 validation error: 'x' <&> "q"` }, { type: 'Receiver', code: 'A&B', message: '' }] as const) {
      const expected = builder.build({
        ErrorResponse: { '@_xmlns': NS, Error: { Type: error.type, Code: escapeText(error.code), Message: escapeText(error.message) }, RequestId: 'r-2' },
      }) as string;
      assert.equal(renderError('xml', NS, error, 'r-2').body, expected);
    }
  });
});
