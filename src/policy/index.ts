/**
 * @module policy — the pure IAM policy engine: public surface.
 *
 * Parse IAM JSON documents with `parsePolicy`, evaluate requests with `evaluate` (AWS "Policy
 * evaluation logic" and "Cross-account policy evaluation logic"), explain with `formatDecision`.
 * Other folders import only this file.
 *
 * Behaviour chosen where the AWS documentation is silent or ambiguous:
 * - Policy size: whitespace outside JSON string literals is not counted; inside strings it is.
 * - Resource and trust policies must name a Principal (or NotPrincipal, resource kind only).
 * - Numeric, Date, IP, Bool, Null and BinaryEquals policy values that cannot be read are rejected
 *   as MALFORMED_POLICY at parse time (a typo would otherwise never match).
 * - A multi-valued context key used without ForAllValues/ForAnyValue: positive operators match
 *   when any value matches; negated operators when no value matches. An empty multi-valued key
 *   counts as absent.
 * - Date values made only of digits are epoch seconds (so `"2020"` is not the year 2020).
 * - Policy variables: substituted values are literal text (never wildcards); multi-valued keys
 *   have no value; Bool values are not substituted; in Resource only after the fifth colon.
 * - `Principal: "*"`, `"AWS": "*"` and NotPrincipal grants behave like a grant naming the caller
 *   itself (not limited by boundary/session policies within the account).
 * - CanonicalUser principals never match (the request model has no canonical user ids).
 * - Role trust: a grant naming the role of a role session is still limited by that session's
 *   permissions boundary and session policies, as for other resource policies (§8.2).
 * - The root user is allowed by its own account's identity side (no policies needed) but can
 *   never assume a role (sts:AssumeRole* with `resourcePolicyRequired` → ImplicitDeny).
 * - Nearest miss: searched first in the roles that lacked an Allow (verdict `none`), then in all.
 *   It is computed when `decision.nearestMiss` is first read (an enumerable getter).
 * - missingContextKeys also lists policy-variable keys that had no value during evaluation.
 */
export type * from './types.js';
export { parsePolicy } from './parse/document.js';
export type { ParseOptions } from './parse/document.js';
export { policySizeWithoutWhitespace, DEFAULT_MAX_SIZE } from './parse/document.js';
export { evaluate } from './evaluate/evaluate.js';
export { formatDecision } from './format.js';
