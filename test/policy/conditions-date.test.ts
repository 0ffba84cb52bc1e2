/**
 * Date condition operators (IAM User Guide, "Condition operators › Date condition operators"):
 * W3C ISO 8601 dates or epoch (UNIX) time on both sides.
 */
import { describe } from 'node:test';
import { doc, runConditionVectors, runVectors } from './helpers.js';

const OPS = 'Condition operators › Date';

describe('Date condition operators', () => {
  runConditionVectors([
    { name: 'DateGreaterThan with ISO 8601', rule: `${OPS} — DateGreaterThan: matching after a specific date`, condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' }, allowed: true },
    {
      name: 'DateLessThan after the deadline',
      rule: `${OPS} — DateLessThan: matching before a specific date`,
      condition: { DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
      context: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' },
      allowed: false,
      messages: ['Condition DateLessThan aws:CurrentTime: expected a date before one of ["2024-01-01T00:00:00Z"], got "2024-05-01T12:00:00Z"'],
    },
    { name: 'epoch request value against an ISO policy value', rule: `${OPS} — dates may be given as epoch (UNIX) time (aws:EpochTime)`, condition: { DateLessThan: { 'aws:EpochTime': '2030-01-01T00:00:00Z' } }, context: { 'aws:EpochTime': '1700000000' }, allowed: true },
    { name: 'epoch policy value against an ISO request value', rule: `${OPS} — dates may be given as epoch (UNIX) time`, condition: { DateGreaterThan: { 'aws:CurrentTime': 1700000000 } }, context: { 'aws:CurrentTime': '2023-11-14T22:13:21Z' }, allowed: true },
    { name: 'time-zone offsets are honoured', rule: `${OPS} — W3C ISO 8601 formats include a time-zone designator`, condition: { DateEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-01-01T01:00:00+01:00' }, allowed: true },
    { name: 'date-only values mean midnight UTC', rule: `${OPS} — W3C ISO 8601 YYYY-MM-DD`, condition: { DateEquals: { 'aws:CurrentTime': '2024-03-01' } }, context: { 'aws:CurrentTime': '2024-03-01T00:00:00Z' }, allowed: true },
    { name: 'fractional seconds', rule: `${OPS} — W3C ISO 8601 YYYY-MM-DDThh:mm:ss.sTZD`, condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00.250Z' } }, context: { 'aws:CurrentTime': '2024-01-01T00:00:00.500Z' }, allowed: true },
    { name: 'DateLessThanEquals includes the instant', rule: `${OPS} — DateLessThanEquals: at or before`, condition: { DateLessThanEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, allowed: true },
    { name: 'DateGreaterThanEquals', rule: `${OPS} — DateGreaterThanEquals: at or after`, condition: { DateGreaterThanEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2023-12-31T23:59:59Z' }, allowed: false },
    { name: 'DateNotEquals', rule: `${OPS} — DateNotEquals: negated matching`, condition: { DateNotEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, context: { 'aws:CurrentTime': '2024-01-02T00:00:00Z' }, allowed: true },
    { name: 'a time window: two operators ANDed', rule: 'Creating a condition with multiple keys or values — DateGreaterThan and DateLessThan in one Condition are ANDed', condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2024-06-30T23:59:59Z' } }, context: { 'aws:CurrentTime': '2024-07-01T00:00:00Z' }, allowed: false },
    {
      name: 'an unreadable request date does not match',
      rule: `${OPS} — a value that is not a date does not match`,
      condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      context: { 'aws:CurrentTime': 'tomorrow' },
      allowed: false,
      messages: ['Condition DateGreaterThan aws:CurrentTime: expected a date after one of ["2020-01-01T00:00:00Z"], got "tomorrow" ("tomorrow" is not a valid date)'],
    },
    { name: 'an impossible calendar date does not match', rule: `${OPS} — W3C ISO 8601 dates must be valid`, condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01' } }, context: { 'aws:CurrentTime': '2024-02-30T00:00:00Z' }, allowed: false },
  ]);
});

describe('revoking older sessions with aws:TokenIssueTime', () => {
  const revoke = doc({ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': '2024-06-01T12:00:00Z' } } });
  const work = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const rule = 'Revoking IAM role temporary security credentials — AWSRevokeOlderSessions denies every action for tokens issued before the revocation time';
  runVectors([
    { name: 'a session issued before the revocation is denied', rule, policies: { identity: { Work: work, AWSRevokeOlderSessions: revoke } }, request: { action: 's3:GetObject', context: { 'aws:TokenIssueTime': '2024-06-01T11:00:00Z' } }, expect: { decision: 'ExplicitDeny', determining: ['identity:AWSRevokeOlderSessions#0'] } },
    { name: 'a session issued after the revocation is allowed', rule, policies: { identity: { Work: work, AWSRevokeOlderSessions: revoke } }, request: { action: 's3:GetObject', context: { 'aws:TokenIssueTime': '2024-06-01T13:00:00Z' } }, expect: { decision: 'Allow', determining: ['identity:Work#0'] } },
    { name: 'long-term credentials (no token issue time) are not affected', rule: `${rule}; a positive operator on an absent key does not match`, policies: { identity: { Work: work, AWSRevokeOlderSessions: revoke } }, request: { action: 's3:GetObject' }, expect: { decision: 'Allow', determining: ['identity:Work#0'], missingContextKeys: ['aws:TokenIssueTime'] } },
  ]);
});
