/**
 * parsePolicy: every malformed-document error, with its exact message, plus what is accepted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BridgeError } from '../../src/errors.js';
import { parsePolicy, policySizeWithoutWhitespace } from '../../src/policy/index.js';
import type { PolicyKind } from '../../src/policy/index.js';

const S = (extra: Record<string, unknown>): Record<string, unknown> => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const P = (statement: unknown, version = '2012-10-17'): string => JSON.stringify({ Version: version, Statement: statement });
const TRUST = (extra: Record<string, unknown>): Record<string, unknown> => ({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', ...extra });

interface BadCase {
  readonly name: string;
  readonly rule: string;
  readonly input: string | unknown;
  readonly kind?: PolicyKind;
  readonly message: string;
}

const BAD: readonly BadCase[] = [
  { name: 'invalid JSON', rule: 'IAM JSON policy grammar: a policy is a JSON document', input: '{"Version": }', message: 'Policy: invalid JSON (expected a value: unexpected character "}" at position 12)' },
  { name: 'trailing garbage', rule: 'IAM JSON policy grammar: a policy is one JSON object', input: '{"Statement":[]} x', message: 'Policy: invalid JSON (after the document: unexpected character "x" at position 17)' },
  { name: 'unterminated string', rule: 'IAM JSON policy grammar: a policy is a JSON document', input: '{"Version', message: 'Policy: invalid JSON (unterminated string: unexpected end of input at position 9)' },
  { name: 'duplicate top-level key', rule: 'IAM JSON policy grammar: duplicate keys in one element are invalid', input: '{"Version":"2012-10-17","Statement":[],"Statement":[]}', message: 'Policy: duplicate key "Statement"' },
  { name: 'duplicate statement key', rule: 'IAM JSON policy grammar: duplicate keys in one element are invalid', input: '{"Statement":[{"Effect":"Allow","Effect":"Deny"}]}', message: 'Statement[0]: duplicate key "Effect"' },
  {
    name: 'duplicate condition key',
    rule: 'IAM JSON policy grammar: duplicate keys in one element are invalid',
    input: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","aws:username":"b"}}}}',
    message: 'Statement.Condition.StringEquals: duplicate key "aws:username"',
  },
  { name: 'not an object', rule: 'IAM JSON policy grammar: policy = { <version_block>?, <id_block>?, <statement_block> }', input: '[]', message: 'Policy: document must be a JSON object' },
  { name: 'unknown top-level element', rule: 'IAM JSON policy grammar: only Version, Id and Statement at the top level', input: { Version: '2012-10-17', Statements: [] }, message: 'Policy: unknown element "Statements"' },
  { name: 'bad Version', rule: 'IAM JSON policy elements: Version — "2012-10-17" or "2008-10-17"', input: { Version: '2012-10-18', Statement: S({}) }, message: 'Version: must be "2012-10-17" or "2008-10-17"' },
  { name: 'Id not a string', rule: 'IAM JSON policy elements: Id — a string identifier', input: { Id: 7, Statement: S({}) }, message: 'Id: must be a string' },
  { name: 'Statement missing', rule: 'IAM JSON policy grammar: statement_block is required', input: { Version: '2012-10-17' }, message: 'Statement: is required' },
  { name: 'Statement wrong type', rule: 'IAM JSON policy grammar: "Statement" : [ <statement>, … ] or one statement', input: { Statement: 'Allow' }, message: 'Statement: must be an object or an array of objects' },
  { name: 'Statement empty', rule: 'IAM JSON policy grammar: at least one statement', input: { Statement: [] }, message: 'Statement: must contain at least one statement' },
  { name: 'statement not an object', rule: 'IAM JSON policy grammar: each statement is an object', input: P([S({}), 'x']), message: 'Statement[1]: must be an object' },
  { name: 'unknown statement element', rule: 'IAM JSON policy grammar: statement elements are Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition', input: P([S({ Actions: 's3:*' })]), message: 'Statement[0]: unknown element "Actions"' },
  { name: 'Sid not a string', rule: 'IAM JSON policy elements: Sid — a string', input: P([S({ Sid: 1 })]), message: 'Statement[0].Sid: must be a string' },
  { name: 'Sid with a space (identity)', rule: 'IAM JSON policy elements: Sid — in IAM policies only ASCII letters and digits', input: P([S({ Sid: 'Read only' })]), message: 'Statement[0].Sid: must contain only letters and digits ([A-Za-z0-9]) in identity policies' },
  { name: 'Sid with a dash (session)', rule: 'IAM JSON policy elements: Sid — in IAM policies only ASCII letters and digits', input: P([S({ Sid: 'a-b' })]), kind: 'session', message: 'Statement[0].Sid: must contain only letters and digits ([A-Za-z0-9]) in session policies' },
  { name: 'duplicate Sid', rule: 'IAM JSON policy elements: Sid — unique within the policy', input: P([S({ Sid: 'Read' }), S({ Sid: 'Read' })]), message: 'Statement[1].Sid: duplicate Sid "Read"' },
  { name: 'Effect lower case', rule: 'IAM JSON policy elements: Effect — Allow or Deny, case-sensitive', input: P([S({ Effect: 'allow' })]), message: 'Statement[0]: Effect must be "Allow" or "Deny"' },
  { name: 'Effect missing', rule: 'IAM JSON policy elements: Effect — required', input: P([{ Action: 's3:*', Resource: '*' }]), message: 'Statement[0]: Effect must be "Allow" or "Deny"' },
  { name: 'Action and NotAction', rule: 'IAM JSON policy elements: NotAction — a statement has Action or NotAction, not both', input: P([S({ NotAction: 'iam:*' })]), message: 'Statement[0]: exactly one of Action or NotAction is required' },
  { name: 'no Action', rule: 'IAM JSON policy grammar: <action_block> is required', input: P([{ Effect: 'Allow', Resource: '*' }]), message: 'Statement[0]: exactly one of Action or NotAction is required' },
  { name: 'Action not a string', rule: 'IAM JSON policy grammar: <action_string> | [<action_string>, …]', input: P([S({ Action: 5 })]), message: 'Statement[0].Action: must be a string or an array of strings' },
  { name: 'Action empty array', rule: 'IAM JSON policy grammar: <action_string> | [<action_string>, …]', input: P([S({ Action: [] })]), message: 'Statement[0].Action: must not be an empty array' },
  { name: 'Action without service', rule: 'IAM JSON policy elements: Action — "service:action"', input: P([S({ Action: 's3GetObject' })]), message: 'Statement[0].Action: "s3GetObject" is not a valid action (expected "service:action" or "*")' },
  { name: 'identity without Resource', rule: 'IAM JSON policy elements: Resource — identity-based policy statements must include Resource or NotResource', input: P([{ Effect: 'Allow', Action: 's3:*' }]), message: 'Statement[0]: exactly one of Resource or NotResource is required' },
  { name: 'identity with both', rule: 'IAM JSON policy elements: NotResource — not both Resource and NotResource', input: P([S({ NotResource: 'arn:aws:s3:::b' })]), message: 'Statement[0]: exactly one of Resource or NotResource is required' },
  { name: 'boundary without Resource', rule: 'IAM JSON policy elements: Resource — required in identity-type policies', input: P([{ Effect: 'Allow', Action: 's3:*' }]), kind: 'boundary', message: 'Statement[0]: exactly one of Resource or NotResource is required' },
  { name: 'resource policy with both', rule: 'IAM JSON policy elements: NotResource — not both Resource and NotResource', input: P([S({ Principal: '*', NotResource: 'arn:aws:s3:::b' })]), kind: 'resource', message: 'Statement[0]: Resource and NotResource cannot both be present' },
  { name: 'Resource not an ARN', rule: 'IAM JSON policy elements: Resource — an ARN or "*"', input: P([S({ Resource: 'bucket' })]), message: 'Statement[0].Resource: "bucket" is not a valid resource (expected an ARN or "*")' },
  { name: 'Principal in identity', rule: 'AWS JSON policy elements: Principal — cannot be used in identity-based policies', input: P([S({ Principal: '*' })]), message: 'Statement[0]: Principal is not allowed in identity policies' },
  { name: 'Principal in boundary', rule: 'AWS JSON policy elements: Principal — only in resource-based policies', input: P([S({ Principal: '*' })]), kind: 'boundary', message: 'Statement[0]: Principal is not allowed in boundary policies' },
  { name: 'NotPrincipal in session', rule: 'AWS JSON policy elements: NotPrincipal — only in resource-based policies', input: P([S({ NotPrincipal: '*' })]), kind: 'session', message: 'Statement[0]: NotPrincipal is not allowed in session policies' },
  { name: 'NotPrincipal in trust', rule: 'AWS JSON policy elements: NotPrincipal — cannot be used in role trust policies', input: P([{ Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }]), kind: 'trust', message: 'Statement[0]: NotPrincipal is not allowed in trust policies' },
  { name: 'trust without Principal', rule: 'AWS JSON policy elements: Principal — required in role trust policies', input: P([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), kind: 'trust', message: 'Statement[0]: Principal is required in trust policies' },
  { name: 'resource without Principal', rule: 'AWS JSON policy elements: Principal — resource-based policies must name a principal', input: P([S({})]), kind: 'resource', message: 'Statement[0]: exactly one of Principal or NotPrincipal is required in resource policies' },
  { name: 'Principal and NotPrincipal', rule: 'AWS JSON policy elements: NotPrincipal — instead of Principal', input: P([S({ Principal: '*', NotPrincipal: '*' })]), kind: 'resource', message: 'Statement[0]: Principal and NotPrincipal cannot both be present' },
  { name: 'Principal bad string', rule: 'AWS JSON policy elements: Principal — "*" or { <type>: … }', input: P([TRUST({ Principal: 'alice' })]), kind: 'trust', message: 'Statement[0].Principal: must be "*" or an object of principal types' },
  { name: 'Principal unknown type', rule: 'AWS JSON policy elements: Principal — AWS, Federated, Service or CanonicalUser', input: P([TRUST({ Principal: { Aws: '111111111111' } })]), kind: 'trust', message: 'Statement[0].Principal: unknown principal type "Aws" (expected AWS, Federated, Service or CanonicalUser)' },
  { name: 'Principal empty', rule: 'AWS JSON policy elements: Principal — names at least one principal', input: P([TRUST({ Principal: {} })]), kind: 'trust', message: 'Statement[0].Principal: must name at least one principal' },
  { name: 'Principal value not a string', rule: 'IAM JSON policy grammar: <principal_id_string> | [<principal_id_string>, …]', input: P([TRUST({ Principal: { AWS: 111111111111 } })]), kind: 'trust', message: 'Statement[0].Principal.AWS: must be a string or an array of strings' },
  { name: 'Condition not an object', rule: 'IAM JSON policy grammar: "Condition" : { <condition_map> }', input: P([S({ Condition: [] })]), message: 'Statement[0].Condition: must be an object of condition operators' },
  { name: 'unknown operator', rule: 'IAM JSON policy elements: Condition operators — only the listed operators', input: P([S({ Condition: { StringEqual: { 'aws:username': 'a' } } })]), message: 'Statement[0].Condition: unknown condition operator "StringEqual"' },
  { name: 'unknown qualifier', rule: 'Multivalued context keys: only ForAllValues and ForAnyValue', input: P([S({ Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } })]), message: 'Statement[0].Condition: unknown condition operator "ForSomeValues:StringEquals"' },
  { name: 'NullIfExists', rule: 'Condition operators: IfExists can be added to any operator except the Null condition', input: P([S({ Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } })]), message: 'Statement[0].Condition.NullIfExists: Null cannot take IfExists' },
  { name: 'operator block not an object', rule: 'IAM JSON policy grammar: <condition_type_string> : { <condition_key_string> : <condition_value_list> }', input: P([S({ Condition: { StringEquals: 'a' } })]), message: 'Statement[0].Condition.StringEquals: must be an object mapping condition keys to values' },
  { name: 'operator block empty', rule: 'IAM JSON policy grammar: a condition names at least one key', input: P([S({ Condition: { StringEquals: {} } })]), message: 'Statement[0].Condition.StringEquals: must name at least one condition key' },
  { name: 'condition value is an object', rule: 'IAM JSON policy grammar: <condition_value_list> = <condition_value> | [<condition_value>, …]', input: P([S({}), S({ Condition: { StringEquals: { 'aws:username': { a: 1 } } } })]), message: 'Statement[1].Condition.StringEquals: value must be a string or array of strings' },
  { name: 'condition value null in array', rule: 'IAM JSON policy grammar: <condition_value> is a string, number or boolean', input: P([S({ Condition: { StringEquals: { 'aws:username': ['a', null] } } })]), message: 'Statement[0].Condition.StringEquals: value must be a string or array of strings' },
  { name: 'condition value empty array', rule: 'IAM JSON policy grammar: <condition_value_list> has at least one value', input: P([S({ Condition: { StringEquals: { 'aws:username': [] } } })]), message: 'Statement[0].Condition.StringEquals: value for "aws:username" must not be an empty array' },
  { name: 'numeric value not a number', rule: 'Condition operators › Numeric: values are numbers', input: P([S({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 'abc' } } })]), message: 'Statement[0].Condition.NumericLessThan: "abc" is not a valid number (key "aws:MultiFactorAuthAge")' },
  { name: 'date value not a date', rule: 'Condition operators › Date: W3C ISO 8601 or epoch values', input: P([S({ Condition: { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } } })]), message: 'Statement[0].Condition.DateGreaterThan: "yesterday" is not a valid date (key "aws:CurrentTime")' },
  { name: 'IP value not a CIDR', rule: 'Condition operators › IP address: CIDR format', input: P([S({ Condition: { IpAddress: { 'aws:SourceIp': '300.1.1.1/8' } } })]), message: 'Statement[0].Condition.IpAddress: "300.1.1.1/8" is not a valid IP address or CIDR block (key "aws:SourceIp")' },
  { name: 'Bool value not a boolean', rule: 'Condition operators › Boolean: true or false', input: P([S({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } })]), message: 'Statement[0].Condition.Bool: "yes" is not a valid boolean ("true" or "false") (key "aws:SecureTransport")' },
  { name: 'Null value not a boolean', rule: 'Condition operators › Null: true or false', input: P([S({ Condition: { Null: { 'aws:TokenIssueTime': 'maybe' } } })]), message: 'Statement[0].Condition.Null: "maybe" is not a valid Null value ("true" or "false") (key "aws:TokenIssueTime")' },
  { name: 'Binary value not base64', rule: 'Condition operators › Binary: base-64 encoded values', input: P([S({ Condition: { BinaryEquals: { 'key': '***' } } })]), message: 'Statement[0].Condition.BinaryEquals: "***" is not a valid base-64 value (key "key")' },
  { name: 'nested too deep', rule: 'IAM JSON policy grammar: a bounded structure (defensive limit)', input: `{"Id":${'['.repeat(70)}${']'.repeat(70)}}`, message: 'Id[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 64 levels deep' },
];

describe('parsePolicy rejects malformed documents with MALFORMED_POLICY and a precise message', () => {
  for (const c of BAD) {
    test(c.name, () => {
      assert.throws(
        () => parsePolicy(c.input, c.kind ?? 'identity'),
        (e: unknown) => {
          assert.ok(e instanceof BridgeError, c.rule);
          assert.equal(e.code, 'MALFORMED_POLICY');
          assert.equal(e.status, 400);
          assert.equal(e.message, c.message, c.rule);
          return true;
        },
      );
    });
  }
});

describe('size limits (IAM and AWS STS quotas: whitespace is not counted)', () => {
  const padded = (kind: PolicyKind, chars: number): string => {
    const base = kind === 'trust' ? TRUST({ Sid: '' }) : kind === 'resource' ? S({ Sid: '', Principal: '*' }) : S({ Sid: '' });
    const fixed = policySizeWithoutWhitespace(P([base]));
    return P([{ ...base, Sid: 'A'.repeat(chars - fixed) }]);
  };
  test('policySizeWithoutWhitespace drops whitespace outside strings only', () => {
    assert.equal(policySizeWithoutWhitespace('{ "a" :\n\t"b c" }'), '{"a":"b c"}'.length);
    assert.equal(policySizeWithoutWhitespace('{"a":"x\\" y"}'), '{"a":"x\\" y"}'.length);
  });
  for (const [kind, limit] of [['trust', 2048], ['session', 2048], ['identity', 6144], ['resource', 6144], ['boundary', 6144]] as const) {
    test(`${kind}: ${limit} characters accepted, ${limit + 1} rejected`, () => {
      assert.equal(parsePolicy(padded(kind, limit), kind).statements.length, 1);
      const text = padded(kind, limit + 1);
      assert.throws(() => parsePolicy(text, kind), {
        code: 'MALFORMED_POLICY',
        message: `Policy: document is ${limit + 1} characters (whitespace not counted), which exceeds the ${limit} character limit for ${kind === 'boundary' ? 'permissions boundaries' : `${kind} policies`}`,
      });
    });
  }
  test('pretty-printed whitespace does not count', () => {
    const text = JSON.stringify(JSON.parse(padded('trust', 2048)), null, 8);
    assert.ok(text.length > 2048);
    assert.equal(parsePolicy(text, 'trust').kind, 'trust');
  });
  test('maxSize overrides the default (e.g. a raised trust-policy quota of 4096)', () => {
    const text = padded('trust', 3000);
    assert.throws(() => parsePolicy(text, 'trust'), { code: 'MALFORMED_POLICY' });
    assert.equal(parsePolicy(text, 'trust', { maxSize: 4096 }).statements.length, 1);
    assert.throws(() => parsePolicy(P([S({})]), 'identity', { maxSize: 10 }), { message: /exceeds the 10 character limit/ });
  });
});

describe('accepted documents', () => {
  test('Statement as a single object; Version omitted behaves like 2008-10-17', () => {
    const d = parsePolicy({ Statement: S({ Sid: 'One' }) }, 'identity');
    assert.equal(d.version, '2008-10-17');
    assert.equal(d.statements.length, 1);
    assert.equal(d.statements[0]?.sid, 'One');
    assert.equal(d.statements[0]?.index, 0);
  });
  test('booleans and numbers in Condition values become strings, as AWS reads them', () => {
    const d = parsePolicy(P([S({ Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': [3600, 7200.5] } } })]), 'identity');
    assert.deepEqual(
      d.statements[0]?.conditions.map((c) => [c.operatorText, c.key, c.values]),
      [['Bool', 'aws:SecureTransport', ['true']], ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600', '7200.5']]],
    );
  });
  test('resource policies: Sid may contain spaces, Id is kept, Principal "*" parsed as wildcard', () => {
    const d = parsePolicy({ Version: '2012-10-17', Id: 'BucketPolicy', Statement: [S({ Sid: 'Public read', Principal: '*' })] }, 'resource');
    assert.equal(d.id, 'BucketPolicy');
    assert.deepEqual(d.statements[0]?.principal, { wildcard: true, entries: {} });
  });
  test('principal entries keep their type and list form', () => {
    const d = parsePolicy(P([TRUST({ Principal: { AWS: ['111111111111', 'arn:aws:iam::222222222222:role/Ops'], Service: 'ec2.amazonaws.com' } })]), 'trust');
    assert.deepEqual(d.statements[0]?.principal?.entries, { AWS: ['111111111111', 'arn:aws:iam::222222222222:role/Ops'], Service: ['ec2.amazonaws.com'] });
  });
  test('the source text is kept as given', () => {
    const text = `{ "Statement": ${JSON.stringify(S({}))} }`;
    assert.equal(parsePolicy(text, 'identity').source, text);
  });
  test('every operator family with IfExists and set qualifiers is accepted', () => {
    const ops = ['StringLikeIfExists', 'ForAllValues:StringEquals', 'ForAnyValue:StringNotLikeIfExists', 'NumericGreaterThanEqualsIfExists', 'DateNotEquals', 'BoolIfExists', 'BinaryEquals', 'NotIpAddressIfExists', 'ArnNotLikeIfExists', 'Null'];
    const values: Record<string, string> = { Numeric: '1', Date: '2020-01-01T00:00:00Z', Bool: 'true', Binary: 'QUJD', NotIp: '10.0.0.0/8', Null: 'true' };
    const value = (op: string): string => Object.entries(values).find(([k]) => op.replace(/^For\w+:/, '').startsWith(k))?.[1] ?? 'x';
    const d = parsePolicy(P([S({ Condition: Object.fromEntries(ops.map((op) => [op, { 'k:k': value(op) }])) })]), 'identity');
    assert.deepEqual(d.statements[0]?.conditions.map((c) => c.operatorText), ops);
  });
});

describe('robustness', () => {
  const onlyMalformed = (input: unknown, kind: PolicyKind): boolean => {
    try {
      parsePolicy(input, kind);
      return true;
    } catch (e) {
      return e instanceof BridgeError && e.code === 'MALFORMED_POLICY';
    }
  };
  test('arbitrary text and JSON values either parse or fail with MALFORMED_POLICY', () => {
    const kinds = fc.constantFrom<PolicyKind>('identity', 'resource', 'trust', 'boundary', 'session');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), kinds, (text, kind) => onlyMalformed(text, kind)), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), kinds, (value, kind) => onlyMalformed({ Version: '2012-10-17', Statement: value }, kind)), { numRuns: 500 });
  });
  test('a "__proto__" element is rejected as unknown, not merged into the prototype', () => {
    assert.throws(() => parsePolicy('{"__proto__":{"x":1},"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', 'identity'), { message: 'Policy: unknown element "__proto__"' });
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
