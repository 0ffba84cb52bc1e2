/**
 * @module http/downstream-router — what downstream apps call: `POST /verify`, `POST /oauth2/introspect`
 * (RFC 7662) and `GET /.well-known/jwks.json`.
 *
 * These endpoints are for servers and SDKs: no CORS headers, no cookies read (security.md §6).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { StsServices } from '../core/index.js';
import { downstreamWireError, introspectToken, parseVerifyRequest, verifyPresented } from '../downstream/index.js';
import { BridgeError, toBridgeError } from '../errors.js';

export interface DownstreamRouterDeps {
  readonly services: StsServices;
  readonly introspectionClients: ReadonlyMap<string, string>;
}

export function sendDownstreamError(req: Request, res: Response, thrown: unknown, extra: Record<string, unknown> = {}): void {
  const error = toBridgeError(thrown);
  const wire = downstreamWireError(error.code);
  res.locals['logFields'] = { error: error.code, ...(error.detail ? { detail: error.detail } : {}) };
  res.status(wire.status).set('Cache-Control', 'no-store').json({ error: { code: wire.code, message: error.message }, ...extra, requestId: req.requestId });
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
  const json = express.json({ limit: '64kb', type: () => true });
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.post('/verify', json, async (req, res) => {
    try {
      const input = parseVerifyRequest(req.body);
      res.locals['logFields'] = { action: input.action, mode: input.token ? 'bearer' : 'sigv4' };
      const result = await verifyPresented(deps.services, input, { requestId: req.requestId, ...(req.ip ? { sourceIp: req.ip } : {}) });
      if (!result.allowed) {
        sendDownstreamError(req, res, new BridgeError('ACCESS_DENIED', { message: `${result.principal.arn} is not authorized to perform: ${input.action} on resource: ${input.resource}` }), result as unknown as Record<string, unknown>);
        return;
      }
      res.set('Cache-Control', 'no-store').json({ ...result, requestId: req.requestId });
    } catch (error) {
      sendDownstreamError(req, res, error);
    }
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
