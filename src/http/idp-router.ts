/**
 * @module http/idp-router — the built-in corporate directory IdP under `/idp/saml` (development only).
 *
 * `GET /idp/saml/metadata` (IdP metadata), `GET /idp/saml/sso` (SP-initiated, signed AuthnRequest),
 * `GET /idp/saml/start` (IdP-initiated), `POST /idp/saml/login`, `GET|POST /idp/saml/logout`
 * (IdP-initiated single logout), `GET /idp/saml/slo` (the SP's LogoutRequest, or its LogoutResponse).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { IDP_PAGE_HEADERS, renderIdpPage, type BuiltinIdp } from '../idp/saml/index.js';
import { isBridgeError } from '../errors.js';
import { formString, isSameOrigin, rawQueryOf, safeReturnPath, sendErrorPage, sendPage } from './browser-pages.js';
import { BridgeError } from '../errors.js';

const AUTOSUBMIT = readFileSync(fileURLToPath(new URL('../idp/saml/static/autosubmit.js', import.meta.url)), 'utf8');

export function idpRouter(deps: { readonly idp: BuiltinIdp; readonly publicUrl: string }): Router {
  const router = Router();
  const { idp } = deps;
  const origin = new URL(deps.publicUrl).origin;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  router.get('/idp/saml/metadata', (_req, res) => {
    res.status(200).type('application/samlmetadata+xml').set('Cache-Control', 'public, max-age=300').send(idp.metadata());
  });
  router.get('/idp/saml/static/autosubmit.js', (_req, res) => {
    res.status(200).type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(AUTOSUBMIT);
  });

  router.get('/idp/saml/sso', async (req: Request, res: Response) => {
    try {
      sendPage(res, 200, renderIdpPage('login.njk', await idp.startFromAuthnRequest(rawQueryOf(req))), IDP_PAGE_HEADERS);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.get('/idp/saml/start', async (req: Request, res: Response) => {
    try {
      const relay = typeof req.query['RelayState'] === 'string' ? safeReturnPath(req.query['RelayState']) : undefined;
      sendPage(res, 200, renderIdpPage('login.njk', await idp.startUnsolicited(relay)), IDP_PAGE_HEADERS);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/idp/saml/login', form, async (req: Request, res: Response) => {
    const fields = {
      handle: formString(req.body, 'handle'),
      csrf: formString(req.body, 'csrf'),
      username: formString(req.body, 'username'),
      password: formString(req.body, 'password'),
      fault: formString(req.body, 'fault'),
    };
    try {
      if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
      const { page, cookie } = await idp.login(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      res.locals['logFields'] = { idp: 'login', fault: fields.fault ?? 'none' };
      sendPage(res, 200, renderIdpPage('post.njk', page), IDP_PAGE_HEADERS, [cookie]);
    } catch (error) {
      if (isBridgeError(error) && error.code === 'LOGIN_FAILED') {
        sendPage(res, 401, renderIdpPage('login.njk', { handle: fields.handle, csrf: fields.csrf, faults: ['none'], users: [], error: error.message }), IDP_PAGE_HEADERS);
        return;
      }
      sendErrorPage(req, res, error);
    }
  });

  router.get('/idp/saml/logout', async (req: Request, res: Response) => {
    try {
      const current = await idp.session(req.headers.cookie);
      sendPage(res, 200, renderIdpPage('logout.njk', current ? { username: current.session.username, csrf: current.session.csrf } : {}), IDP_PAGE_HEADERS);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/idp/saml/logout', form, async (req: Request, res: Response) => {
    try {
      if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
      const { location, cookie } = await idp.logout(req.headers.cookie, formString(req.body, 'csrf'));
      res.append('Set-Cookie', cookie);
      res.set('Cache-Control', 'no-store').redirect(303, location);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  // SP-initiated single logout: the SP's LogoutRequest, answered with a LogoutResponse redirect.
  // Without one, this is where the SP's LogoutResponse to an IdP-initiated logout lands.
  router.get('/idp/saml/slo', async (req: Request, res: Response) => {
    try {
      if (req.query['SAMLRequest'] === undefined) {
        sendPage(res, 200, renderIdpPage('logout.njk', {}), IDP_PAGE_HEADERS);
        return;
      }
      const { location, cookie } = await idp.answerLogoutRequest(rawQueryOf(req));
      res.locals['logFields'] = { idp: 'slo' };
      res.append('Set-Cookie', cookie);
      res.set('Cache-Control', 'no-store').redirect(302, location);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  return router;
}
