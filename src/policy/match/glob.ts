/**
 * @module policy/match/glob — RegExp-free glob matching for patterns built per request.
 *
 * Patterns that contain policy variables are only known once the variables are substituted, so
 * they cannot be compiled ahead of time. Rather than build a RegExp per request, they are matched
 * here with the classic greedy `*` / `?` algorithm (single backtrack point, linear in practice).
 * Substituted values and `${*}`-style escapes are literal: their characters never act as wildcards.
 * ARN mode matches the first five `:`-separated segments one by one ("Each of the six
 * colon-delimited components of the ARN is checked separately", IAM User Guide, "Condition
 * operators › ARN"), so a wildcard there never crosses `:`.
 */
import type { GlobMode } from './wildcard.js';

/** A pattern with a per-character "is a wildcard allowed here" flag (undefined: everywhere). */
export interface Glob {
  readonly text: string;
  readonly literal: readonly boolean[] | undefined;
}

/** Glob match of pattern range [ps, pe) against value range [vs, ve). */
function matchRange(g: Glob, ps: number, pe: number, v: string, vs: number, ve: number): boolean {
  const p = g.text;
  const lit = g.literal;
  let pi = ps;
  let vi = vs;
  let star = -1;
  let mark = vs;
  while (vi < ve) {
    const pc = pi < pe ? p[pi] : undefined;
    const wild = pc !== undefined && (lit === undefined || lit[pi] !== true);
    if (wild && pc === '*') {
      star = pi++;
      mark = vi;
    } else if (pc !== undefined && ((wild && pc === '?') || pc === v[vi])) {
      pi++;
      vi++;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (pi < pe && p[pi] === '*' && (lit === undefined || lit[pi] !== true)) pi++;
  return pi === pe;
}

/** Plain glob match of the pattern against `value` from offset `from` to its end. */
export function globMatchFrom(g: Glob, value: string, from: number): boolean {
  return matchRange(g, 0, g.text.length, value, from, value.length);
}

/** Offsets of the first `n` colons (fewer when the text has fewer). */
function colons(text: string, n: number): number[] {
  const out: number[] = [];
  let at = -1;
  while (out.length < n && (at = text.indexOf(':', at + 1)) >= 0) out.push(at);
  return out;
}

export function globMatch(g: Glob, value: string, mode: GlobMode): boolean {
  if (mode === 'plain') return matchRange(g, 0, g.text.length, value, 0, value.length);
  const pc = colons(g.text, 5);
  const vc = colons(value, 5);
  // A pattern with fewer than six components can only match a value with the same shape.
  if (pc.length !== vc.length) return false;
  let ps = 0;
  let vs = 0;
  for (let i = 0; i < pc.length; i++) {
    const pe = pc[i] as number;
    const ve = vc[i] as number;
    if (!matchRange(g, ps, pe, value, vs, ve)) return false;
    ps = pe + 1;
    vs = ve + 1;
  }
  // The last range is the resource part (or, for a short pattern, a colon-free final component).
  return matchRange(g, ps, g.text.length, value, vs, value.length);
}
