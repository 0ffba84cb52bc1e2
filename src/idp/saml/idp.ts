/**
 * @module idp/saml/idp — the built-in corporate directory IdP (development and tests only).
 *
 * Users and groups come from configuration (`config/corporate-directory.json`). It serves exactly
 * rolegate's own SP: it verifies the SP's signed AuthnRequests (HTTP-Redirect), shows a login form,
 * and answers with a signed Response (Assertion and Response both signed, RSA-SHA256) posted to the
 * ACS. It also starts IdP-initiated logins and single logout, and can produce faulty responses on
 * purpose (`FAULTS`). Its keys are development keys under `certs/`.
 */
import { createHash, createPublicKey, createSign, createVerify, timingSafeEqual, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Clock, KeyValueStore, RandomSource } from '../../core/index.js';
import { BridgeError } from '../../errors.js';
import { buildSignedResponse, corruptSignature, FAULTS, newId, xmlEscape, type Fault } from './response.js';

const inflateRawAsync = promisify(inflateRaw);
const deflateRawAsync = promisify(deflateRaw);

export interface CorporateDirectory {
  readonly groups: ReadonlyArray<{ readonly name: string; readonly awsRoles: readonly string[] }>;
  readonly users: ReadonlyArray<{
    readonly username: string;
    readonly password: string;
    readonly displayName?: string | undefined;
    readonly email?: string | undefined;
    readonly groups: readonly string[];
    readonly attributes: Readonly<Record<string, readonly string[]>>;
    readonly tags: Readonly<Record<string, string>>;
    readonly sourceIdentity?: string | undefined;
    readonly sessionDuration?: number | undefined;
  }>;
}

export interface BuiltinIdpDeps {
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly directory: CorporateDirectory;
  readonly privateKey: string;
  readonly certificate: string;
  /** `PUBLIC_URL/idp/saml`. */
  readonly baseUrl: string;
  /** Default `urn:rolegate:idp:corporate-directory` (stable whatever PUBLIC_URL is). */
  readonly entityId?: string;
  readonly sp: { readonly entityId: string; readonly acsUrl: string; readonly sloUrl: string; readonly signingCert: string };
  readonly secureCookies: boolean;
}

export interface LoginPage {
  readonly handle: string;
  readonly csrf: string;
  readonly faults: readonly Fault[];
  readonly users: readonly string[];
  readonly error?: string;
}

export interface PostPage {
  readonly acsUrl: string;
  readonly samlResponse: string;
  readonly relayState?: string;
}

interface PendingLogin {
  readonly csrf: string;
  readonly requestId?: string;
  readonly relayState?: string;
}

interface IdpSession {
  readonly username: string;
  readonly sessionIndex: string;
  readonly csrf: string;
}

export const BUILTIN_IDP_ENTITY_ID = 'urn:rolegate:idp:corporate-directory';
const STATE_TTL_MS = 10 * 60 * 1000;
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const IDP_COOKIE = 'rg_idp';
const ROLE = 'https://aws.amazon.com/SAML/Attributes/Role';
const AWS = 'https://aws.amazon.com/SAML/Attributes/';
export const GROUP_ATTRIBUTE = 'http://schemas.xmlsoap.org/claims/Group';
export const MAIL_ATTRIBUTE = 'urn:oid:0.9.2342.19200300.100.1.3';
export const DISPLAY_NAME_ATTRIBUTE = 'urn:oid:2.16.840.1.113730.3.1.241';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function rawParam(rawQuery: string, name: string): string | undefined {
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}
const decode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const sessionKey = (tokenHash: string) => `idp:sess:${tokenHash}`;
const sessionIndexKey = (sessionIndex: string) => `idp:sidx:${hash(sessionIndex)}`;

export function createBuiltinIdp(deps: BuiltinIdpDeps) {
  const entityId = deps.entityId ?? BUILTIN_IDP_ENTITY_ID;
  const spKey: KeyObject = createPublicKey(deps.sp.signingCert);
  const token = () => deps.random.bytes(24).toString('base64url');
  const certBody = deps.certificate.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

  /** A signed HTTP-Redirect message (SAML Bindings §3.4.4.1) to the SP's SLO endpoint. */
  async function signedRedirect(param: 'SAMLRequest' | 'SAMLResponse', xml: string): Promise<string> {
    const deflated = (await deflateRawAsync(Buffer.from(xml, 'utf8'))).toString('base64');
    const query = `${param}=${encodeURIComponent(deflated)}&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
    const sig = createSign('RSA-SHA256').update(query).sign(deps.privateKey).toString('base64');
    return `${deps.sp.sloUrl}?${query}&Signature=${encodeURIComponent(sig)}`;
  }

  /** Verifies the SP's redirect signature and inflates its message (our own SP only, RSA-SHA256). */
  async function readSignedSpMessage(rawQuery: string, param: 'SAMLRequest'): Promise<{ xml: string; relay?: string }> {
    const encoded = rawParam(rawQuery, param);
    const sigAlg = rawParam(rawQuery, 'SigAlg');
    const signature = rawParam(rawQuery, 'Signature');
    const relay = rawParam(rawQuery, 'RelayState');
    if (!encoded || !sigAlg || !signature || encoded.length > 16 * 1024) throw new BridgeError('SAML_MALFORMED', { message: `A signed ${param} is required.` });
    if (decode(sigAlg) !== RSA_SHA256) throw new BridgeError('SAML_ALGORITHM_REJECTED');
    const signed = `${param}=${encoded}${relay !== undefined ? `&RelayState=${relay}` : ''}&SigAlg=${sigAlg}`;
    if (!createVerify('RSA-SHA256').update(signed).verify(spKey, Buffer.from(decode(signature), 'base64'))) throw new BridgeError('SAML_SIGNATURE_INVALID', { message: `The ${param} signature is invalid.` });
    let xml: string;
    try {
      xml = (await inflateRawAsync(Buffer.from(decode(encoded), 'base64'), { maxOutputLength: 64 * 1024 })).toString('utf8');
    } catch {
      throw new BridgeError('SAML_MALFORMED');
    }
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BridgeError('SAML_DOCTYPE_FORBIDDEN');
    return { xml, ...(relay !== undefined ? { relay: decode(relay) } : {}) };
  }

  const clearedCookie = () =>
    stringifySetCookie({ name: deps.secureCookies ? `__Host-${IDP_COOKIE}` : IDP_COOKIE, value: '', path: '/', httpOnly: true, secure: deps.secureCookies, sameSite: 'lax', maxAge: 0 });

  async function newLogin(pending: PendingLogin): Promise<LoginPage> {
    const handle = token();
    await deps.store.set(`idp:login:${hash(handle)}`, JSON.stringify(pending), { expiresAtMs: deps.clock.now() + STATE_TTL_MS });
    return { handle, csrf: pending.csrf, faults: FAULTS, users: deps.directory.users.map((u) => u.username) };
  }

  function attributesOf(user: CorporateDirectory['users'][number]): Record<string, string[]> {
    const groups = deps.directory.groups.filter((g) => user.groups.includes(g.name));
    const attributes: Record<string, string[]> = {};
    const roles = [...new Set(groups.flatMap((g) => g.awsRoles))];
    if (roles.length > 0) attributes[ROLE] = roles;
    attributes[`${AWS}RoleSessionName`] = [user.username];
    if (user.sessionDuration !== undefined) attributes[`${AWS}SessionDuration`] = [String(user.sessionDuration)];
    if (user.sourceIdentity !== undefined) attributes[`${AWS}SourceIdentity`] = [user.sourceIdentity];
    for (const [key, value] of Object.entries(user.tags)) attributes[`${AWS}PrincipalTag:${key}`] = [value];
    if (user.groups.length > 0) attributes[GROUP_ATTRIBUTE] = [...user.groups];
    if (user.email) attributes[MAIL_ATTRIBUTE] = [user.email];
    if (user.displayName) attributes[DISPLAY_NAME_ATTRIBUTE] = [user.displayName];
    for (const [name, values] of Object.entries(user.attributes)) attributes[name] = [...values];
    return attributes;
  }

  return {
    entityId,
    ssoUrl: `${deps.baseUrl}/sso`,
    sloUrl: `${deps.baseUrl}/slo`,

    metadata(): string {
      return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${xmlEscape(entityId)}">` +
        `<md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlEscape(deps.baseUrl)}/slo"/>` +
        `<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>` +
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlEscape(deps.baseUrl)}/sso"/>` +
        `</md:IDPSSODescriptor></md:EntityDescriptor>\n`
      );
    },

    /** SP-initiated: a signed AuthnRequest from rolegate's SP (HTTP-Redirect). */
    async startFromAuthnRequest(rawQuery: string): Promise<LoginPage> {
      const { xml, relay } = await readSignedSpMessage(rawQuery, 'SAMLRequest');
      // The request is signed by our own SP; only its ID, Issuer and ACS URL are read.
      const id = /<(?:\w+:)?AuthnRequest\b[^>]*\sID="([^"]{1,128})"/.exec(xml)?.[1];
      const issuer = /<(?:\w+:)?Issuer[^>]*>([^<]{1,1024})<\/(?:\w+:)?Issuer>/.exec(xml)?.[1];
      const acs = /\sAssertionConsumerServiceURL="([^"]{1,2048})"/.exec(xml)?.[1];
      if (!id || issuer !== deps.sp.entityId || (acs !== undefined && acs !== deps.sp.acsUrl)) {
        throw new BridgeError('SAML_MALFORMED', { message: 'The AuthnRequest is not from rolegate.' });
      }
      return newLogin({ csrf: token(), requestId: id, ...(relay !== undefined ? { relayState: relay } : {}) });
    },

    /** IdP-initiated: a login form whose response is unsolicited. */
    async startUnsolicited(relayState?: string): Promise<LoginPage> {
      return newLogin({ csrf: token(), ...(relayState ? { relayState } : {}) });
    },

    /** Checks the password and returns the auto-post page and the IdP session cookie. */
    async login(form: { handle?: string; csrf?: string; username?: string; password?: string; fault?: string }): Promise<{ page: PostPage; cookie: string }> {
      const handle = form.handle ?? '';
      const text = handle ? await deps.store.get(`idp:login:${hash(handle)}`) : null;
      if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
      const pending = JSON.parse(text) as PendingLogin;
      if (!form.csrf || !same(pending.csrf, form.csrf)) throw new BridgeError('CSRF_INVALID');
      const user = deps.directory.users.find((u) => u.username === form.username);
      if (!user || !form.password || !same(hash(user.password), hash(form.password))) throw new BridgeError('LOGIN_FAILED');
      if ((await deps.store.getDel(`idp:login:${hash(handle)}`)) === null) throw new BridgeError('SIGNIN_STATE_INVALID');
      const fault = (FAULTS as readonly string[]).includes(form.fault ?? 'none') ? (form.fault as Fault | undefined) ?? 'none' : 'none';
      const nowMs = deps.clock.now();
      const sessionIndex = newId('_s');
      let assertionId = newId('_a');
      if (fault === 'replayed-id') assertionId = (await deps.store.get('idp:last-assertion-id')) ?? '_a-replayed-fixed-id';
      await deps.store.set('idp:last-assertion-id', assertionId, { expiresAtMs: nowMs + STATE_TTL_MS });
      let xml = buildSignedResponse({
        issuer: entityId,
        audience: fault === 'wrong-audience' ? 'urn:example:not-rolegate' : deps.sp.entityId,
        acsUrl: deps.sp.acsUrl,
        nameId: user.username,
        ...(pending.requestId ? { inResponseTo: pending.requestId } : {}),
        sessionIndex,
        attributes: attributesOf(user),
        nowMs,
        assertionId,
        privateKey: deps.privateKey,
        signAssertion: fault !== 'unsigned-assertion',
        signResponse: fault !== 'unsigned-assertion',
        ...(fault === 'expired' ? { issueInstantMs: nowMs - 10 * 60 * 1000, notBeforeMs: nowMs - 10 * 60 * 1000, notOnOrAfterMs: nowMs - 5 * 60 * 1000 } : {}),
      });
      if (fault === 'bad-signature') xml = corruptSignature(xml);
      const sessionToken = token();
      const session: IdpSession = { username: user.username, sessionIndex, csrf: token() };
      await deps.store.set(sessionKey(hash(sessionToken)), JSON.stringify(session), { expiresAtMs: nowMs + SESSION_TTL_MS });
      await deps.store.set(sessionIndexKey(sessionIndex), hash(sessionToken), { expiresAtMs: nowMs + SESSION_TTL_MS });
      const cookie = stringifySetCookie({
        name: deps.secureCookies ? `__Host-${IDP_COOKIE}` : IDP_COOKIE,
        value: sessionToken,
        path: '/',
        httpOnly: true,
        secure: deps.secureCookies,
        sameSite: 'lax',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return {
        page: { acsUrl: deps.sp.acsUrl, samlResponse: Buffer.from(xml, 'utf8').toString('base64'), ...(pending.relayState ? { relayState: pending.relayState } : {}) },
        cookie,
      };
    },

    /** The IdP session of a browser (for the logout page). */
    async session(cookieHeader: string | undefined): Promise<{ token: string; session: IdpSession } | undefined> {
      const value = cookieHeader ? parseCookie(cookieHeader)[deps.secureCookies ? `__Host-${IDP_COOKIE}` : IDP_COOKIE] : undefined;
      if (!value) return undefined;
      const text = await deps.store.get(sessionKey(hash(value)));
      return text === null ? undefined : { token: value, session: JSON.parse(text) as IdpSession };
    },

    /** IdP-initiated single logout: ends the IdP session and returns the signed LogoutRequest redirect. */
    async logout(cookieHeader: string | undefined, csrf: string | undefined): Promise<{ location: string; cookie: string }> {
      const current = await this.session(cookieHeader);
      if (!current) throw new BridgeError('CONSOLE_SESSION_REQUIRED', { message: 'You are not signed in at the corporate directory.' });
      if (!csrf || !same(current.session.csrf, csrf)) throw new BridgeError('CSRF_INVALID');
      await deps.store.del(sessionKey(hash(current.token)));
      await deps.store.del(sessionIndexKey(current.session.sessionIndex));
      const nowMs = deps.clock.now();
      const xml =
        `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId('_l')}" Version="2.0" ` +
        `IssueInstant="${new Date(nowMs).toISOString()}" Destination="${xmlEscape(deps.sp.sloUrl)}" NotOnOrAfter="${new Date(nowMs + 5 * 60 * 1000).toISOString()}">` +
        `<saml:Issuer>${xmlEscape(entityId)}</saml:Issuer>` +
        `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${xmlEscape(current.session.username)}</saml:NameID>` +
        `<samlp:SessionIndex>${xmlEscape(current.session.sessionIndex)}</samlp:SessionIndex></samlp:LogoutRequest>`;
      return { location: await signedRedirect('SAMLRequest', xml), cookie: clearedCookie() };
    },

    /**
     * SP-initiated single logout: the SP's signed LogoutRequest ends the IdP session it names
     * (NameID + SessionIndex) and is answered with a signed LogoutResponse to the SP's SLO URL.
     */
    async answerLogoutRequest(rawQuery: string): Promise<{ location: string; cookie: string }> {
      const { xml } = await readSignedSpMessage(rawQuery, 'SAMLRequest');
      // The request is signed by our own SP; only its ID, Issuer, Destination, NameID and SessionIndex are read.
      const root = /<(?:\w+:)?LogoutRequest\b[^>]*>/.exec(xml)?.[0];
      const id = root ? /\sID="([^"]{1,128})"/.exec(root)?.[1] : undefined;
      const destination = root ? /\sDestination="([^"]{1,2048})"/.exec(root)?.[1] : undefined;
      const issuer = /<(?:\w+:)?Issuer[^>]*>([^<]{1,1024})<\/(?:\w+:)?Issuer>/.exec(xml)?.[1];
      const nameId = /<(?:\w+:)?NameID[^>]*>([^<]{1,1024})<\/(?:\w+:)?NameID>/.exec(xml)?.[1];
      const sessionIndex = /<(?:\w+:)?SessionIndex[^>]*>([^<]{1,256})<\/(?:\w+:)?SessionIndex>/.exec(xml)?.[1];
      if (!id || issuer !== deps.sp.entityId || destination !== `${deps.baseUrl}/slo` || !nameId) {
        throw new BridgeError('SAML_LOGOUT_INVALID', { message: 'The LogoutRequest is not from rolegate or not for this IdP.' });
      }
      if (sessionIndex !== undefined) {
        const tokenHash = await deps.store.getDel(sessionIndexKey(sessionIndex));
        const text = tokenHash === null ? null : await deps.store.get(sessionKey(tokenHash));
        // Only the session of the user the request names (SAML Profiles §4.4.4.1).
        if (tokenHash !== null && text !== null && (JSON.parse(text) as IdpSession).username === nameId) await deps.store.del(sessionKey(tokenHash));
      }
      const nowMs = deps.clock.now();
      const response =
        `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId('_lr')}" Version="2.0" ` +
        `IssueInstant="${new Date(nowMs).toISOString()}" Destination="${xmlEscape(deps.sp.sloUrl)}" InResponseTo="${xmlEscape(id)}">` +
        `<saml:Issuer>${xmlEscape(entityId)}</saml:Issuer>` +
        `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
      return { location: await signedRedirect('SAMLResponse', response), cookie: clearedCookie() };
    },
  };
}

export type BuiltinIdp = ReturnType<typeof createBuiltinIdp>;
