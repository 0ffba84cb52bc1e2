/**
 * @module sigv4/credential-scope — the `Credential` value and its scope checks.
 *
 * AWS "Elements of a signature": Credential = <AccessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request.
 * Coral behaviour reproduced (captured DynamoDB/STS responses, sts.md §11 [S54]):
 * - not exactly 5 slash-delimited elements (trailing slashes ignored) → IncompleteSignature
 *   "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '…'";
 * - wrong region / service / terminator / date are SignatureDoesNotMatch, all reported together in
 *   this order, each element compared case-sensitively:
 *   "Credential should be scoped to a valid Region, not 'x'. "
 *   "Credential should be scoped to correct service: 'sts'. "
 *   "Credential should be scoped with a valid terminator: 'aws4_request', not 'x'. "
 *   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:
 *    '<scope date>' != '<request date>', from '<request timestamp>'."
 */

import { incomplete, mismatch, MESSAGES } from './failures.js';

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** Region names we can sign for at all (AWS, GovCloud, China, and local names like `local`). */
const REGION_SYNTAX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseCredential(raw: string): CredentialScope {
  const parts = raw.replace(/\/+$/, '').split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (
    parts.length !== 5 || accessKeyId === undefined || date === undefined || region === undefined ||
    service === undefined || terminator === undefined
  ) {
    throw incomplete(MESSAGES.credentialParts(raw));
  }
  return { accessKeyId, date, region, service, terminator };
}

export interface ScopeRules {
  /** Accepted signing names; the first is the one named in the error. */
  readonly services: readonly string[];
  readonly allowedRegions: readonly string[] | undefined;
  /** Request time in ISO-8601 basic format, `YYYYMMDDTHHMMSSZ`. */
  readonly requestTimestamp: string;
}

/** Throws SIGNATURE_MISMATCH listing every scope element that is wrong. */
export function checkScope(scope: CredentialScope, rules: ScopeRules): void {
  let problems = '';
  const regionOk = rules.allowedRegions === undefined
    ? REGION_SYNTAX.test(scope.region)
    : rules.allowedRegions.includes(scope.region);
  if (!regionOk) problems += MESSAGES.scopeRegion(scope.region);
  if (!rules.services.includes(scope.service)) problems += MESSAGES.scopeService(rules.services[0] ?? '');
  if (scope.terminator !== 'aws4_request') problems += MESSAGES.scopeTerminator(scope.terminator);
  const requestDate = rules.requestTimestamp.slice(0, 8);
  if (scope.date !== requestDate) problems += MESSAGES.scopeDate(scope.date, requestDate, rules.requestTimestamp);
  if (problems !== '') {
    throw mismatch(`credential scope rejected: ${problems.trim()}`, problems);
  }
}
