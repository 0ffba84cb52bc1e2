/**
 * @module idp/saml/response — builds signed SAML 2.0 Responses (the built-in IdP; also used by tests
 * to build well-formed and deliberately faulty responses).
 *
 * Signing uses node-saml's `signXml` (xml-crypto): enveloped signature, exclusive c14n, RSA-SHA256
 * by default. The Assertion's signature goes after its Issuer, the Response's after its Issuer.
 */
import { randomBytes } from 'node:crypto';
import { signXml } from '@node-saml/node-saml/lib/xml.js';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** Faults the built-in IdP can produce on purpose (README "SAML 2.0 single sign-on"). */
export const FAULTS = ['none', 'bad-signature', 'wrong-audience', 'expired', 'unsigned-assertion', 'replayed-id'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ResponseSpec {
  readonly issuer: string;
  readonly audience: string;
  /** ACS URL: Destination and Recipient. */
  readonly acsUrl: string;
  readonly nameId: string;
  readonly nameIdFormat?: string;
  readonly inResponseTo?: string;
  readonly sessionIndex?: string;
  /** Attribute name → values. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly nowMs: number;
  /** Validity of the assertion (default 5 minutes). */
  readonly lifetimeMs?: number;
  readonly assertionId?: string;
  readonly responseId?: string;
  readonly privateKey: string;
  readonly signAssertion?: boolean;
  readonly signResponse?: boolean;
  readonly algorithm?: 'sha256' | 'sha512' | 'sha1';
  /** Overrides for tests: change any timestamp. */
  readonly issueInstantMs?: number;
  readonly notBeforeMs?: number;
  readonly notOnOrAfterMs?: number;
  readonly sessionNotOnOrAfterMs?: number;
  readonly statusCode?: string;
  readonly destination?: string | null;
  readonly recipient?: string;
}

export const newId = (prefix = '_') => `${prefix}${randomBytes(20).toString('hex')}`;
export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const iso = (ms: number) => new Date(ms).toISOString();

/** The unsigned Response XML. */
export function responseXml(spec: ResponseSpec): string {
  const issueInstant = spec.issueInstantMs ?? spec.nowMs;
  const notOnOrAfter = spec.notOnOrAfterMs ?? spec.nowMs + (spec.lifetimeMs ?? 5 * 60 * 1000);
  const notBefore = spec.notBeforeMs ?? spec.nowMs - 1000;
  const inResponseTo = spec.inResponseTo !== undefined ? ` InResponseTo="${xmlEscape(spec.inResponseTo)}"` : '';
  const destination = spec.destination === null ? '' : ` Destination="${xmlEscape(spec.destination ?? spec.acsUrl)}"`;
  const attributes = Object.entries(spec.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
        values.map((v) => `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`).join('') +
        `</saml:Attribute>`,
    )
    .join('');
  const sessionNotOnOrAfter = spec.sessionNotOnOrAfterMs !== undefined ? ` SessionNotOnOrAfter="${iso(spec.sessionNotOnOrAfterMs)}"` : '';
  return (
    `<samlp:Response xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" ID="${spec.responseId ?? newId('_r')}" Version="2.0" IssueInstant="${iso(issueInstant)}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${xmlEscape(spec.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${spec.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    `<saml:Assertion ID="${spec.assertionId ?? newId('_a')}" Version="2.0" IssueInstant="${iso(issueInstant)}">` +
    `<saml:Issuer>${xmlEscape(spec.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${spec.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${xmlEscape(spec.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${xmlEscape(spec.recipient ?? spec.acsUrl)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${xmlEscape(spec.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(issueInstant)}"${spec.sessionIndex ? ` SessionIndex="${xmlEscape(spec.sessionIndex)}"` : ''}${sessionNotOnOrAfter}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion></samlp:Response>`
  );
}

export function signAssertion(xml: string, privateKey: string, algorithm: 'sha256' | 'sha512' | 'sha1' = 'sha256'): string {
  return signXml(
    xml,
    "//*[local-name(.)='Assertion']",
    { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
    { privateKey, signatureAlgorithm: algorithm, digestAlgorithm: algorithm },
  );
}

export function signResponse(xml: string, privateKey: string, algorithm: 'sha256' | 'sha512' | 'sha1' = 'sha256'): string {
  return signXml(
    xml,
    "/*[local-name(.)='Response']",
    { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
    { privateKey, signatureAlgorithm: algorithm, digestAlgorithm: algorithm },
  );
}

/** A complete Response: assertion signed (default), response signed (default). */
export function buildSignedResponse(spec: ResponseSpec): string {
  let xml = responseXml(spec);
  if (spec.signAssertion ?? true) xml = signAssertion(xml, spec.privateKey, spec.algorithm);
  if (spec.signResponse ?? true) xml = signResponse(xml, spec.privateKey, spec.algorithm);
  return xml;
}

/** Flips one character of the first SignatureValue (the "bad signature" fault). */
export function corruptSignature(xml: string): string {
  return xml.replace(/(<(?:ds:)?SignatureValue[^>]*>)([A-Za-z0-9+/])/, (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`);
}
