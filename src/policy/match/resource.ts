/**
 * @module policy/match/resource — Resource / NotResource matching.
 *
 * IAM User Guide, "IAM JSON policy elements: Resource": an ARN pattern is matched component by
 * component (partition, service, region, account, resource); `*` and `?` work within a component
 * and `*` in the resource part may span `/` and `:`. `"*"` matches every resource. Matching is
 * case-sensitive, like ArnLike. Policy variables (2012-10-17 only) are allowed "only in the
 * resource part of the ARN" (after the fifth colon).
 * "NotResource": the statement applies to every resource except the listed ones.
 */
import type { EvalState } from '../evaluate/state.js';
import { parseTemplate, substituteGlob } from '../variables.js';
import type { TemplatePart } from '../variables.js';
import { globMatchFrom } from './glob.js';
import { compileGlobList, patternSource, prefixRegex } from './wildcard.js';
import type { GlobMode } from './wildcard.js';

export type ResourceTest = (resource: string, state: EvalState) => boolean;

/** ARN patterns use per-segment wildcards; anything else (a bare pattern) is a whole-string glob. */
export function resourceMode(pattern: string): GlobMode {
  return pattern.startsWith('arn:') ? 'arn' : 'plain';
}

/** Offset of the resource part (after the fifth colon), or -1 when the text is not a full ARN. */
function resourcePartOffset(arn: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

/** Variables are only substituted after the fifth colon; the head stays a plain pattern. */
export function resourceTemplate(pattern: string): readonly TemplatePart[] | undefined {
  const offset = resourcePartOffset(pattern);
  if (offset < 0) return undefined;
  const tail = parseTemplate(pattern.slice(offset));
  if (tail === undefined) return undefined;
  return [{ kind: 'text', text: pattern.slice(0, offset) }, ...tail];
}

interface CompiledTemplate {
  /** Matches the first five components (up to and including the fifth colon); static. */
  readonly head: RegExp;
  /** The resource part, substituted per request. */
  readonly tail: readonly TemplatePart[];
}

function compileTemplate(pattern: string): CompiledTemplate | undefined {
  const offset = resourcePartOffset(pattern);
  if (offset < 0) return undefined;
  const tail = parseTemplate(pattern.slice(offset));
  if (tail === undefined) return undefined;
  return { head: prefixRegex(patternSource(pattern.slice(0, offset), 'arn')), tail };
}

const ALWAYS: ResourceTest = () => true;

/** Compiles one Resource (or NotResource) list into "is the resource listed?". */
export function compileResourceList(patterns: readonly string[], variables: boolean): ResourceTest {
  if (patterns.includes('*')) return ALWAYS;
  const arn: string[] = [];
  const plain: string[] = [];
  const templates: CompiledTemplate[] = [];
  for (const p of patterns) {
    const template = variables ? compileTemplate(p) : undefined;
    if (template !== undefined) templates.push(template);
    else if (resourceMode(p) === 'arn') arn.push(p);
    else plain.push(p);
  }
  const arnTest = arn.length > 0 ? compileGlobList(arn, 'arn') : undefined;
  const plainTest = plain.length > 0 ? compileGlobList(plain, 'plain') : undefined;
  if (templates.length === 0 && plainTest === undefined && arnTest !== undefined) return (r) => arnTest(r);
  return (resource, state) => {
    if (arnTest !== undefined && arnTest(resource)) return true;
    if (plainTest !== undefined && plainTest(resource)) return true;
    for (const t of templates) {
      const offset = state.resourceOffset();
      if (offset < 0 || !t.head.test(resource)) continue;
      const glob = substituteGlob(t.tail, state);
      // A Resource containing a variable without a value matches nothing.
      if (glob !== undefined && globMatchFrom(glob, resource, offset)) return true;
    }
    return false;
  };
}

/** Statement-level test; `undefined` when the statement has neither element (applies to all resources). */
export function compileResourceElement(
  resource: readonly string[] | undefined,
  notResource: readonly string[] | undefined,
  variables: boolean,
): ResourceTest | undefined {
  if (resource !== undefined) return compileResourceList(resource, variables);
  if (notResource !== undefined) {
    const listed = compileResourceList(notResource, variables);
    return (r, s) => !listed(r, s);
  }
  return undefined;
}
