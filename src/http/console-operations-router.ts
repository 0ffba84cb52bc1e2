/**
 * @module http/console-operations-router — console pages for operators: instances and their roles,
 * the audit trail, and revocation. Every page acts with the console session's own credentials and
 * is decided by the policy engine (a denial shows the explanation).
 */
import express, { Router, type Request, type Response } from 'express';
import { consoleCaller, readConsoleSession, render, sameToken, type ConsoleDeps, type ConsoleSession } from '../console/index.js';
import { deny, principalContextOf, revokeSessions, type Caller, type RevocationTarget } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { formString, isSameOrigin, sendErrorPage, sendPage } from './browser-pages.js';

export interface ConsoleInstanceView {
  readonly instanceId: string;
  readonly name: string;
  readonly account: string;
  readonly roleName?: string;
  readonly session?: { readonly arn: string; readonly expiresAt: string };
}

export interface ConsoleOperationsDeps {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
  /** Instances of an account with their instance-profile role and current session (credential vending). */
  readonly listInstances: (account: string) => Promise<readonly ConsoleInstanceView[]>;
}

export function consoleOperationsRouter(deps: ConsoleOperationsDeps): Router {
  const router = Router();
  const origin = new URL(deps.publicUrl).origin;
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const services = deps.console.services;
  const env = (req: Request) => ({ nowMs: deps.console.clock.now(), requestId: req.requestId, secureTransport: req.secure, ...(req.ip ? { sourceIp: req.ip } : {}) });

  async function signedIn(req: Request): Promise<{ session: ConsoleSession; caller: Caller }> {
    const session = await readConsoleSession(deps.console, req.headers.cookie);
    if (!session) throw new BridgeError('CONSOLE_SESSION_REQUIRED');
    return { session, caller: await consoleCaller(deps.console, session) };
  }

  async function require(req: Request, caller: Caller, action: string, resource: string): Promise<void> {
    const decision = services.authorizer.authorize({ caller, action, resource, env: env(req) });
    if (decision.allowed) return;
    throw await deny(services, {
      message: `${caller.arn} is not authorized to perform: ${action} on resource: ${resource}. ${decision.summary}`,
      principal: principalContextOf(caller),
      action,
      resource,
      context: services.authorizer.contextOf({ caller, action, resource, env: env(req) }),
      decision,
      requestId: req.requestId,
    });
  }

  router.get('/console/instances', async (req: Request, res: Response) => {
    try {
      const { session, caller } = await signedIn(req);
      await require(req, caller, 'ec2:DescribeInstances', '*');
      sendPage(res, 200, render('instances.njk', { session, instances: await deps.listInstances(session.account) }));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.get('/console/audit', async (req: Request, res: Response) => {
    try {
      const { session, caller } = await signedIn(req);
      await require(req, caller, 'rolegate:ReadAudit', '*');
      sendPage(res, 200, render('audit.njk', { session, events: await services.audit.latest(200) }));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  const revocationPage = async (req: Request, res: Response, done?: string) => {
    const { session } = await signedIn(req);
    const roles = services.directory.accounts.flatMap((account) =>
      services.directory.rolesOf(account.id).map((role) => ({ arn: role.arn, label: `${role.name} — ${account.alias} (${account.id})` })),
    );
    sendPage(res, 200, render('revocations.njk', { session, roles, ...(done ? { done } : {}) }));
  };

  router.get('/console/revocations', async (req: Request, res: Response) => {
    try {
      await revocationPage(req, res);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/console/revocations', form, async (req: Request, res: Response) => {
    try {
      if (!isSameOrigin(req, origin)) throw new BridgeError('CSRF_INVALID');
      const { session, caller } = await signedIn(req);
      if (!sameToken(session.csrf, formString(req.body, 'csrf'))) throw new BridgeError('CSRF_INVALID');
      const scope = formString(req.body, 'scope');
      let target: RevocationTarget;
      if (scope === 'role') target = { scope: 'role', roleArn: formString(req.body, 'roleArn') ?? '' };
      else if (scope === 'session') target = { scope: 'session', accessKeyId: formString(req.body, 'accessKeyId') ?? '' };
      else throw new BridgeError('VALIDATION', { message: 'Choose what to revoke.' });
      await revokeSessions(services, caller, target, env(req));
      await revocationPage(req, res, target.scope === 'role' ? `the sessions of ${target.roleArn}` : `session ${target.accessKeyId}`);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  return router;
}
