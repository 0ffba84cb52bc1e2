/**
 * ARN condition operators (IAM User Guide, "Condition operators › Amazon Resource Name (ARN)
 * condition operators"): each of the six colon-delimited components is matched separately;
 * ArnEquals and ArnLike behave the same; matching is case-sensitive.
 */
import { describe } from 'node:test';
import { runConditionVectors } from './helpers.js';

const OPS = 'Condition operators › ARN';

describe('ARN condition operators', () => {
  runConditionVectors([
    { name: 'ArnLike with a wildcard resource part', rule: `${OPS} — ArnLike: case-sensitive matching of the ARN; components may include * and ?`, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:*' } }, context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:alerts' }, allowed: true },
    {
      name: 'ArnLike: another account does not match',
      rule: `${OPS} — ArnLike: each component is matched separately`,
      condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:*' } },
      context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:222222222222:alerts' },
      allowed: false,
      messages: ['Condition ArnLike aws:SourceArn: expected an ARN matching one of ["arn:aws:sns:us-east-1:111111111111:*"], got "arn:aws:sns:us-east-1:222222222222:alerts"'],
    },
    { name: 'ArnEquals accepts wildcards like ArnLike', rule: `${OPS} — ArnEquals and ArnLike: "The behavior of ArnEquals and ArnLike is identical"`, condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/Dev*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/DevOps' }, allowed: true },
    { name: 'ArnEquals exact', rule: `${OPS} — ArnEquals: case-sensitive matching of the ARN`, condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::logs' } }, context: { 'aws:SourceArn': 'arn:aws:s3:::logs' }, allowed: true },
    { name: 'case-sensitive', rule: `${OPS} — case-sensitive matching`, condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/dev*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/DevOps' }, allowed: false },
    { name: '* in a component does not cross ":"', rule: `${OPS} — "Each of the six colon-delimited components of the ARN is checked separately"`, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:alerts' } }, context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:alerts' }, allowed: false },
    { name: '* in the resource part spans "/" and ":"', rule: `${OPS} — the last component is the resource and may contain "/" and ":"`, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:111111111111:log-group:*' } }, context: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111111111111:log-group:a/b:log-stream:c' }, allowed: true },
    { name: '? in a component', rule: `${OPS} — ? matches one character`, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-?:111111111111:instance/*' } }, context: { 'aws:SourceArn': 'arn:aws:ec2:us-east-2:111111111111:instance/i-1' }, allowed: true },
    { name: 'a value that is not an ARN does not match', rule: `${OPS} — the request value must be an ARN`, condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:*:*:*:*' } }, context: { 'aws:SourceArn': 'not-an-arn' }, allowed: false },
    { name: 'ArnNotLike with a different ARN', rule: `${OPS} — ArnNotLike: negated matching`, condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/Dev' }, allowed: true },
    {
      name: 'ArnNotEquals with several values must match none',
      rule: 'Creating a condition with multiple keys or values — negated operators with several values behave as AND',
      condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/A', 'arn:aws:iam::111111111111:role/B'] } },
      context: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/B' },
      allowed: false,
      messages: ['Condition ArnNotEquals aws:PrincipalArn: expected an ARN matching none of ["arn:aws:iam::111111111111:role/A","arn:aws:iam::111111111111:role/B"], got "arn:aws:iam::111111111111:role/B"'],
    },
    { name: 'missing key: ArnLike fails', rule: 'Condition operators — positive operators do not match an absent key', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, context: {}, allowed: false },
    { name: 'missing key: ArnNotLike matches', rule: 'Condition operators — negated operators match an absent key', condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, context: {}, allowed: true },
    { name: 'queue policy example: ArnEquals on the SNS topic', rule: 'Amazon SQS policy examples — "ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-2:444455556666:MyTopic"}', condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-2:444455556666:MyTopic' } }, context: { 'aws:SourceArn': 'arn:aws:sns:us-east-2:444455556666:MyTopic' }, allowed: true },
    { name: 'role path in aws:PrincipalArn', rule: `${OPS} — the resource component may contain a path and wildcards`, condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/teams/*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/teams/data/etl' }, allowed: true },
    { name: 'several ARN values are ORed', rule: 'Creating a condition with multiple keys or values — several values for one key are ORed', condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::logs-a', 'arn:aws:s3:::logs-b'] } }, context: { 'aws:SourceArn': 'arn:aws:s3:::logs-b' }, allowed: true },
    { name: 'ArnNotLikeIfExists with a present, listed value', rule: 'Condition operators › …IfExists — a present key is evaluated as specified', condition: { ArnNotLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:blocked' } }, context: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:blocked' }, allowed: false },
    { name: 'ForAnyValue:ArnLike on a multivalued key', rule: 'Creating a condition with multiple keys or values — set operators work with ARN operators', condition: { 'ForAnyValue:ArnLike': { 'k:arns': 'arn:aws:iam::111111111111:role/*' } }, context: { 'k:arns': ['arn:aws:iam::222222222222:role/x', 'arn:aws:iam::111111111111:role/y'] }, allowed: true },
    { name: 'ArnLikeIfExists with an absent key', rule: 'Condition operators › …IfExists — absent key → true', condition: { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, context: {}, allowed: true },
  ]);
});
