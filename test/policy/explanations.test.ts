/**
 * Explanations: determining and matched statements, nearest miss, summaries, missing keys,
 * verdicts and formatDecision. The rules cited are the evaluation rules the explanation reports.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, formatDecision } from '../../src/policy/index.js';
import { ACCT, doc, policySet, request, roleSession, runVectors } from './helpers.js';

const EVAL = 'Policy evaluation logic';
const OBJ = 'arn:aws:s3:::data/a.txt';

describe('nearest miss', () => {
  runVectors([
    {
      name: 'the statement with the fewest failing elements wins',
      rule: `${EVAL} — every element of a statement must match for it to apply; the closest statement is reported`,
      policies: {
        identity: {
          P: doc([
            { Sid: 'Far', Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*' },
            { Sid: 'Near', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } },
          ]),
        },
      },
      request: { action: 's3:GetObject', resource: OBJ, context: { 'aws:PrincipalTag/team': 'web' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#1', elements: ['Condition'], keys: ['aws:PrincipalTag/team'] } },
    },
    {
      name: 'every failing element is listed, in element order',
      rule: `${EVAL} — Action, Resource and every Condition must match`,
      policies: {
        identity: {
          P: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::other/*', Condition: { StringEquals: { 'sts:ExternalId': 'Audit-7f3c9e' }, Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
        },
      },
      request: { action: 's3:DeleteObject', resource: OBJ, context: { 'sts:ExternalId': 'wrong', 'aws:SecureTransport': 'true' } },
      expect: {
        decision: 'ImplicitDeny',
        nearestMiss: {
          at: 'identity:P#0',
          elements: ['Action', 'Resource', 'Condition', 'Condition'],
          messages: [
            'Action: "s3:DeleteObject" does not match ["s3:GetObject","s3:PutObject"]',
            `Resource: "${OBJ}" does not match ["arn:aws:s3:::other/*"]`,
            'Condition StringEquals sts:ExternalId: expected one of ["Audit-7f3c9e"], got "wrong"',
            'Condition IpAddress aws:SourceIp: key is absent from the request',
          ],
        },
      },
    },
    {
      name: 'ties go to the earlier role (identity before resource)',
      rule: `${EVAL} — identity and resource policies are both sources of an allow within one account`,
      policies: {
        identity: { P: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) },
        resource: ['bucket', doc({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: '*' })],
      },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Action'] } },
    },
    {
      name: 'ties within a role go to the earlier policy, then the earlier statement',
      rule: `${EVAL} — all identity policies are evaluated together`,
      policies: { identity: { A: doc([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }]), B: doc({ Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }) } },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:A#0' } },
    },
    {
      name: 'Allow statements are preferred over closer Deny statements',
      rule: `${EVAL} — only an Allow can turn an implicit deny into an allow`,
      policies: { identity: { P: doc([{ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::x/*' }]) } },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#1', elements: ['Action', 'Resource'] } },
    },
    {
      name: 'with only Deny statements the closest Deny is reported',
      rule: `${EVAL} — without any Allow the default deny applies`,
      policies: { identity: { P: doc({ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }) } },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Action'] } },
    },
    {
      name: 'the miss is looked for where the Allow was missing (session), not in the role that allowed',
      rule: 'Policy evaluation logic — a role session needs an Allow in both the identity and the session policies',
      policies: {
        identity: { Role: doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*' }]) },
        session: { S: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*:*:table/x' }) },
      },
      request: { principal: roleSession('R', 's'), action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', verdicts: { identity: 'allow', session: 'none' }, nearestMiss: { at: 'session:S#0', elements: ['Action', 'Resource'] } },
    },
    {
      name: 'between boundary and session, the boundary comes first on a tie',
      rule: 'Policy evaluation logic — the boundary and the session policies both limit the identity policies',
      policies: {
        identity: { Role: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
        boundary: ['B', doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
        session: { S: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) },
      },
      request: { principal: roleSession('R', 's'), action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'boundary:B#0' }, summary: 'Denied: allowed by identity policy Role statement 0 but the permissions boundary B does not allow s3:GetObject and no session policy allows s3:GetObject' },
    },
  ]);
});

describe('missing context keys and verdicts', () => {
  runVectors([
    {
      name: 'keys of otherwise-matching statements are reported; others are not',
      rule: 'Condition operators — a positive operator does not match an absent key',
      policies: {
        identity: {
          P: doc([
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' }, Null: { 'aws:TokenIssueTime': 'true' } } },
            { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'ec2:Region': 'eu-west-1' } } },
          ]),
        },
      },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: {
        decision: 'ImplicitDeny',
        missingContextKeys: ['aws:PrincipalTag/team', 'aws:MultiFactorAuthPresent'],
        verdicts: { identity: 'none', resource: 'absent', boundary: 'absent', session: 'absent' },
        nearestMiss: { at: 'identity:P#0', elements: ['Condition'], keys: ['aws:PrincipalTag/team'] },
      },
    },
  ]);
});

describe('decision objects', () => {
  const set = policySet({
    identity: { Role: doc({ Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
    session: { Inline: doc({ Sid: 'ReadOnly', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'sts:ExternalId': 'Audit-7f3c9e' } } }) },
  });
  const req = request({ principal: roleSession('AppRole', 'build'), action: 's3:PutObject', resource: OBJ, context: { 'sts:ExternalId': 'wrong' } });

  test('a condition mismatch carries operator, key, expected and actual values', () => {
    const d = evaluate(req, set);
    assert.deepEqual(d.nearestMiss?.mismatches[1], {
      element: 'Condition',
      operator: 'StringEquals',
      key: 'sts:ExternalId',
      expected: ['Audit-7f3c9e'],
      actual: 'wrong',
      message: 'Condition StringEquals sts:ExternalId: expected one of ["Audit-7f3c9e"], got "wrong"',
    });
    assert.equal(d.nearestMiss?.sid, 'ReadOnly');
    assert.equal(d.nearestMiss?.effect, 'Allow');
  });

  test('the nearest miss is part of the serialised decision', () => {
    const json = JSON.parse(JSON.stringify(evaluate(req, set))) as { nearestMiss?: { policyId: string } };
    assert.equal(json.nearestMiss?.policyId, 'Inline');
  });

  test('Allow and ExplicitDeny decisions carry no nearest miss', () => {
    const allow = evaluate({ ...req, action: 's3:GetObject', context: { 'sts:ExternalId': 'Audit-7f3c9e' } }, set);
    assert.equal(allow.decision, 'Allow');
    assert.equal(allow.nearestMiss, undefined);
    const deny = evaluate(req, policySet({ identity: { D: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) } }));
    assert.equal(deny.decision, 'ExplicitDeny');
    assert.equal(deny.nearestMiss, undefined);
  });

  test('formatDecision renders decision, summary, verdicts, statements, nearest miss and missing keys', () => {
    assert.equal(
      formatDecision(evaluate(req, set)),
      [
        'Decision: ImplicitDeny',
        'Denied: allowed by identity policy Role statement 0 but no session policy allows s3:PutObject',
        'Verdicts: identity=allow resource=absent boundary=absent session=none',
        'Matched statements:',
        '  - Allow identity Role statement 0 (Sid S3)',
        'Nearest miss: Allow session Inline statement 0 (Sid ReadOnly)',
        '  - Action: "s3:PutObject" does not match ["s3:GetObject"]',
        '  - Condition StringEquals sts:ExternalId: expected one of ["Audit-7f3c9e"], got "wrong"',
      ].join('\n'),
    );
  });

  test('formatDecision lists determining statements of an Allow', () => {
    const text = formatDecision(evaluate(request({ action: 's3:GetObject', resource: `arn:aws:s3:::data/x`, resourceAccount: ACCT }), policySet({ identity: { Role: doc({ Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' }) } })));
    assert.equal(text, ['Decision: Allow', 'Allowed by identity policy Role statement 0', 'Verdicts: identity=allow resource=absent boundary=absent session=absent', 'Determining statements:', '  - Allow identity Role statement 0 (Sid S3)', 'Matched statements:', '  - Allow identity Role statement 0 (Sid S3)'].join('\n'));
  });

  test('formatDecision reports missing context keys', () => {
    const d = evaluate(request({ action: 's3:GetObject' }), policySet({ identity: { P: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }) } }));
    assert.match(formatDecision(d), /\nMissing context keys: aws:PrincipalTag\/team$/);
  });
});
