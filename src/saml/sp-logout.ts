/**
 * @module saml/sp-logout — SP-initiated single logout (SAML 2.0 Profiles §4.4, HTTP-Redirect).
 *
 * Console sign-out has already revoked the login's credentials; `start` then builds a signed
 * LogoutRequest naming the subject of that login (NameID, SessionIndex) for the provider's SLO
 * service and keeps its id in the shared store. `finish` validates the IdP's LogoutResponse
 * strictly: redirect signature with the provider's pinned certificates (RSA-SHA256+), Issuer,
 * Destination (our SLO URL), IssueInstant window, and InResponseTo taken once (GETDEL).
 */
import type { Clock, Directory } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { NS } from './constants.js';
import { attr, optionalChild, parseXml, textOf } from './dom.js';
import type { LoginSubject, SamlStateStore } from './one-time.js';
import { inflateRedirectMessage, newSamlId, rawParam, decodeQueryValue, signedRedirectUrl, verifyRedirectSignature, xmlEscape, type SpEndpoints, type SpKeys } from './sp.js';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const MESSAGE_WINDOW_MS = 5 * 60 * 1000;

export interface SpLogoutDeps {
  readonly state: SamlStateStore;
  readonly directory: Pick<Directory, 'samlProvider'>;
  readonly endpoints: SpEndpoints;
  readonly keys: SpKeys;
  readonly clock: Clock;
}

export interface LogoutOutcome {
  readonly providerArn: string;
  /** False when the IdP answered with a status other than Success (partial logout). */
  readonly success: boolean;
}

function logoutRequestXml(id: string, destination: string, issuer: string, subject: LoginSubject, nowMs: number): string {
  const format = subject.nameIdFormat ? ` Format="${xmlEscape(subject.nameIdFormat)}"` : '';
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${id}" Version="2.0" ` +
    `IssueInstant="${new Date(nowMs).toISOString()}" Destination="${xmlEscape(destination)}" NotOnOrAfter="${new Date(nowMs + MESSAGE_WINDOW_MS).toISOString()}">` +
    `<saml:Issuer>${xmlEscape(issuer)}</saml:Issuer>` +
    `<saml:NameID${format}>${xmlEscape(subject.nameId)}</saml:NameID>` +
    (subject.sessionIndex !== undefined ? `<samlp:SessionIndex>${xmlEscape(subject.sessionIndex)}</samlp:SessionIndex>` : '') +
    `</samlp:LogoutRequest>`
  );
}

export function createSpLogout(deps: SpLogoutDeps) {
  return {
    /** The LogoutRequest redirect for a console login, or undefined (not SAML, or no SLO service). */
    async start(loginId: string | undefined): Promise<string | undefined> {
      if (loginId === undefined) return undefined;
      const subject = await deps.state.takeLoginSubject(loginId);
      const provider = subject ? deps.directory.samlProvider(subject.providerArn) : undefined;
      if (!subject || !provider?.sloUrl) return undefined;
      const id = newSamlId();
      const nowMs = deps.clock.now();
      await deps.state.saveLogout(id, { providerArn: provider.arn, entityId: provider.entityId }, nowMs);
      return signedRedirectUrl(provider.sloUrl, 'SAMLRequest', logoutRequestXml(id, provider.sloUrl, deps.endpoints.entityId, subject, nowMs), undefined, deps.keys.signingKey);
    },

    /** Validates the IdP's LogoutResponse (HTTP-Redirect, signed) to one of our LogoutRequests. */
    async finish(rawQuery: string): Promise<LogoutOutcome> {
      const encoded = rawParam(rawQuery, 'SAMLResponse');
      if (!encoded) throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'no SAMLResponse' });
      const doc = await parseXml(await inflateRedirectMessage(decodeQueryValue(encoded)));
      const root = doc.documentElement;
      if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'LogoutResponse') throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'not a LogoutResponse' });
      const inResponseTo = attr(root, 'InResponseTo');
      const pending = inResponseTo ? await deps.state.peekLogout(inResponseTo) : undefined;
      if (!inResponseTo || !pending) throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { message: 'The logout response does not answer a logout request of ours.' });
      const provider = deps.directory.samlProvider(pending.providerArn);
      if (!provider) throw new BridgeError('SAML_PROVIDER_UNKNOWN');
      if (!verifyRedirectSignature(rawQuery, 'SAMLResponse', provider.signingCerts)) throw new BridgeError('SAML_SIGNATURE_INVALID', { detail: 'LogoutResponse redirect signature' });
      const issuerEl = optionalChild(root, NS.assertion, 'Issuer');
      if (!issuerEl || textOf(issuerEl) !== pending.entityId) throw new BridgeError('SAML_ISSUER_MISMATCH', { detail: 'LogoutResponse issuer' });
      if (attr(root, 'Destination') !== deps.endpoints.sloUrl) throw new BridgeError('SAML_DESTINATION_MISMATCH');
      const issueInstant = Date.parse(attr(root, 'IssueInstant') ?? '');
      if (Number.isNaN(issueInstant) || Math.abs(deps.clock.now() - issueInstant) > MESSAGE_WINDOW_MS) throw new BridgeError('SAML_EXPIRED', { message: 'The logout response is too old.' });
      const status = optionalChild(root, NS.protocol, 'Status');
      const code = status ? optionalChild(status, NS.protocol, 'StatusCode') : undefined;
      if (!code) throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'no StatusCode' });
      if (!(await deps.state.consumeLogout(inResponseTo))) throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { message: 'The logout response was already used.' });
      return { providerArn: provider.arn, success: attr(code, 'Value') === SUCCESS };
    },
  };
}

export type SpLogout = ReturnType<typeof createSpLogout>;
