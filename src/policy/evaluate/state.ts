/**
 * @module policy/evaluate/state — per-request evaluation state.
 *
 * Holds the request, its lower-cased action and case-insensitive access to the condition
 * context ("Condition key names are not case-sensitive", IAM User Guide, "IAM JSON
 * policy elements: Condition"; the tag-key part of `aws:RequestTag/…`, `aws:PrincipalTag/…`,
 * `aws:ResourceTag/…` too — lower-casing the whole key covers both rules). It also records which
 * referenced keys were absent, for `Decision.missingContextKeys`.
 */
import type { AuthorizationRequest, ContextValue } from '../types.js';

const NO_KEYS: readonly string[] = Object.freeze([]);

export class EvalState {
  readonly request: AuthorizationRequest;
  readonly lowerAction: string;
  /** Lower-cased service prefix of the action (`s3` for `s3:GetObject`); undefined without a colon. */
  readonly service: string | undefined;
  /** False while building explanations, so that only the real evaluation reports missing keys. */
  recordMissing = true;
  /** Lower-cased and as-written absent keys, in first-seen order (few: a plain array beats a Map). */
  private missing: string[] | undefined;
  private offset = -2;

  constructor(request: AuthorizationRequest) {
    this.request = request;
    this.lowerAction = request.action.toLowerCase();
    const colon = this.lowerAction.indexOf(':');
    this.service = colon < 0 ? undefined : this.lowerAction.slice(0, colon);
  }

  /**
   * Context value by key; `undefined` when absent. `written` (the key as the policy spells it) is
   * tried first as an exact property: the common case where policy and context agree on case.
   */
  value(lowerKey: string, written?: string): ContextValue | undefined {
    const context = this.request.context;
    const direct = context[written ?? lowerKey];
    // The type check also rules out inherited Object.prototype members such as `constructor`.
    if (typeof direct === 'string' || Array.isArray(direct)) return direct;
    // Case-insensitive fallback: a scan without allocation (contexts hold a handful of keys).
    for (const key in context) {
      if (key.length === lowerKey.length && key.toLowerCase() === lowerKey) {
        const v = context[key];
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  /** Offset of the request resource's resource part (after the fifth colon), -1 when not an ARN. */
  resourceOffset(): number {
    if (this.offset === -2) {
      const r = this.request.resource;
      let at = -1;
      for (let i = 0; i < 5 && (at = r.indexOf(':', at + 1)) >= 0; i++);
      this.offset = at < 0 ? -1 : at + 1;
    }
    return this.offset;
  }

  /** Value usable as a policy variable: single-valued keys only (IAM User Guide, "Policy variables"). */
  single(lowerKey: string, written?: string): string | undefined {
    const v = this.value(lowerKey, written);
    return typeof v === 'string' ? v : undefined;
  }

  noteMissing(key: string): void {
    if (!this.recordMissing) return;
    const lower = key.toLowerCase();
    if (this.missing === undefined) this.missing = [];
    for (let i = 0; i < this.missing.length; i += 2) if (this.missing[i] === lower) return;
    this.missing.push(lower, key);
  }

  missingKeys(): readonly string[] {
    return this.missing === undefined ? NO_KEYS : this.missing.filter((_, i) => i % 2 === 1);
  }
}

/** True when a context value counts as present (an empty multi-valued key counts as absent). */
export function isPresent(value: ContextValue | undefined): value is ContextValue {
  return value !== undefined && (typeof value === 'string' || value.length > 0);
}
