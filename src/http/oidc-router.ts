/**
 * @module http/oidc-router — browser sign-in into the console with OpenID Connect (corporate IdPs,
 * Google) and OAuth 2.0 (Facebook, Login with Amazon): `GET /oidc/login/:name` (redirects to the
 * provider) and `GET /oidc/callback/:name` (code + PKCE + state, and nonce for OpenID Connect;
 * src/oidc/rp.ts), landing in the console with the role the provider's mapping rules
 * give, or the role picker when they offer several (`ambiguity: "ask"`).
 */
import { Router, type Request, type Response } from 'express';
import { clearCookie, readCookie, setCookie, signInWithRoles, type ConsoleDeps, type RoleOption } from '../console/index.js';
import { BridgeError } from '../errors.js';
import { allowedRoles, renderSessionTags, resolveMapping, type OidcRp, type VerifiedBrowserLogin } from '../oidc/index.js';
import { safeReturnPath, sendErrorPage } from './browser-pages.js';
import { consoleEnv } from './console-pages.js';
import { sendSignInOutcome } from './sign-in-outcome.js';

const TX_COOKIE = 'rg_oidc_tx';

export interface OidcRouterDeps {
  readonly rp: OidcRp;
  readonly console: ConsoleDeps;
}

/** The console roles a verified login may use, by the provider's mapping rules. */
function roleOptions(login: VerifiedBrowserLogin): RoleOption[] {
  const { mapping, identity } = login;
  if (!mapping) throw new BridgeError('ACCESS_DENIED', { message: 'This provider has no mapping rules, so it cannot sign in to the console.' });
  const outcome = resolveMapping(mapping, login.claims);
  let roles: readonly string[];
  if (outcome.kind === 'role') roles = [outcome.roleArn];
  else if (outcome.kind === 'choose') roles = allowedRoles(mapping, login.claims).filter((r) => outcome.roleArns.includes(r));
  else if (outcome.kind === 'none') throw new BridgeError('ACCESS_DENIED', { message: 'You are not allowed to use any role.' });
  else throw new BridgeError('ACCESS_DENIED', { message: 'Several roles match your account and this provider does not let you choose.' });
  const sessionName = identity.subject.replace(/[^\w+=,.@-]/g, '-').slice(0, 64).padEnd(2, '-');
  const tags = [...identity.tags, ...renderSessionTags(mapping.sessionTags, login.claims).filter((t) => !identity.tags.some((c) => c.key.toLowerCase() === t.key.toLowerCase()))];
  return roles.map((roleArn) => ({
    roleArn,
    request: {
      roleArn,
      roleSessionName: sessionName,
      ...(tags.length > 0 ? { tags } : {}),
      ...(identity.transitiveTagKeys.length > 0 ? { transitiveTagKeys: identity.transitiveTagKeys } : {}),
      source: { kind: 'federated', provider: identity.provider, action: 'sts:AssumeRoleWithWebIdentity', context: identity.context, persistentContext: identity.persistentContext, loginId: identity.loginId },
    },
  }));
}

export function oidcRouter(deps: OidcRouterDeps): Router {
  const router = Router();
  const secure = deps.console.secureCookies;

  router.get('/oidc/login/:name', async (req: Request, res: Response) => {
    try {
      const name = String(req.params['name']);
      if (!deps.rp.has(name)) throw new BridgeError('NOT_FOUND', { message: 'Unknown sign-in provider.' });
      const { url, handle } = await deps.rp.start(name, safeReturnPath(req.query['returnTo']));
      res.append('Set-Cookie', setCookie(TX_COOKIE, handle, { secure, maxAgeSeconds: 600 }));
      res.set('Cache-Control', 'no-store').redirect(303, url);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.get('/oidc/callback/:name', async (req: Request, res: Response) => {
    const clearTx = clearCookie(TX_COOKIE, secure);
    try {
      const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
      const login = await deps.rp.finish(String(req.params['name']), query, readCookie(req.headers.cookie, TX_COOKIE, secure));
      const options = roleOptions(login);
      const outcome = await signInWithRoles(deps.console, {
        options,
        identity: { subject: login.identity.subject, ...(login.displayName ? { displayName: login.displayName } : {}), provider: login.identity.provider },
        loginId: login.identity.loginId,
        returnTo: login.returnTo,
        env: consoleEnv(deps.console, req),
      });
      res.locals['logFields'] = { oidc: 'login', provider: login.provider.name, roles: options.length };
      sendSignInOutcome(res, outcome, [clearTx]);
    } catch (error) {
      sendErrorPage(req, res, error, [clearTx]);
    }
  });
  return router;
}
