/**
 * @module sts/common-params — parameters several STS actions share (sts.md §1.1, §2).
 */
import { parseInteger, type QueryParams } from '../aws-query/index.js';
import { requireString, validationError, type SessionTag } from '../core/index.js';

export function required(params: QueryParams, name: string, member: string): string {
  return requireString(member, params.get(name));
}

export function durationSeconds(params: QueryParams): number | undefined {
  return parseInteger('durationSeconds', params.get('DurationSeconds'));
}

export function policyArns(params: QueryParams): string[] | undefined {
  return params.structList('PolicyArns', ['arn'] as const)?.map((item, i) => {
    if (item.arn === undefined) throw validationError(`PolicyArns member ${i + 1} has no arn.`);
    return item.arn;
  });
}

export function sessionTags(params: QueryParams): SessionTag[] | undefined {
  return params.structList('Tags', ['Key', 'Value'] as const)?.map((item, i) => {
    if (item.Key === undefined) {
      throw validationError(`1 validation error detected: Value null at 'tags.${i + 1}.member.key' failed to satisfy constraint: Member must not be null`);
    }
    if (item.Value === undefined) {
      throw validationError(`1 validation error detected: Value null at 'tags.${i + 1}.member.value' failed to satisfy constraint: Member must not be null`);
    }
    return { key: item.Key, value: item.Value };
  });
}

export function optional<T>(name: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [name]: value };
}
