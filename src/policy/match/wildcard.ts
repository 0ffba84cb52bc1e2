/**
 * @module policy/match/wildcard — `*` / `?` glob patterns compiled to anchored RegExps.
 *
 * One place for the wildcard rules of the IAM User Guide:
 * - Action: "You can use wildcards (* or ?) in the action name"; matching is case-insensitive
 *   (callers lower-case both sides).
 * - Resource / ArnLike: "Each of the six colon-delimited components of the ARN is checked
 *   separately and can include multi-character match wildcards (*) or single-character match
 *   wildcards (?)"; inside the first five segments a wildcard therefore never crosses `:`, while
 *   in the resource part it spans `/` and `:`.
 * - StringLike: whole-string glob, case-sensitive.
 * - "NotAction": the statement applies to every action except the listed ones.
 */

/**
 * `plain`: whole-string glob. `arn`: `*`/`?` stay within a segment for the first five
 * `:`-separated segments. (Patterns that contain policy variables are matched by glob.ts instead.)
 */
export type GlobMode = 'plain' | 'arn';

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Bound of the memo cache below (cleared when full). */
const REGEX_CACHE_MAX = 10_000;

function escapeRegex(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** Unanchored regex source of a glob pattern (callers wrap it in `^(?:…)$`). */
export function patternSource(pattern: string, mode: GlobMode): string {
  let out = '';
  let colons = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const inSegment = mode === 'arn' && colons < 5;
    if (ch === '*') out += inSegment ? '[^:]*' : '[\\s\\S]*';
    else if (ch === '?') out += inSegment ? '[^:]' : '[\\s\\S]';
    else {
      if (ch === ':') colons++;
      out += escapeRegex(ch);
    }
  }
  return out;
}

/**
 * Compiled RegExps keyed by source, shared by all documents (policies repeat the same patterns).
 * Only used while compiling; pure memoisation, bounded.
 */
const REGEX_CACHE = new Map<string, RegExp>();

/** Anchored, cached RegExp for the alternation of the given sources. */
export function anchoredRegex(sources: readonly string[]): RegExp {
  const source = sources.length === 1 ? `^(?:${sources[0]})$` : `^(?:${sources.join('|')})$`;
  let re = REGEX_CACHE.get(source);
  if (re === undefined) {
    if (REGEX_CACHE.size >= REGEX_CACHE_MAX) REGEX_CACHE.clear();
    re = new RegExp(source);
    REGEX_CACHE.set(source, re);
  }
  return re;
}

/** RegExp anchored at the start only (matches a prefix of the value); not cached, built at compile time. */
export function prefixRegex(source: string): RegExp {
  return new RegExp(`^(?:${source})`);
}

/** A matcher for a fixed list of glob patterns: exact strings use a Set, globs one combined RegExp. */
export function compileGlobList(patterns: readonly string[], mode: GlobMode): (value: string) => boolean {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const p of patterns) {
    if (hasWildcard(p)) globs.push(patternSource(p, mode));
    else exact.add(p);
  }
  if (globs.length === 0) {
    if (exact.size === 1) {
      const only = patterns[0] as string;
      return (value) => value === only;
    }
    return (value) => exact.has(value);
  }
  const re = anchoredRegex(globs);
  if (exact.size === 0) return (value) => re.test(value);
  return (value) => exact.has(value) || re.test(value);
}

/** Tests an already lower-cased request action. */
export type ActionTest = (lowerAction: string) => boolean;

const ALWAYS: ActionTest = () => true;

/** Compiles the patterns of one Action (or NotAction) element; the result answers "is it listed?". */
export function compileActionList(patterns: readonly string[]): ActionTest {
  const lowered = patterns.map((p) => p.toLowerCase());
  if (lowered.includes('*')) return ALWAYS;
  return compileGlobList(lowered, 'plain');
}

/** Statement-level test: Action → listed; NotAction → not listed. */
export function compileActionElement(action: readonly string[] | undefined, notAction: readonly string[] | undefined): ActionTest {
  if (action !== undefined) return compileActionList(action);
  if (notAction !== undefined) {
    const listed = compileActionList(notAction);
    return (a) => !listed(a);
  }
  // Hand-built statements without either element apply to no action (parsePolicy requires one).
  return () => false;
}
