/**
 * @module core/validation — STS parameter constraints (sts.md §2), with AWS's ValidationError wording.
 */
import { BridgeError } from '../errors.js';

export const NAME_PATTERN_TEXT = '[\\w+=,.@-]*';
const NAME_PATTERN = /^[\w+=,.@-]*$/;

export function validationError(message: string, detail?: string): BridgeError {
  return new BridgeError('VALIDATION', { message, ...(detail ? { detail } : {}) });
}

function constraint(member: string, value: string, rule: string): BridgeError {
  // Values are echoed as AWS does, but cut short so a huge or hostile value never fills a response.
  const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return validationError(`1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${rule}`);
}

export function requireString(member: string, value: string | undefined): string {
  if (value === undefined) {
    throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function checkLength(member: string, value: string, min: number, max: number): void {
  if (value.length < min) throw constraint(member, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw constraint(member, value, `Member must have length less than or equal to ${max}`);
}

export function checkName(member: string, value: string, min: number, max: number): void {
  checkLength(member, value, min, max);
  if (!NAME_PATTERN.test(value)) {
    throw constraint(member, value, `Member must satisfy regular expression pattern: ${NAME_PATTERN_TEXT}`);
  }
}

export function checkIntRange(member: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value)) throw constraint(member, String(value), 'Member must be an integer');
  if (value < min) throw constraint(member, String(value), `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(member, String(value), `Member must have value less than or equal to ${max}`);
}

export function checkPattern(member: string, value: string, pattern: RegExp, patternText: string): void {
  if (!pattern.test(value)) throw constraint(member, value, `Member must satisfy regular expression pattern: ${patternText}`);
}

export function checkSourceIdentity(value: string): void {
  checkName('sourceIdentity', value, 2, 64);
  if (value.toLowerCase().startsWith('aws:')) {
    throw validationError('1 validation error detected: SourceIdentity must not begin with "aws:"');
  }
}

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Session tags: ≤ 50, key 1..128, value 0..256, keys unique ignoring case (sts.md §2, IAM quotas). */
export function checkSessionTags(tags: readonly SessionTag[], transitiveKeys: readonly string[]): void {
  if (tags.length > 50) throw constraint('tags', `${tags.length} tags`, 'Member must have length less than or equal to 50');
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    checkLength(`tags.${i + 1}.member.key`, tag.key, 1, 128);
    checkPattern(`tags.${i + 1}.member.key`, tag.key, TAG_KEY_PATTERN, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
    checkLength(`tags.${i + 1}.member.value`, tag.value, 0, 256);
    checkPattern(`tags.${i + 1}.member.value`, tag.value, TAG_VALUE_PATTERN, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    const lower = tag.key.toLowerCase();
    if (seen.has(lower)) throw validationError(`Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    seen.add(lower);
  });
  if (transitiveKeys.length > 50) {
    throw constraint('transitiveTagKeys', `${transitiveKeys.length} keys`, 'Member must have length less than or equal to 50');
  }
  for (const key of transitiveKeys) {
    if (!seen.has(key.toLowerCase())) {
      throw validationError(`The transitive tag key ${key.slice(0, 128)} is not one of the session tags passed in the request.`);
    }
  }
}
