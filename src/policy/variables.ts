/**
 * @module policy/variables — policy variables and their escapes.
 *
 * IAM User Guide, "IAM policy elements: Variables and tags":
 * - Variables exist only with `"Version": "2012-10-17"`; with 2008-10-17 `${…}` is literal text.
 * - Any single-valued context key may be used: `${aws:username}`, `${aws:PrincipalTag/team}`,
 *   `${saml:sub}`, `${accounts.google.com:sub}`.
 * - Default values: `${aws:PrincipalTag/team, 'company-wide'}`.
 * - Special characters: `${*}`, `${?}`, `${$}` stand for a literal `*`, `?`, `$`.
 * - "If there is no value for the variable … the policy variable has no value": a Resource that
 *   contains it matches nothing; String/ARN positive operators don't match, negated ones do.
 * Substituted values are literal text, never wildcards.
 */
import type { EvalState } from './evaluate/state.js';
import type { Glob } from './match/glob.js';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'var'; readonly raw: string; readonly key: string; readonly lowerKey: string; readonly fallback: string | undefined };

const VARIABLE = /\$\{([^}]*)\}/g;
const BODY = /^\s*([^\s,'}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Parses `text` into parts, or returns undefined when it holds no variable or escape. */
export function parseTemplate(text: string): readonly TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  let found = false;
  for (const m of text.matchAll(VARIABLE)) {
    const body = m[1] as string;
    const at = m.index;
    let part: TemplatePart | undefined;
    if (body === '*' || body === '?' || body === '$') part = { kind: 'literal', text: body };
    else {
      const b = BODY.exec(body);
      if (b !== null) {
        const key = b[1] as string;
        part = { kind: 'var', raw: m[0], key, lowerKey: key.toLowerCase(), fallback: b[2] };
      }
    }
    if (part === undefined) continue; // not a variable: stays literal text
    found = true;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push(part);
    last = at + m[0].length;
  }
  if (!found) return undefined;
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Value of one variable, or undefined when it has no value (absent, multi-valued, no default). */
export function variableValue(part: Extract<TemplatePart, { kind: 'var' }>, state: EvalState): string | undefined {
  const v = state.value(part.lowerKey, part.key);
  if (typeof v === 'string') return v;
  if (part.fallback !== undefined) return part.fallback;
  // A multi-valued key is present but cannot be a variable; only a truly absent key is "missing".
  if (v === undefined) state.noteMissing(part.key);
  return undefined;
}

/**
 * Substitutes into a glob without allocating tokens: text parts keep their wildcards, substituted
 * values and escapes are literal. The per-character mask is only built when a literal piece
 * actually contains `*` or `?`. Undefined when a variable has no value.
 */
export function substituteGlob(parts: readonly TemplatePart[], state: EvalState): Glob | undefined {
  let text = '';
  let needsMask = false;
  for (const part of parts) {
    const piece = part.kind === 'var' ? variableValue(part, state) : part.text;
    if (piece === undefined) return undefined;
    if (part.kind !== 'text' && (piece.includes('*') || piece.includes('?'))) needsMask = true;
    text += piece;
  }
  if (!needsMask) return { text, literal: undefined };
  const literal: boolean[] = [];
  for (const part of parts) {
    const piece = part.kind === 'var' ? (variableValue(part, state) as string) : part.text;
    for (let i = 0; i < piece.length; i++) literal.push(part.kind !== 'text');
  }
  return { text, literal };
}

/** Substitutes into a plain string (for exact comparisons); undefined when a variable has no value. */
export function substituteString(parts: readonly TemplatePart[], state: EvalState): string | undefined {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'var') {
      const v = variableValue(part, state);
      if (v === undefined) return undefined;
      out += v;
    } else out += part.text;
  }
  return out;
}

/** The variables of a template that have no value in this request (for explanations). */
export function valuelessVariables(parts: readonly TemplatePart[], state: EvalState): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part.kind === 'var' && state.single(part.lowerKey, part.key) === undefined && part.fallback === undefined) out.push(part.raw);
  }
  return out;
}
