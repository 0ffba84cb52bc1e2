/**
 * @module http/console-switch-router — Switch role (form and shareable link), Exit role, and
 * pinning roles.
 *
 * `GET /switchrole?account=&roleName=&displayName=&color=` opens the form filled in (never switches
 * by itself: a link cannot make anyone act as a role). `POST /switchrole` switches: 303 to /console;
 * 401 asking for the MFA code when the trust policy demands MFA; 403 with the explanation when the
 * role may not be assumed; 400 for malformed input.
 */
import express, { Router, type Request, type Response } from 'express';
import { checkSignInThrottle, CONSOLE_COLORS, consoleColor, countSignInFailure, exitRole, parseSwitchForm, setPinned, switchRole, type ConsoleDeps, type SwitchRoleForm } from '../console/index.js';
import { toBridgeError } from '../errors.js';
import { formString } from './browser-pages.js';
import { consoleEnv, consolePost, consoleRoute, sendConsolePage, signedInOrNot, type SignedIn } from './console-pages.js';
import { roleListsModel } from './console-role-lists.js';

export interface ConsoleSwitchRouterDeps {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
}

const text = (value: unknown, max = 64): string => (typeof value === 'string' ? value.slice(0, max) : '');

function formOf(source: unknown): SwitchRoleForm {
  const get = (name: string) => text((source as Record<string, unknown> | undefined)?.[name]);
  const color = consoleColor(get('color'));
  return { account: get('account'), roleName: get('roleName'), displayName: get('displayName'), ...(color ? { color } : {}), mfaCode: get('mfaCode') };
}

export function consoleSwitchRouter(deps: ConsoleSwitchRouterDeps): Router {
  const router = Router();
  const origin = new URL(deps.publicUrl).origin;
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });

  async function sendForm(res: Response, signed: SignedIn, status: number, switchForm: SwitchRoleForm, extra: { alert?: string; explanation?: string; askMfa?: boolean } = {}) {
    const { mfaCode: _code, ...shown } = switchForm;
    sendConsolePage(res, status, 'switchrole.njk', signed, { form: shown, colors: CONSOLE_COLORS, history: await roleListsModel(deps.console, signed.session), ...extra });
  }

  router.get(
    '/switchrole',
    consoleRoute(deps.console, async (req, res) => {
      // Signed out, the shareable link leads to the sign-in page and back here afterwards.
      const signed = await signedInOrNot(deps.console, req);
      if (!signed) {
        res.set('Cache-Control', 'no-store').redirect(303, `/console?returnTo=${encodeURIComponent(req.originalUrl.slice(0, 1024))}`);
        return;
      }
      await sendForm(res, signed, 200, formOf(req.query));
    }),
  );

  router.post(
    '/switchrole',
    form,
    consolePost(deps.console, origin, async (req: Request, res: Response, signed) => {
      const switchForm = formOf(req.body);
      const env = consoleEnv(deps.console, req);
      // MFA codes are guessable in 10^6: wrong codes count against the same per-IP budget as failed
      // sign-ins (security.md §4.8), so a stolen console session cannot brute-force an MFA role.
      const triesMfa = (switchForm.mfaCode?.trim() ?? '') !== '';
      if (triesMfa) await checkSignInThrottle(deps.console, env.sourceIp);
      try {
        const outcome = await switchRole(deps.console, { cookieHeader: req.headers.cookie, session: signed.session, form: switchForm, env });
        if (outcome.kind === 'mfa-required') {
          await sendForm(res, signed, 401, switchForm, { askMfa: true, alert: `The trust policy of ${outcome.roleArn} requires MFA. Enter the code from your MFA device.` });
          return;
        }
        res.append('Set-Cookie', outcome.cookie);
        res.set('Cache-Control', 'no-store').redirect(303, '/console');
      } catch (thrown) {
        const error = toBridgeError(thrown);
        req.log.warn({ code: error.code, detail: error.detail }, 'switch role refused');
        if (error.code === 'MFA_FAILED') {
          if (triesMfa) await countSignInFailure(deps.console, env.sourceIp);
          await sendForm(res, signed, 401, switchForm, { askMfa: true, alert: `MFA code not accepted: ${error.message}` });
        } else if (error.code === 'ACCESS_DENIED') {
          const explanation = typeof error.extra?.['explanation'] === 'string' ? error.extra['explanation'] : undefined;
          await sendForm(res, signed, 403, switchForm, { alert: error.message, ...(explanation ? { explanation } : {}) });
        } else if (error.status === 400) {
          await sendForm(res, signed, 400, switchForm, { alert: error.message });
        } else {
          throw error;
        }
      }
    }),
  );

  router.post(
    '/console/exitrole',
    form,
    consolePost(deps.console, origin, async (req, res, signed) => {
      const { cookie } = await exitRole(deps.console, { cookieHeader: req.headers.cookie, session: signed.session });
      res.append('Set-Cookie', cookie);
      res.set('Cache-Control', 'no-store').redirect(303, '/console');
    }),
  );

  router.post(
    '/console/roles/pin',
    form,
    consolePost(deps.console, origin, async (req, res, signed) => {
      const { accountId: _id, ...role } = parseSwitchForm(deps.console, formOf(req.body));
      await setPinned(deps.console, signed.session.identity, role, formString(req.body, 'pinned') !== 'false');
      res.set('Cache-Control', 'no-store').redirect(303, '/switchrole');
    }),
  );

  return router;
}
