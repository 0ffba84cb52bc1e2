/**
 * @module http/downstream-router — what downstream apps call: `POST /verify`, `POST /oauth2/introspect`
 * (RFC 7662) and `GET /.well-known/jwks.json`.
 *
 * These endpoints are for servers and SDKs: no CORS headers, no cookies read (security.md §6).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import express, { Router, type Request, type Response } from 'express';
import type { StsServices } from '../core/index.js';
import { downstreamWireError, introspectToken, parseVerifyRequest, verifyPresented } from '../downstream/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import type { LogFields } from './request-context.js';
import { sendBody } from './send.js';

export interface DownstreamRouterDeps {
  readonly services: StsServices;
  readonly introspectionClients: ReadonlyMap<string, string>;
  /** The `POST /verify` work (shared with the lean path); built from `services` when absent. */
  readonly verify?: VerifyEndpoint;
}

/** Largest accepted `POST /verify` body. */
export const VERIFY_BODY_LIMIT_BYTES = 64 * 1024;

export interface JsonOutcome {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly logFields: LogFields;
}

/** `POST /verify` without Express: the parsed JSON body in, the answer out. */
export type VerifyEndpoint = (body: unknown, env: { readonly requestId: string; readonly sourceIp?: string | undefined }) => Promise<JsonOutcome>;

function downstreamErrorOutcome(thrown: unknown, requestId: string, extra: Record<string, unknown> = {}, logFields: LogFields = {}): JsonOutcome {
  const error = toBridgeError(thrown);
  const wire = downstreamWireError(error.code);
  return {
    status: wire.status,
    body: { error: { code: wire.code, message: error.message }, ...extra, requestId },
    logFields: { ...logFields, error: error.code, ...(error.detail ? { detail: error.detail } : {}) },
  };
}

export function sendJson(res: ServerResponse, outcome: JsonOutcome): void {
  sendBody(res, { status: outcome.status, contentType: 'application/json', body: JSON.stringify(outcome.body) });
}

export function sendDownstreamError(req: Request, res: Response, thrown: unknown, extra: Record<string, unknown> = {}): void {
  const outcome = downstreamErrorOutcome(thrown, req.requestId, extra);
  res.locals['logFields'] = outcome.logFields;
  sendJson(res, outcome);
}

export function verifyEndpoint(services: StsServices): VerifyEndpoint {
  return async (body, env) => {
    let logFields: LogFields = {};
    try {
      const input = parseVerifyRequest(body);
      logFields = { action: input.action, mode: input.token ? 'bearer' : 'sigv4' };
      const result = await verifyPresented(services, input, { requestId: env.requestId, ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}) });
      if (!result.allowed) {
        const denied = new BridgeError('ACCESS_DENIED', { message: `${result.principal.arn} is not authorized to perform: ${input.action} on resource: ${input.resource}` });
        return downstreamErrorOutcome(denied, env.requestId, result as unknown as Record<string, unknown>, logFields);
      }
      return { status: 200, body: { ...result, requestId: env.requestId }, logFields };
    } catch (error) {
      return downstreamErrorOutcome(error, env.requestId, {}, logFields);
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** HTTP Basic client authentication, compared in constant time over digests. */
function introspectionClient(header: string | undefined, clients: ReadonlyMap<string, string>): string | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  const id = decodeURIComponent(decoded.slice(0, colon));
  const secret = decodeURIComponent(decoded.slice(colon + 1));
  const expected = clients.get(id);
  // Compare against a dummy when the client is unknown, so timing does not reveal client ids.
  const ok = timingSafeEqual(digest(secret), digest(expected ?? '\0unknown-client'));
  return ok && expected !== undefined ? id : undefined;
}

export function downstreamRouter(deps: DownstreamRouterDeps): Router {
  const router = Router();
  const verify = deps.verify ?? verifyEndpoint(deps.services);
  const json = express.json({ limit: VERIFY_BODY_LIMIT_BYTES, type: () => true });
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.post('/verify', json, async (req, res) => {
    const outcome = await verify(req.body, { requestId: req.requestId, sourceIp: req.ip });
    res.locals['logFields'] = outcome.logFields;
    sendJson(res, outcome);
  });

  router.post('/oauth2/introspect', form, async (req, res) => {
    const client = introspectionClient(req.headers.authorization, deps.introspectionClients);
    if (!client) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="rolegate"').json({ error: 'invalid_client' });
      return;
    }
    const token = typeof req.body?.token === 'string' ? req.body.token : undefined;
    if (!token || token.length > 8192) {
      res.status(400).json({ error: 'invalid_request', error_description: 'token is required' });
      return;
    }
    try {
      res.set('Cache-Control', 'no-store').json(await introspectToken(deps.services, token));
    } catch (error) {
      const bridge = toBridgeError(error);
      res.status(bridge.status >= 500 ? bridge.status : 500).json({ error: 'temporarily_unavailable' });
    }
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    // Short cache: keys rotate daily and the next key is published a period ahead.
    res.set('Cache-Control', 'public, max-age=300').json(deps.services.tokenKeys.jwks());
  });
  return router;
}
