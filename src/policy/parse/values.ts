/**
 * @module policy/parse/values — element paths, MALFORMED_POLICY errors and the "string or array
 * of strings" shapes of the IAM grammar.
 *
 * Error messages read `<path>: <reason>`, e.g. `Statement[0]: Effect must be "Allow" or "Deny"`,
 * so an author can find the offending element without a line number.
 * IAM JSON policy grammar: `<action_string> | [<action_string>, …]` (same for resources and
 * principals); condition values are `<condition_value> | [<condition_value>, …]` where a
 * "condition_value" may be written as a JSON boolean or number — AWS reads those as their string
 * form (`true` → "true", `3600` → "3600").
 */
import { BridgeError } from '../../errors.js';

/** Path label of the document root. */
const ROOT = 'Policy';

export function malformed(path: string, reason: string): BridgeError {
  return new BridgeError('MALFORMED_POLICY', { message: `${path || ROOT}: ${reason}` });
}

export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent || ROOT}[${index}]`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or non-empty array of strings, as an array. */
export function stringList(value: unknown, path: string): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw malformed(path, 'must be a string or an array of strings');
  }
  if (value.length === 0) throw malformed(path, 'must not be an empty array');
  return value as string[];
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Condition values for one key: strings, booleans and numbers (as strings), one or many. */
export function conditionValues(value: unknown, operatorPath: string, key: string): string[] {
  const one = scalar(value);
  if (one !== undefined) return [one];
  const bad = malformed(operatorPath, 'value must be a string or array of strings');
  if (!Array.isArray(value)) throw bad;
  if (value.length === 0) throw malformed(operatorPath, `value for ${JSON.stringify(key)} must not be an empty array`);
  return value.map((v) => {
    const s = scalar(v);
    if (s === undefined) throw bad;
    return s;
  });
}
