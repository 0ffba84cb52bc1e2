/**
 * @module http/saml-router — the SAML SP endpoints (README "SAML 2.0 single sign-on").
 *
 * - `GET  /saml/metadata` — SP metadata (entity id, ACS, SLO, signing and encryption certificates);
 * - `GET  /saml/login?provider=ARN[&returnTo=/path]` — SP-initiated, through passport-saml: a signed
 *   AuthnRequest (HTTP-Redirect); the request id is kept in the store, RelayState is an opaque
 *   handle and a browser-binding cookie ties the answer to this browser;
 * - `POST /saml` — the assertion consumer service (SP- and IdP-initiated): the strict validator,
 *   then passport-saml, whose verify callback starts the console session (http/saml-passport);
 * - `GET  /saml/logout` — single logout: the IdP's signed LogoutRequest (IdP-initiated), or its
 *   LogoutResponse to our LogoutRequest (SP-initiated, console sign-out); HTTP-Redirect.
 */
import express, { Router, type Request, type Response } from 'express';
import { clearCookie, endLogin, readCookie, render, setCookie, signInWithRoles, type ConsoleDeps, type SignInOutcome } from '../console/index.js';
import type { Clock, Directory, RandomSource } from '../core/index.js';
import { BridgeError } from '../errors.js';
import {
  consoleRoleOptions,
  logoutResponseUrl,
  newSamlId,
  samlLoginId,
  sha256,
  spMetadata,
  validateLogoutRequest,
  type SamlLogin,
  type SamlValidator,
  type SpLogout,
  type SpEndpoints,
  type SpKeys,
} from '../saml/index.js';
import { formString, rawQueryOf, safeReturnPath, sendErrorPage, sendPage } from './browser-pages.js';
import { consoleEnv } from './console-pages.js';
import { sendSignInOutcome } from './sign-in-outcome.js';
import { createSamlPassport } from './saml-passport.js';

export interface SamlRouterDeps {
  readonly validator: SamlValidator;
  readonly endpoints: SpEndpoints;
  readonly keys: SpKeys;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly console: ConsoleDeps;
  readonly spLogout: SpLogout;
}

const TX_COOKIE = 'rg_saml_tx';
/** Longest console session (SessionDuration max 43200 s): how long a login's subject is kept. */
const CONSOLE_SESSION_CAP_MS = 12 * 60 * 60 * 1000;

const hasSamlMessageInQuery = (req: Request) => req.query['SAMLRequest'] !== undefined || req.query['SAMLResponse'] !== undefined;

export function samlRouter(deps: SamlRouterDeps): Router {
  const router = Router();
  const secure = deps.console.secureCookies;
  const token = () => deps.random.bytes(24).toString('base64url');
  const metadata = spMetadata(deps.endpoints, deps.keys);

  router.get('/saml/metadata', (_req, res) => {
    res.status(200).type('application/samlmetadata+xml').set('Cache-Control', 'public, max-age=300').send(metadata);
  });

  /** The console sign-in of a committed login (called from the passport strategy's verify callback). */
  async function signIn(req: Request, login: SamlLogin): Promise<{ outcome: SignInOutcome }> {
    const relayState = formString(req.body, 'RelayState');
    // Unsolicited: RelayState is only a same-origin path; SP-initiated: the path stored with the request.
    const returnTo = login.request?.returnTo ?? safeReturnPath(relayState);
    const options = consoleRoleOptions(login, deps.directory);
    const displayName = login.facts.attributes.get('urn:oid:2.16.840.1.113730.3.1.241')?.[0];
    const env = consoleEnv(deps.console, req);
    const nowMs = env.nowMs;
    const outcome = await signInWithRoles(deps.console, {
      options,
      identity: { subject: login.facts.nameId, ...(displayName ? { displayName } : {}), provider: login.facts.issuer },
      loginId: login.loginId,
      returnTo,
      confirm: login.request === undefined,
      env,
    });
    // What a LogoutRequest at console sign-out must name (the provider the user came through).
    const sloProvider = login.providers.find((p) => p.sloUrl) ?? login.providers[0]!;
    await deps.validator.state.saveLoginSubject(
      login.loginId,
      {
        providerArn: sloProvider.arn,
        nameId: login.facts.nameId,
        ...(login.facts.nameIdFormat ? { nameIdFormat: login.facts.nameIdFormat } : {}),
        ...(login.facts.sessionIndex ? { sessionIndex: login.facts.sessionIndex } : {}),
      },
      nowMs + CONSOLE_SESSION_CAP_MS,
    );
    await deps.validator.state.addSubjectLogin(login.facts.issuer, login.facts.nameId, login.loginId, nowMs + CONSOLE_SESSION_CAP_MS);
    if (req.res) req.res.locals['logFields'] = { saml: 'login', roles: options.length, via: 'passport-saml' };
    return { outcome };
  }

  const passport = createSamlPassport({ validator: deps.validator, endpoints: deps.endpoints, keys: deps.keys, nowMs: () => deps.clock.now(), signIn });

  router.get('/saml/login', async (req: Request, res: Response) => {
    try {
      // With a SAML message in the query passport-saml would validate (and inflate, uncapped) it here.
      if (hasSamlMessageInQuery(req)) throw new BridgeError('SAML_MALFORMED', { message: 'A sign-in request carries no SAML message.' });
      const arn = typeof req.query['provider'] === 'string' ? req.query['provider'] : '';
      const provider = deps.directory.samlProvider(arn);
      if (!provider) throw new BridgeError('SAML_PROVIDER_UNKNOWN', { message: 'Choose a configured SAML provider.' });
      if (!provider.ssoUrl) throw new BridgeError('SAML_PROVIDER_UNKNOWN', { message: 'This SAML provider has no single sign-on URL; start the sign-in at the identity provider.' });
      const relay = token();
      const binding = token();
      // The ACS is a cross-site POST: over HTTPS the binding cookie must be SameSite=None (security.md §6).
      res.append('Set-Cookie', setCookie(TX_COOKIE, binding, { secure, maxAgeSeconds: 600, sameSite: 'none' }));
      res.set('Cache-Control', 'no-store');
      passport.login(
        req,
        res,
        {
          provider,
          requestId: newSamlId(),
          pending: { provider: provider.arn, entityId: provider.entityId, relay, binding: sha256(binding), returnTo: safeReturnPath(req.query['returnTo']) },
        },
        (error) => sendErrorPage(req, res, error),
      );
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/saml', express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 10 }), async (req: Request, res: Response) => {
    const clearTx = clearCookie(TX_COOKIE, secure);
    try {
      const samlResponse = formString(req.body, 'SAMLResponse');
      if (!samlResponse) throw new BridgeError('SAML_MALFORMED', { message: 'The request has no SAMLResponse.' });
      const relayState = formString(req.body, 'RelayState');
      // passport-saml would treat query parameters as a redirect-binding message: the ACS takes POST only.
      if (hasSamlMessageInQuery(req)) throw new BridgeError('SAML_MALFORMED', { message: 'The ACS accepts the HTTP-POST binding only.' });
      const binding = readCookie(req.headers.cookie, TX_COOKIE, secure);
      const login = await deps.validator.verify(samlResponse, {
        mode: 'browser',
        ...(binding ? { browserBinding: binding } : {}),
        ...(relayState !== undefined ? { relayState } : {}),
      });
      const { outcome } = await passport.consume(req, res, login);
      sendSignInOutcome(res, outcome, [clearTx]);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.get('/saml/logout', async (req: Request, res: Response) => {
    try {
      const rawQuery = rawQueryOf(req);
      if (req.query['SAMLResponse'] !== undefined) {
        // SP-initiated: the IdP's answer to the LogoutRequest sent at console sign-out.
        const outcome = await deps.spLogout.finish(rawQuery);
        res.locals['logFields'] = { saml: 'logout-response', success: outcome.success };
        const cookies = [clearCookie('rg_console', secure)];
        if (!outcome.success) {
          // Partial logout (SAML Profiles §4.4.3.4): say so; rolegate's side is already done.
          const message = 'You are signed out of rolegate and your credentials are revoked, but the identity provider did not confirm that it ended its own session.';
          sendErrorPage(req, res, new BridgeError('SAML_STATUS_NOT_SUCCESS', { message }), cookies);
          return;
        }
        sendPage(res, 200, render('signed-out.njk', {}), undefined, cookies);
        return;
      }
      const nowMs = deps.clock.now();
      const logout = await validateLogoutRequest(rawQuery, deps.directory, deps.endpoints, nowMs);
      // Without SessionIndex the request ends every session of that NameID (SAML Core §3.7.3.2).
      const loginIds =
        logout.sessionIndexes.length > 0
          ? logout.sessionIndexes.map((sessionIndex) => samlLoginId(logout.issuer, logout.nameId, sessionIndex, ''))
          : await deps.validator.state.subjectLogins(logout.issuer, logout.nameId);
      for (const loginId of loginIds) await endLogin(deps.console, loginId);
      res.locals['logFields'] = { saml: 'logout', sessions: loginIds.length };
      const provider = logout.providers[0]!;
      const location = await logoutResponseUrl(provider, deps.endpoints, deps.keys, logout.id, logout.relayState, nowMs);
      const cookies = [clearCookie('rg_console', secure)];
      if (location) {
        res.append('Set-Cookie', cookies);
        res.set('Cache-Control', 'no-store').redirect(302, location);
        return;
      }
      sendPage(res, 200, render('signed-out.njk', {}), undefined, cookies);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  return router;
}
