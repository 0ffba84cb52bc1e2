/**
 * @module policy/conditions/bool-binary-null — Bool, BinaryEquals and Null.
 *
 * IAM User Guide, "Condition operators › Boolean": `Bool` compares `true`/`false` values (e.g.
 * `aws:SecureTransport`, `aws:MultiFactorAuthPresent`). Policy variables are not substituted here:
 * the variables page lists String and ARN operators only (the operators page disagrees for Bool;
 * we follow the variables page).
 * "Condition operators › Binary": `BinaryEquals` compares base-64 encoded binary values byte for byte.
 * "Condition operator to check existence of condition keys": `"Null": {"key": "true"}` — the key
 * must be absent; `"false"` — it must be present. `Null` cannot take `IfExists` (checked by the
 * operator parser). Its value test answers "is the key present?"; presence is decided in clause.ts.
 */
import { parseAll } from './spec.js';
import type { OperatorSpec } from './spec.js';

function parseBool(text: string): 'true' | 'false' | undefined {
  const t = text.toLowerCase();
  return t === 'true' || t === 'false' ? t : undefined;
}

const BOOL: OperatorSpec = {
  name: 'Bool',
  negated: false,
  variables: false,
  expect: (l) => `one of ${l}`,
  compile: (values) => {
    const wanted = parseAll(values, parseBool, 'boolean ("true" or "false")');
    return (requestValue) => {
      const v = parseBool(requestValue);
      return v !== undefined && wanted.includes(v);
    };
  },
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** Canonical base-64 of the decoded bytes, so that padding differences do not matter. */
function canonicalBase64(text: string): string | undefined {
  const t = text.trim();
  if (!BASE64.test(t)) return undefined;
  return Buffer.from(t, 'base64').toString('base64');
}

const BINARY_EQUALS: OperatorSpec = {
  name: 'BinaryEquals',
  negated: false,
  variables: false,
  valueKind: 'base-64 value',
  expect: (l) => `one of ${l}`,
  compile: (values) => {
    const wanted = parseAll(values, canonicalBase64, 'base-64 value');
    return (requestValue) => {
      const v = canonicalBase64(requestValue);
      return v === undefined ? undefined : wanted.includes(v);
    };
  },
};

function parseFlag(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

const NULL_OPERATOR: OperatorSpec = {
  name: 'Null',
  negated: false,
  variables: false,
  expect: (l) => (l === '["true"]' ? 'the key to be absent' : l === '["false"]' ? 'the key to be present' : `presence matching ${l}`),
  compile: (values) => {
    const flags = parseAll(values, parseFlag, 'Null value ("true" or "false")');
    const acceptAbsent = flags.includes(true);
    const acceptPresent = flags.includes(false);
    // Called with "present" / "absent" markers by clause.ts, never with a request value.
    return (marker) => (marker === 'absent' ? acceptAbsent : acceptPresent);
  },
};

export const BOOL_BINARY_NULL_OPERATORS: readonly OperatorSpec[] = [BOOL, BINARY_EQUALS, NULL_OPERATOR];
