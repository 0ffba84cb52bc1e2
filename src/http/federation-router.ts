/**
 * @module http/federation-router — `GET /federation`: `Action=getSigninToken` (JSON) and
 * `Action=login` (a console session, then a redirect to a console page of this origin).
 */
import { Router, type Request, type Response } from 'express';
import { consoleDestination, issueSigninToken, loginWithSigninToken, type ConsoleDeps } from '../console/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import { formString, sendErrorPage } from './browser-pages.js';
import { consoleEnv } from './console-pages.js';

export interface FederationRouterDeps {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
}

export function federationRouter(deps: FederationRouterDeps): Router {
  const router = Router();

  async function getSigninToken(req: Request, res: Response): Promise<void> {
    try {
      const token = await issueSigninToken(deps.console, { session: formString(req.query, 'Session'), sessionDuration: formString(req.query, 'SessionDuration'), env: consoleEnv(deps.console, req) });
      res.status(200).set('Cache-Control', 'no-store').json({ SigninToken: token });
    } catch (thrown) {
      const error = toBridgeError(thrown);
      req.log.warn({ code: error.code, detail: error.detail }, 'federation getSigninToken refused');
      res.locals['logFields'] = { error: error.code };
      res.status(error.status).set('Cache-Control', 'no-store').json({ Error: { Code: error.code, Message: error.status >= 500 ? 'An internal error occurred.' : error.message } });
    }
  }

  async function login(req: Request, res: Response): Promise<void> {
    try {
      // The destination is checked before the token is consumed: a bad link burns nothing.
      const destination = consoleDestination(deps.publicUrl, formString(req.query, 'Destination'));
      const { cookie } = await loginWithSigninToken(deps.console, formString(req.query, 'SigninToken'));
      res.append('Set-Cookie', cookie);
      res.set('Cache-Control', 'no-store').redirect(302, destination);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  }

  router.get('/federation', async (req: Request, res: Response) => {
    const action = formString(req.query, 'Action');
    if (action === 'getSigninToken') return getSigninToken(req, res);
    if (action === 'login') return login(req, res);
    sendErrorPage(req, res, new BridgeError('INVALID_ACTION', { message: 'Action must be getSigninToken or login.' }));
  });

  return router;
}
