/**
 * @module http/console-pages — what every signed-in console route shares: the session, the caller
 * behind it, the header, the request environment, the form checks and the error page.
 *
 * Form posts are accepted only from our own origin (Sec-Fetch-Site / Origin) and with the session's
 * CSRF token; a failure anywhere renders the error page with the header when signed in.
 */
import type { Request, RequestHandler, Response } from 'express';
import { consoleCaller, headerView, readConsoleSession, render, sameToken, type ConsoleDeps, type ConsoleSession, type HeaderView } from '../console/index.js';
import type { Caller, RequestEnvironment } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { formString, isSameOrigin, sendErrorPage, sendPage } from './browser-pages.js';

export interface SignedIn {
  readonly session: ConsoleSession;
  readonly caller: Caller;
  readonly hdr: HeaderView;
}

export function consoleEnv(deps: ConsoleDeps, req: Request): RequestEnvironment {
  return {
    nowMs: deps.clock.now(),
    requestId: req.requestId,
    secureTransport: req.secure,
    ...(req.ip ? { sourceIp: req.ip } : {}),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'].slice(0, 256) } : {}),
  };
}

/** The signed-in session, its caller and header; undefined when signed out. */
export async function signedInOrNot(deps: ConsoleDeps, req: Request): Promise<SignedIn | undefined> {
  const session = await readConsoleSession(deps, req.headers.cookie);
  if (!session) return undefined;
  return { session, caller: await consoleCaller(deps, session), hdr: headerView(session, deps.clock.now()) };
}

async function signedIn(deps: ConsoleDeps, req: Request): Promise<SignedIn> {
  const signed = await signedInOrNot(deps, req);
  if (!signed) throw new BridgeError('CONSOLE_SESSION_REQUIRED');
  return signed;
}

/** Same origin and the session's CSRF token, or CSRF_INVALID. */
export function checkForm(req: Request, publicOrigin: string, session: ConsoleSession): void {
  if (!isSameOrigin(req, publicOrigin) || !sameToken(session.csrf, formString(req.body, 'csrf'))) throw new BridgeError('CSRF_INVALID');
}

export function sendConsolePage(res: Response, status: number, template: string, signed: Pick<SignedIn, 'hdr'>, model: object = {}, cookies: readonly string[] = []): void {
  sendPage(res, status, render(template, { ...model, hdr: signed.hdr }), undefined, cookies);
}

/** A route handler that renders failures as console error pages (with the header when signed in). */
export function consoleRoute(deps: ConsoleDeps, handle: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      const session = await readConsoleSession(deps, req.headers.cookie).catch(() => undefined);
      sendErrorPage(req, res, error, [], session ? headerView(session, deps.clock.now()) : undefined);
    }
  };
}

/** A signed-in page: the session (else CONSOLE_SESSION_REQUIRED), then `handle`. */
export function consolePage(deps: ConsoleDeps, handle: (req: Request, res: Response, signed: SignedIn) => Promise<void>): RequestHandler {
  return consoleRoute(deps, async (req, res) => handle(req, res, await signedIn(deps, req)));
}

/** A signed-in form post: the session, then the same-origin and CSRF checks, then `handle`. */
export function consolePost(deps: ConsoleDeps, publicOrigin: string, handle: (req: Request, res: Response, signed: SignedIn) => Promise<void>): RequestHandler {
  return consolePage(deps, async (req, res, signed) => {
    checkForm(req, publicOrigin, signed.session);
    await handle(req, res, signed);
  });
}
