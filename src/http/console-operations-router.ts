/**
 * @module http/console-operations-router — console pages for operators: instances and their roles,
 * the audit trail, and revocation. Every page acts with the console session's own credentials and
 * is decided by the policy engine (a denial shows the explanation).
 */
import express, { Router, type Request, type Response } from 'express';
import { authorizeOrDeny, type ConsoleDeps } from '../console/index.js';
import { revokeSessions, type RevocationTarget } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { formString } from './browser-pages.js';
import { consoleEnv, consolePage, consolePost, sendConsolePage, type SignedIn } from './console-pages.js';

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
  const env = (req: Request) => consoleEnv(deps.console, req);

  router.get(
    '/console/instances',
    consolePage(deps.console, async (req, res, signed) => {
      await authorizeOrDeny(services, signed.caller, 'ec2:DescribeInstances', '*', env(req));
      sendConsolePage(res, 200, 'instances.njk', signed, { session: signed.session, instances: await deps.listInstances(signed.session.account) });
    }),
  );

  router.get(
    '/console/audit',
    consolePage(deps.console, async (req, res, signed) => {
      await authorizeOrDeny(services, signed.caller, 'rolegate:ReadAudit', '*', env(req));
      sendConsolePage(res, 200, 'audit.njk', signed, { events: await services.audit.latest(200) });
    }),
  );

  const revocationPage = (res: Response, signed: SignedIn, done?: string) => {
    const roles = services.directory.accounts.flatMap((account) =>
      services.directory.rolesOf(account.id).map((role) => ({ arn: role.arn, label: `${role.name} — ${account.alias} (${account.id})` })),
    );
    sendConsolePage(res, 200, 'revocations.njk', signed, { session: signed.session, roles, ...(done ? { done } : {}) });
  };

  router.get(
    '/console/revocations',
    consolePage(deps.console, async (_req, res, signed) => revocationPage(res, signed)),
  );

  router.post(
    '/console/revocations',
    form,
    consolePost(deps.console, origin, async (req, res, signed) => {
      const scope = formString(req.body, 'scope');
      let target: RevocationTarget;
      if (scope === 'role') target = { scope: 'role', roleArn: formString(req.body, 'roleArn') ?? '' };
      else if (scope === 'session') target = { scope: 'session', accessKeyId: formString(req.body, 'accessKeyId') ?? '' };
      else throw new BridgeError('VALIDATION', { message: 'Choose what to revoke.' });
      await revokeSessions(services, signed.caller, target, env(req));
      revocationPage(res, signed, target.scope === 'role' ? `the sessions of ${target.roleArn}` : `session ${target.accessKeyId}`);
    }),
  );

  return router;
}
