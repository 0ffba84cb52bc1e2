/**
 * @module http/console-router — the console landing: sign-in page (identity providers and IAM user
 * sign-in with MFA), role picker, home, sign-out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import {
  checkSignInThrottle,
  consoleReturnPath,
  continueWithMfa,
  countSignInFailure,
  endConsoleSession,
  pendingMfaCsrf,
  pickRole,
  readConsoleSession,
  render,
  showPicker,
  signInForm,
  signInIamUser,
  type ConsoleDeps,
  type ConsoleSession,
  type IamSignInOutcome,
} from '../console/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import { formString, isSameOrigin, sendErrorPage, sendPage } from './browser-pages.js';
import { checkForm, consoleEnv, consoleRoute, sendConsolePage, signedInOrNot } from './console-pages.js';
import { roleListsModel } from './console-role-lists.js';

export interface SignInOption {
  readonly label: string;
  readonly href: string;
}

export interface ConsoleRouterDeps {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
  /** One link per way to sign in through an identity provider (built in the composition root). */
  readonly signInOptions: readonly SignInOption[];
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

  /** The post-sign-in page asked for (`returnTo`), when it is a console page of this origin. */
  const returnToOf = (value: unknown) => consoleReturnPath(deps.publicUrl, typeof value === 'string' ? value : undefined);

  function sendSignInPage(req: Request, res: Response, status: number, extra: { alert?: string; account?: string; username?: string; returnTo?: string } = {}): void {
    const { csrf, cookies } = signInForm(deps.console, req.headers.cookie);
    const model = { options: deps.signInOptions, csrf, ...extra, ...(deps.idpInitiatedUrl ? { idpInitiatedUrl: deps.idpInitiatedUrl } : {}) };
    sendPage(res, status, render('signin.njk', model), undefined, cookies);
  }

  function sendOutcome(res: Response, outcome: IamSignInOutcome): void {
    if (outcome.kind === 'signed-in') {
      res.append('Set-Cookie', [...outcome.cookies]);
      res.set('Cache-Control', 'no-store').redirect(303, outcome.returnTo);
      return;
    }
    sendPage(res, 200, render('signin-mfa.njk', { csrf: outcome.csrf }), undefined, outcome.cookies);
  }

  router.get('/console/static/console.css', (_req, res) => {
    res.status(200).type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });

  router.get(
    '/console',
    consoleRoute(deps.console, async (req, res) => {
      const signed = await signedInOrNot(deps.console, req);
      if (!signed) {
        const returnTo = returnToOf(req.query['returnTo']);
        sendSignInPage(req, res, 200, returnTo === '/console' ? {} : { returnTo });
        return;
      }
      sendConsolePage(res, 200, 'home.njk', signed, { session: signed.session, history: await roleListsModel(deps.console, signed.session) });
    }),
  );

  /**
   * A step of the password sign-in: same origin and the per-IP budget first. A LOGIN_FAILED counts
   * against the budget and shows the form again (`retry`, 401); any other failure is the error page.
   */
  const signInStep =
    (what: string, step: (req: Request, res: Response) => Promise<void>, retry: (req: Request, res: Response, alert: string) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
        await checkSignInThrottle(deps.console, req.ip);
        await step(req, res);
      } catch (error) {
        const failure = toBridgeError(error);
        if (failure.code !== 'LOGIN_FAILED') return sendErrorPage(req, res, failure);
        req.log.warn({ code: failure.code, detail: failure.detail }, what);
        await countSignInFailure(deps.console, req.ip).catch(() => undefined);
        await retry(req, res, failure.message);
      }
    };

  router.post(
    '/console/signin',
    form,
    signInStep(
      'console sign-in failed',
      async (req, res) => {
        const outcome = await signInIamUser(deps.console, {
          cookieHeader: req.headers.cookie,
          csrf: formString(req.body, 'csrf'),
          account: formString(req.body, 'account'),
          userName: formString(req.body, 'username'),
          password: formString(req.body, 'password'),
          mfaCode: formString(req.body, 'mfaCode'),
          returnTo: returnToOf(formString(req.body, 'returnTo')),
          env: consoleEnv(deps.console, req),
        });
        sendOutcome(res, outcome);
      },
      async (req, res, alert) => {
        const account = (formString(req.body, 'account') ?? '').slice(0, 64);
        const username = (formString(req.body, 'username') ?? '').slice(0, 64);
        const returnTo = returnToOf(formString(req.body, 'returnTo'));
        sendSignInPage(req, res, 401, { alert, account, username, ...(returnTo === '/console' ? {} : { returnTo }) });
      },
    ),
  );

  router.post(
    '/console/signin/mfa',
    form,
    signInStep(
      'console MFA step failed',
      async (req, res) => {
        sendOutcome(res, await continueWithMfa(deps.console, { cookieHeader: req.headers.cookie, csrf: formString(req.body, 'csrf'), mfaCode: formString(req.body, 'mfaCode'), env: consoleEnv(deps.console, req) }));
      },
      async (req, res, alert) => {
        const csrf = await pendingMfaCsrf(deps.console, req.headers.cookie).catch(() => undefined);
        if (csrf) sendPage(res, 401, render('signin-mfa.njk', { csrf, alert }));
        else sendSignInPage(req, res, 401, { alert });
      },
    ),
  );

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
      const outcome = await pickRole(deps.console, { cookieHeader: req.headers.cookie, csrf: formString(req.body, 'csrf'), roleArn: formString(req.body, 'roleArn'), env: consoleEnv(deps.console, req) });
      res.append('Set-Cookie', [...outcome.cookies]);
      res.set('Cache-Control', 'no-store').redirect(303, outcome.returnTo);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post(
    '/console/signout',
    form,
    consoleRoute(deps.console, async (req, res) => {
      const session = await readConsoleSession(deps.console, req.headers.cookie);
      if (!session) throw new BridgeError('CONSOLE_SESSION_REQUIRED');
      checkForm(req, origin, session);
      const cookie = await endConsoleSession(deps.console, req.headers.cookie, session);
      const idpLogoutUrl = await deps.signOutRedirect?.(session);
      sendPage(res, 200, render('signed-out.njk', idpLogoutUrl ? { idpLogoutUrl } : {}), undefined, [cookie]);
    }),
  );

  return router;
}
