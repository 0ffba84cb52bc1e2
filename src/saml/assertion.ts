/**
 * @module saml/assertion — reads the facts of a verified assertion and checks them
 * (security.md §1.5–§1.8, §1.11; sts.md §5).
 *
 * Reads use exact namespace + local name over direct children only. `Advice` and anything else
 * not listed is never read.
 */
import { BridgeError, type ErrorCode } from '../errors.js';
import { BEARER, MAX_ASSERTION_AGE_MS, NS, STATUS_SUCCESS } from './constants.js';
import { attr, children, optionalChild, requiredChild, textOf } from './dom.js';

export interface ResponseFacts {
  readonly id?: string;
  readonly destination?: string;
  readonly inResponseTo?: string;
  readonly issuer?: string;
  readonly statusCode: string;
  readonly statusMessage?: string;
}

export interface AssertionFacts {
  readonly id: string;
  readonly issueInstantMs: number;
  readonly issuer: string;
  readonly nameId: string;
  readonly nameIdFormat?: string;
  readonly recipient: string;
  readonly subjectNotBeforeMs?: number;
  readonly subjectNotOnOrAfterMs: number;
  readonly inResponseTo?: string;
  readonly notBeforeMs?: number;
  readonly notOnOrAfterMs: number;
  /** One list of audiences per AudienceRestriction. */
  readonly audienceRestrictions: readonly (readonly string[])[];
  readonly sessionIndex?: string;
  readonly sessionNotOnOrAfterMs?: number;
  /** Attribute name → values, in document order. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function time(value: string | undefined, what: string, code: ErrorCode = 'SAML_MALFORMED'): number | undefined {
  if (value === undefined) return undefined;
  const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new BridgeError(code, { detail: `${what} is not a UTC xs:dateTime` });
  return ms;
}

export function readResponseFacts(response: Element): ResponseFacts {
  const status = requiredChild(response, NS.protocol, 'Status');
  const code = requiredChild(status, NS.protocol, 'StatusCode');
  const message = optionalChild(status, NS.protocol, 'StatusMessage');
  const issuer = optionalChild(response, NS.assertion, 'Issuer');
  const id = attr(response, 'ID');
  const destination = attr(response, 'Destination');
  const inResponseTo = attr(response, 'InResponseTo');
  return {
    statusCode: attr(code, 'Value') ?? '',
    ...(message ? { statusMessage: textOf(message).slice(0, 200) } : {}),
    ...(issuer ? { issuer: textOf(issuer) } : {}),
    ...(id ? { id } : {}),
    ...(destination !== undefined ? { destination } : {}),
    ...(inResponseTo !== undefined ? { inResponseTo } : {}),
  };
}

/** Status must be Success before anything else is read (§1.17). */
export function checkStatus(facts: ResponseFacts): void {
  if (facts.statusCode !== STATUS_SUCCESS) {
    throw new BridgeError('SAML_STATUS_NOT_SUCCESS', {
      message: `The identity provider did not report success (${facts.statusCode.split(':').pop()?.slice(0, 64) ?? 'no status'}).`,
      detail: facts.statusMessage ?? facts.statusCode,
    });
  }
}

export function readAssertionFacts(assertion: Element): AssertionFacts {
  if (attr(assertion, 'Version') !== '2.0') throw new BridgeError('SAML_MALFORMED', { detail: 'Assertion Version is not 2.0' });
  const id = attr(assertion, 'ID');
  if (!id) throw new BridgeError('SAML_MALFORMED', { detail: 'Assertion has no ID' });
  const issueInstantMs = time(attr(assertion, 'IssueInstant'), 'IssueInstant');
  if (issueInstantMs === undefined) throw new BridgeError('SAML_MALFORMED', { detail: 'Assertion has no IssueInstant' });
  const issuer = textOf(requiredChild(assertion, NS.assertion, 'Issuer'));

  const subject = requiredChild(assertion, NS.assertion, 'Subject', 'SAML_SUBJECT_INVALID');
  const nameIdEl = optionalChild(subject, NS.assertion, 'NameID');
  const nameId = nameIdEl ? textOf(nameIdEl) : '';
  if (!nameIdEl || nameId === '') throw new BridgeError('SAML_SUBJECT_INVALID', { detail: 'no NameID' });
  const confirmations = children(subject, NS.assertion, 'SubjectConfirmation');
  // AWS: exactly one SubjectConfirmation, bearer, whose data has Recipient and NotOnOrAfter (§1.8).
  if (confirmations.length !== 1) throw new BridgeError('SAML_SUBJECT_INVALID', { detail: `${confirmations.length} SubjectConfirmation elements` });
  const confirmation = confirmations[0]!;
  if (attr(confirmation, 'Method') !== BEARER) throw new BridgeError('SAML_SUBJECT_INVALID', { detail: 'SubjectConfirmation Method is not bearer' });
  const data = requiredChild(confirmation, NS.assertion, 'SubjectConfirmationData', 'SAML_SUBJECT_INVALID');
  const recipient = attr(data, 'Recipient');
  const subjectNotOnOrAfterMs = time(attr(data, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter', 'SAML_SUBJECT_INVALID');
  if (!recipient || subjectNotOnOrAfterMs === undefined) {
    throw new BridgeError('SAML_SUBJECT_INVALID', { detail: 'SubjectConfirmationData needs Recipient and NotOnOrAfter' });
  }
  const subjectNotBeforeMs = time(attr(data, 'NotBefore'), 'SubjectConfirmationData NotBefore', 'SAML_SUBJECT_INVALID');
  const inResponseTo = attr(data, 'InResponseTo');

  const conditions = requiredChild(assertion, NS.assertion, 'Conditions');
  const notOnOrAfterMs = time(attr(conditions, 'NotOnOrAfter'), 'Conditions NotOnOrAfter');
  if (notOnOrAfterMs === undefined) throw new BridgeError('SAML_MALFORMED', { detail: 'Conditions has no NotOnOrAfter' });
  const notBeforeMs = time(attr(conditions, 'NotBefore'), 'Conditions NotBefore');
  const audienceRestrictions = children(conditions, NS.assertion, 'AudienceRestriction').map((r) => children(r, NS.assertion, 'Audience').map(textOf));

  const authn = children(assertion, NS.assertion, 'AuthnStatement');
  if (authn.length > 1) throw new BridgeError('SAML_STRUCTURE_INVALID', { detail: 'more than one AuthnStatement' });
  const sessionIndex = authn[0] ? attr(authn[0], 'SessionIndex') : undefined;
  const sessionNotOnOrAfterMs = authn[0] ? time(attr(authn[0], 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter') : undefined;

  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attribute of children(statement, NS.assertion, 'Attribute')) {
      const name = attr(attribute, 'Name');
      if (!name) throw new BridgeError('SAML_ATTRIBUTE_INVALID', { message: 'An attribute in the SAML assertion has no Name.' });
      // Duplicate attribute names are refused: "first value wins" must never pick a role (§1.11).
      if (attributes.has(name)) throw new BridgeError('SAML_ATTRIBUTE_INVALID', { message: `The attribute ${name.slice(0, 128)} appears more than once in the SAML assertion.` });
      attributes.set(name, children(attribute, NS.assertion, 'AttributeValue').map(textOf));
    }
  }
  return {
    id,
    issueInstantMs,
    issuer,
    nameId,
    ...(nameIdEl.hasAttribute('Format') ? { nameIdFormat: attr(nameIdEl, 'Format')! } : {}),
    recipient,
    subjectNotOnOrAfterMs,
    ...(subjectNotBeforeMs !== undefined ? { subjectNotBeforeMs } : {}),
    ...(inResponseTo !== undefined ? { inResponseTo } : {}),
    notOnOrAfterMs,
    ...(notBeforeMs !== undefined ? { notBeforeMs } : {}),
    audienceRestrictions,
    ...(sessionIndex !== undefined ? { sessionIndex } : {}),
    ...(sessionNotOnOrAfterMs !== undefined ? { sessionNotOnOrAfterMs } : {}),
    attributes,
  };
}

export interface ExpectedValues {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly idpEntityId: string;
  readonly nowMs: number;
  readonly skewMs: number;
}

/** Issuer, audience, recipient, destination and time checks, each with its own code. */
export function checkFacts(assertion: AssertionFacts, response: ResponseFacts, expected: ExpectedValues): void {
  if (assertion.issuer !== expected.idpEntityId || (response.issuer !== undefined && response.issuer !== expected.idpEntityId)) {
    throw new BridgeError('SAML_ISSUER_MISMATCH', { detail: `issuer ${assertion.issuer.slice(0, 200)}` });
  }
  if (assertion.audienceRestrictions.length === 0 || !assertion.audienceRestrictions.every((list) => list.includes(expected.spEntityId))) {
    throw new BridgeError('SAML_AUDIENCE_MISMATCH', { detail: `audiences ${JSON.stringify(assertion.audienceRestrictions).slice(0, 300)}` });
  }
  if (assertion.recipient !== expected.acsUrl) throw new BridgeError('SAML_RECIPIENT_MISMATCH', { detail: `recipient ${assertion.recipient.slice(0, 200)}` });
  if (response.destination !== expected.acsUrl) {
    throw new BridgeError('SAML_DESTINATION_MISMATCH', { detail: `destination ${String(response.destination).slice(0, 200)}` });
  }
  if (assertion.inResponseTo !== undefined && response.inResponseTo !== undefined && assertion.inResponseTo !== response.inResponseTo) {
    throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { detail: 'Response and SubjectConfirmationData InResponseTo differ' });
  }
  const { nowMs, skewMs } = expected;
  const notYet = [assertion.notBeforeMs, assertion.subjectNotBeforeMs, assertion.issueInstantMs].some((t) => t !== undefined && nowMs + skewMs < t);
  if (notYet) throw new BridgeError('SAML_NOT_YET_VALID');
  if (nowMs - skewMs >= assertion.notOnOrAfterMs || nowMs - skewMs >= assertion.subjectNotOnOrAfterMs) throw new BridgeError('SAML_EXPIRED');
  if (assertion.sessionNotOnOrAfterMs !== undefined && nowMs - skewMs >= assertion.sessionNotOnOrAfterMs) {
    throw new BridgeError('SAML_EXPIRED', { message: 'The SAML session (SessionNotOnOrAfter) has ended.' });
  }
  if (nowMs - skewMs > assertion.issueInstantMs + MAX_ASSERTION_AGE_MS) throw new BridgeError('SAML_STALE');
}
