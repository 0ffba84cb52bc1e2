/**
 * @module http/console-router — the console landing: sign-in page, role picker, home, sign-out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { endConsoleSession, pickRole, readConsoleSession, render, sameToken, showPicker, type ConsoleDeps, type ConsoleSession } from '../console/index.js';
import type { Directory } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { formString, isSameOrigin, sendErrorPage, sendPage } from './browser-pages.js';

export interface ConsoleRouterDeps {
  readonly console: ConsoleDeps;
  readonly directory: Directory;
  readonly publicUrl: string;
  /** Link to the built-in IdP's IdP-initiated start page, when it runs. */
  readonly idpInitiatedUrl?: string;
  /** After sign-out: where to send the browser (e.g. a SAML LogoutRequest to the IdP), if anywhere. */
  readonly signOutRedirect?: (session: ConsoleSession) => Promise<string | undefined>;
}

const CSS = readFileSync(fileURLToPath(new URL('../console/static/console.css', import.meta.url)), 'utf8');

export function consoleRouter(deps: ConsoleRouterDeps): Router {
  const router = Router();
  const origin = new URL(deps.publicUrl).origin;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const env = (req: Request) => ({
    nowMs: deps.console.clock.now(),
    secureTransport: req.secure,
    ...(req.ip ? { sourceIp: req.ip } : {}),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
  });

  router.get('/console/static/console.css', (_req, res) => {
    res.status(200).type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });

  router.get('/console', async (req: Request, res: Response) => {
    try {
      const session = await readConsoleSession(deps.console, req.headers.cookie);
      if (session) {
        sendPage(res, 200, render('home.njk', { session }));
        return;
      }
      const providers = deps.directory.samlProviders.map((p) => ({ arn: p.arn, label: `${p.name} (${deps.directory.account(p.account)?.alias ?? p.account})` }));
      sendPage(res, 200, render('signin.njk', { providers, ...(deps.idpInitiatedUrl ? { idpInitiatedUrl: deps.idpInitiatedUrl } : {}) }));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.get('/console/pick', async (req: Request, res: Response) => {
    try {
      const picker = await showPicker(deps.console, req.headers.cookie);
      if (!picker) throw new BridgeError('SIGNIN_STATE_INVALID');
      sendPage(res, 200, render('picker.njk', picker));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/console/pick', form, async (req: Request, res: Response) => {
    try {
      if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
      const outcome = await pickRole(deps.console, { cookieHeader: req.headers.cookie, csrf: formString(req.body, 'csrf'), roleArn: formString(req.body, 'roleArn'), env: env(req) });
      res.append('Set-Cookie', [...outcome.cookies]);
      res.set('Cache-Control', 'no-store').redirect(303, outcome.returnTo);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/console/signout', form, async (req: Request, res: Response) => {
    try {
      if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
      const session = await readConsoleSession(deps.console, req.headers.cookie);
      if (!session) throw new BridgeError('CONSOLE_SESSION_REQUIRED');
      if (!sameToken(session.csrf, formString(req.body, 'csrf'))) throw new BridgeError('CSRF_INVALID');
      const cookie = await endConsoleSession(deps.console, req.headers.cookie, session);
      const location = await deps.signOutRedirect?.(session);
      if (location) {
        res.append('Set-Cookie', cookie).set('Cache-Control', 'no-store').redirect(303, location);
        return;
      }
      sendPage(res, 200, render('signed-out.njk', {}), undefined, [cookie]);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  return router;
}
