/**
 * @module policy/conditions/string — String condition operators.
 *
 * IAM User Guide, "Condition operators › String": StringEquals / StringNotEquals (exact,
 * case-sensitive), StringEqualsIgnoreCase / StringNotEqualsIgnoreCase, StringLike / StringNotLike
 * ("case-sensitive matching … can include a multi-character match wildcard (*) and a
 * single-character match wildcard (?) anywhere in the string"). Policy variables are allowed.
 */
import { parseTemplate, substituteGlob, substituteString } from '../variables.js';
import type { TemplatePart } from '../variables.js';
import { globMatch } from '../match/glob.js';
import { compileGlobList } from '../match/wildcard.js';
import type { GlobMode } from '../match/wildcard.js';
import type { OperatorSpec, ValueTest } from './spec.js';

interface Template {
  readonly raw: string;
  readonly parts: readonly TemplatePart[];
}

interface Split {
  readonly statics: string[];
  readonly templates: Template[];
}

function splitTemplates(values: readonly string[], variables: boolean): Split {
  const statics: string[] = [];
  const templates: Template[] = [];
  for (const v of values) {
    const parts = variables ? parseTemplate(v) : undefined;
    if (parts === undefined) statics.push(v);
    else templates.push({ raw: v, parts });
  }
  return { statics, templates };
}

function compileEquals(values: readonly string[], variables: boolean, ignoreCase: boolean): ValueTest {
  const { statics, templates } = splitTemplates(values, variables);
  const wanted = ignoreCase ? statics.map((s) => s.toLowerCase()) : statics;
  const set = wanted.length > 4 ? new Set(wanted) : undefined;
  return (requestValue, state) => {
    const v = ignoreCase ? requestValue.toLowerCase() : requestValue;
    if (set !== undefined ? set.has(v) : wanted.includes(v)) return true;
    for (const t of templates) {
      const s = substituteString(t.parts, state);
      if (s !== undefined && (ignoreCase ? s.toLowerCase() : s) === v) return true;
    }
    return false;
  };
}

/** Glob matching with per-request substitution; shared with the ARN family (mode `arn`). */
export function compileLike(values: readonly string[], variables: boolean, modeOf: (v: string) => GlobMode): ValueTest {
  const { statics, templates } = splitTemplates(values, variables);
  const arn = statics.filter((s) => modeOf(s) === 'arn');
  const plain = statics.filter((s) => modeOf(s) === 'plain');
  const arnTest = arn.length > 0 ? compileGlobList(arn, 'arn') : undefined;
  const plainTest = plain.length > 0 ? compileGlobList(plain, 'plain') : undefined;
  const dynamic = templates.map((t) => ({ parts: t.parts, mode: modeOf(t.raw) }));
  return (requestValue, state) => {
    if (arnTest !== undefined && arnTest(requestValue)) return true;
    if (plainTest !== undefined && plainTest(requestValue)) return true;
    for (const t of dynamic) {
      const glob = substituteGlob(t.parts, state);
      if (glob === undefined) continue; // a valueless variable matches nothing
      if (globMatch(glob, requestValue, t.mode)) return true;
    }
    return false;
  };
}

const plainMode = (): GlobMode => 'plain';
const list = (negated: boolean): string => (negated ? 'none of' : 'one of');

function equalsSpec(name: string, negated: boolean, ignoreCase: boolean): OperatorSpec {
  const suffix = ignoreCase ? ' (ignoring case)' : '';
  return {
    name,
    negated,
    variables: true,
    expect: (l) => `${list(negated)} ${l}${suffix}`,
    compile: (values, variables) => compileEquals(values, variables, ignoreCase),
  };
}

function likeSpec(name: string, negated: boolean): OperatorSpec {
  return {
    name,
    negated,
    variables: true,
    expect: (l) => `a match for ${list(negated)} ${l}`,
    compile: (values, variables) => compileLike(values, variables, plainMode),
  };
}

export const STRING_OPERATORS: readonly OperatorSpec[] = [
  equalsSpec('StringEquals', false, false),
  equalsSpec('StringNotEquals', true, false),
  equalsSpec('StringEqualsIgnoreCase', false, true),
  equalsSpec('StringNotEqualsIgnoreCase', true, true),
  likeSpec('StringLike', false),
  likeSpec('StringNotLike', true),
];
