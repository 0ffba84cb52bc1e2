/**
 * @module saml/sp — our side of the protocol: SP metadata, signed AuthnRequests (HTTP-Redirect),
 * and IdP-initiated single logout (a signed LogoutRequest over HTTP-Redirect, answered with a signed
 * LogoutResponse).
 *
 * AuthnRequests (through passport-saml, `nodeSamlOptions`) and metadata are produced by node-saml; the redirect-binding signature of an
 * incoming LogoutRequest is verified here with node:crypto against the provider's pinned
 * certificates (RSA-SHA256 or stronger only), with the inflated size capped (security.md §1.12).
 */
import { createPublicKey, createSign, createVerify, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { generateServiceProviderMetadata, ValidateInResponseTo, type CacheProvider, type SamlConfig } from '@node-saml/node-saml';
import type { Directory, SamlProvider } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { NS } from './constants.js';
import { attr, children, optionalChild, parseXml, textOf } from './dom.js';
import { REQUEST_TTL_MS } from './one-time.js';
import { guardXmlText } from './xml-guard.js';

const inflateRawAsync = promisify(inflateRaw);
const deflateRawAsync = promisify(deflateRaw);
const MAX_INFLATED = 64 * 1024;
const MAX_DEFLATED_QUERY = 16 * 1024;

export interface SpKeys {
  readonly signingKey: string;
  readonly signingCert: string;
  readonly encryptionKey: string;
  readonly encryptionCert: string;
}

export interface SpEndpoints {
  readonly entityId: string;
  /** `PUBLIC_URL/saml` */
  readonly acsUrl: string;
  /** `PUBLIC_URL/saml/logout` */
  readonly sloUrl: string;
}

/** AWS's use window (the validator enforces it too, on the server clock). */
const MAX_ASSERTION_AGE_MS = 5 * 60 * 1000;
const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/**
 * SP metadata. node-saml advertises the SingleLogoutService with the HTTP-POST binding; ours is
 * HTTP-Redirect only (`GET /saml/logout`), so the metadata says so (it is unsigned: safe to edit).
 */
export function spMetadata(endpoints: SpEndpoints, keys: SpKeys): string {
  const xml = nodeSamlMetadata(endpoints, keys);
  const slo = `<SingleLogoutService Binding="${POST_BINDING}"`;
  if (!xml.includes(slo)) throw new Error('unexpected SP metadata from node-saml: no HTTP-POST SingleLogoutService');
  return xml.replace(slo, `<SingleLogoutService Binding="${REDIRECT_BINDING}"`);
}

function nodeSamlMetadata(endpoints: SpEndpoints, keys: SpKeys): string {
  return generateServiceProviderMetadata({
    issuer: endpoints.entityId,
    callbackUrl: endpoints.acsUrl,
    logoutCallbackUrl: endpoints.sloUrl,
    publicCerts: [keys.signingCert],
    decryptionCert: keys.encryptionCert,
    decryptionPvk: keys.encryptionKey,
    privateKey: keys.signingKey,
    signatureAlgorithm: 'sha256',
    wantAssertionsSigned: true,
    identifierFormat: null,
  });
}

export function newSamlId(): string {
  return `_rg${randomBytes(20).toString('hex')}`;
}

/**
 * node-saml options for one provider group (same entity id and certificates): what passport-saml's
 * MultiSamlStrategy builds its `SAML` instance from. Signed AuthnRequests (RSA-SHA256,
 * HTTP-Redirect), pinned certificates only, InResponseTo checked through `cache` (the shared store).
 */
export function nodeSamlOptions(providers: readonly SamlProvider[], endpoints: SpEndpoints, keys: SpKeys, cache: CacheProvider): SamlConfig {
  const policy = providers[0];
  if (!policy) throw new BridgeError('SAML_PROVIDER_UNKNOWN');
  return {
    ...(policy.ssoUrl ? { entryPoint: policy.ssoUrl } : {}),
    callbackUrl: endpoints.acsUrl,
    issuer: endpoints.entityId,
    audience: endpoints.entityId,
    idpIssuer: policy.entityId,
    idpCert: [...new Set(providers.flatMap((p) => p.signingCerts))],
    privateKey: keys.signingKey,
    decryptionPvk: keys.encryptionKey,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    authnRequestBinding: 'HTTP-Redirect',
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    wantAssertionsSigned: policy.wantAssertionSigned,
    wantAuthnResponseSigned: policy.wantResponseSigned,
    acceptedClockSkewMs: Math.max(...providers.map((p) => p.clockSkewMs)),
    // Unsolicited responses only where a provider allows them (security.md §1.5).
    validateInResponseTo: providers.some((p) => p.allowIdpInitiated) ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: cache,
  };
}

/** A query parameter exactly as sent (still URL-encoded): redirect signatures cover these bytes. */
export function rawParam(rawQuery: string, name: string): string | undefined {
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

export const decodeQueryValue = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
const REDIRECT_SIG_ALGS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'RSA-SHA384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
};

/** Verifies an HTTP-Redirect binding signature over the raw (still URL-encoded) query parameters. */
export function verifyRedirectSignature(rawQuery: string, messageParam: 'SAMLRequest' | 'SAMLResponse', certs: readonly string[]): boolean {
  const message = rawParam(rawQuery, messageParam);
  const relay = rawParam(rawQuery, 'RelayState');
  const sigAlg = rawParam(rawQuery, 'SigAlg');
  const signature = rawParam(rawQuery, 'Signature');
  if (!message || !sigAlg || !signature) return false;
  const algorithm = REDIRECT_SIG_ALGS[decodeQueryValue(sigAlg)];
  if (!algorithm) return false;
  const signed = `${messageParam}=${message}${relay !== undefined ? `&RelayState=${relay}` : ''}&SigAlg=${sigAlg}`;
  const signatureBytes = Buffer.from(decodeQueryValue(signature), 'base64');
  return certs.some((cert) => {
    try {
      return createVerify(algorithm).update(signed).verify(createPublicKey(cert), signatureBytes);
    } catch {
      return false;
    }
  });
}

/** Signs an HTTP-Redirect message and returns the full URL. */
export async function signedRedirectUrl(location: string, messageParam: 'SAMLRequest' | 'SAMLResponse', xml: string, relayState: string | undefined, signingKey: string): Promise<string> {
  const deflated = (await deflateRawAsync(Buffer.from(xml, 'utf8'))).toString('base64');
  let query = `${messageParam}=${encodeURIComponent(deflated)}`;
  if (relayState !== undefined) query += `&RelayState=${encodeURIComponent(relayState)}`;
  query += `&SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`;
  const signature = createSign('RSA-SHA256').update(query).sign(signingKey).toString('base64');
  return `${location}${location.includes('?') ? '&' : '?'}${query}&Signature=${encodeURIComponent(signature)}`;
}

/** Inflates an HTTP-Redirect message with a cap on the inflated size, then applies the byte guards. */
export async function inflateRedirectMessage(encoded: string): Promise<string> {
  if (encoded.length > MAX_DEFLATED_QUERY) throw new BridgeError('SAML_TOO_LARGE');
  let inflated: Buffer;
  try {
    inflated = await inflateRawAsync(Buffer.from(encoded, 'base64'), { maxOutputLength: MAX_INFLATED });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test((error as Error).message);
    throw new BridgeError(tooLarge ? 'SAML_TOO_LARGE' : 'SAML_MALFORMED', { detail: 'inflate failed' });
  }
  return guardXmlText(inflated.toString('utf8'));
}

export interface LogoutRequestFacts {
  readonly id: string;
  readonly issuer: string;
  readonly nameId: string;
  readonly sessionIndexes: readonly string[];
  readonly providers: readonly SamlProvider[];
  readonly relayState?: string;
}

/** Validates an IdP's LogoutRequest (HTTP-Redirect, signed). */
export async function validateLogoutRequest(
  rawQuery: string,
  directory: Pick<Directory, 'samlProviders'>,
  endpoints: SpEndpoints,
  nowMs: number,
): Promise<LogoutRequestFacts> {
  const encoded = rawParam(rawQuery, 'SAMLRequest');
  if (!encoded) throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'no SAMLRequest' });
  const xml = await inflateRedirectMessage(decodeQueryValue(encoded));
  const doc = await parseXml(xml);
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'LogoutRequest') throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'not a LogoutRequest' });
  const issuerEl = optionalChild(root, NS.assertion, 'Issuer');
  const nameIdEl = optionalChild(root, NS.assertion, 'NameID');
  if (!issuerEl || !nameIdEl) throw new BridgeError('SAML_LOGOUT_INVALID', { detail: 'Issuer and NameID are required' });
  const issuer = textOf(issuerEl);
  const providers = directory.samlProviders.filter((p) => p.entityId === issuer);
  if (providers.length === 0) throw new BridgeError('SAML_PROVIDER_UNKNOWN');
  const certs = [...new Set(providers.flatMap((p) => p.signingCerts))];
  if (!verifyRedirectSignature(rawQuery, 'SAMLRequest', certs)) throw new BridgeError('SAML_SIGNATURE_INVALID', { detail: 'LogoutRequest redirect signature' });
  if (attr(root, 'Destination') !== endpoints.sloUrl) throw new BridgeError('SAML_DESTINATION_MISMATCH');
  const issueInstant = Date.parse(attr(root, 'IssueInstant') ?? '');
  if (Number.isNaN(issueInstant) || Math.abs(nowMs - issueInstant) > 5 * 60 * 1000) throw new BridgeError('SAML_EXPIRED', { message: 'The logout request is too old.' });
  const notOnOrAfter = attr(root, 'NotOnOrAfter');
  if (notOnOrAfter !== undefined && Date.parse(notOnOrAfter) <= nowMs) throw new BridgeError('SAML_EXPIRED', { message: 'The logout request has expired.' });
  const relay = rawParam(rawQuery, 'RelayState');
  return {
    id: attr(root, 'ID') ?? '',
    issuer,
    nameId: textOf(nameIdEl),
    sessionIndexes: children(root, NS.protocol, 'SessionIndex').map(textOf),
    providers,
    ...(relay !== undefined ? { relayState: decodeQueryValue(relay) } : {}),
  };
}

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A signed LogoutResponse redirect back to the IdP's SLO service. */
export async function logoutResponseUrl(provider: SamlProvider, endpoints: SpEndpoints, keys: SpKeys, inResponseTo: string, relayState: string | undefined, nowMs: number): Promise<string | undefined> {
  if (!provider.sloUrl) return undefined;
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${newSamlId()}" Version="2.0" ` +
    `IssueInstant="${new Date(nowMs).toISOString()}" Destination="${xmlEscape(provider.sloUrl)}" InResponseTo="${xmlEscape(inResponseTo)}">` +
    `<saml:Issuer>${xmlEscape(endpoints.entityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
  return signedRedirectUrl(provider.sloUrl, 'SAMLResponse', xml, relayState, keys.signingKey);
}
