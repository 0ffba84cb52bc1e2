/**
 * @module middleware/rolegate-verifier — Express-compatible middleware for downstream Node apps.
 *
 * The app declares how its routes map to actions and resources; the middleware authenticates
 * the caller (SigV4 or a bearer session token) and asks rolegate for the decision:
 * - bearer tokens are first checked offline against rolegate's JWKS (forged or expired tokens
 *   never cause a round trip), then the decision is fetched and cached for `cacheTtlMs`
 *   (default 1 s, the same bound rolegate gives revocation);
 * - SigV4 requests are forwarded to `POST /verify` (only rolegate can check the signature).
 * Mount `express.raw({ type: () => true })` before it so the body hash can be computed.
 *
 * It uses structural request/response types, so it depends on no particular Express version.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface RouteAuthorization {
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount?: string;
  readonly resourcePolicy?: string | Record<string, unknown>;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface VerifierRequest {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  headersDistinct?: Record<string, string[] | undefined>;
  body?: unknown;
  rolegate?: RolegateContext;
}

export interface VerifierResponse {
  status(code: number): VerifierResponse;
  json(body: unknown): unknown;
}

export interface RolegateContext {
  readonly principal: Record<string, unknown>;
  readonly decision: Record<string, unknown>;
  readonly expiresAt: string | null;
  readonly mode: 'sigv4' | 'bearer';
}

export interface RolegateVerifierOptions {
  /** Base URL of rolegate, e.g. `http://localhost:8080`. */
  readonly rolegateUrl: string;
  /** SigV4 signing name(s) this app answers to. */
  readonly service?: string | readonly string[];
  /** Maps a request to what it does; `undefined` lets the request through unchecked. */
  authorize(req: VerifierRequest): RouteAuthorization | undefined;
  readonly cacheTtlMs?: number;
  readonly fetch?: typeof fetch;
}

type Next = () => void;

interface CachedDecision {
  readonly until: number;
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export function rolegateVerifier(options: RolegateVerifierOptions) {
  const base = options.rolegateUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const ttl = options.cacheTtlMs ?? 1000;
  const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`), { cooldownDuration: 30_000, timeoutDuration: 5000 });
  const cache = new Map<string, CachedDecision>();

  async function askRolegate(payload: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await doFetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  return async function verifyWithRolegate(req: VerifierRequest, res: VerifierResponse, next: Next): Promise<void> {
    const route = options.authorize(req);
    if (!route) return next();
    const authorization = req.headers['authorization'];
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    try {
      let outcome: { status: number; body: Record<string, unknown> };
      let mode: 'sigv4' | 'bearer';
      const bearer = /^Bearer (\S{16,4096})$/.exec(header ?? '')?.[1];
      if (bearer) {
        mode = 'bearer';
        try {
          await jwtVerify(bearer, jwks, { algorithms: ['ES256'], audience: 'rolegate' });
        } catch {
          res.status(403).json({ error: { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' } });
          return;
        }
        const key = createHash('sha256').update(`${bearer}\0${route.action}\0${route.resource}\0${JSON.stringify(route.context ?? {})}`).digest('hex');
        const hit = cache.get(key);
        if (hit && hit.until > Date.now()) {
          outcome = hit;
        } else {
          outcome = await askRolegate({ token: bearer, ...route });
          if (outcome.status === 200 || outcome.status === 403) {
            if (cache.size > 10_000) cache.clear();
            cache.set(key, { ...outcome, until: Date.now() + ttl });
          }
        }
      } else {
        mode = 'sigv4';
        const url = req.originalUrl ?? req.url;
        const q = url.indexOf('?');
        const body = Buffer.isBuffer(req.body) ? req.body : req.body === undefined ? Buffer.alloc(0) : undefined;
        outcome = await askRolegate({
          request: {
            method: req.method,
            path: q >= 0 ? url.slice(0, q) : url,
            query: q >= 0 ? url.slice(q + 1) : '',
            headers: req.headersDistinct ?? req.headers,
            ...(body ? { bodySha256: createHash('sha256').update(body).digest('hex') } : {}),
          },
          ...(options.service ? { service: options.service } : {}),
          ...route,
        });
      }
      if (outcome.status !== 200) {
        res.status(outcome.status).json({ error: outcome.body['error'], ...(outcome.body['explanation'] ? { explanation: outcome.body['explanation'] } : {}) });
        return;
      }
      req.rolegate = {
        principal: outcome.body['principal'] as Record<string, unknown>,
        decision: outcome.body['decision'] as Record<string, unknown>,
        expiresAt: (outcome.body['expiresAt'] as string | null) ?? null,
        mode,
      };
      next();
    } catch {
      // rolegate unreachable: fail closed, never let the request through unverified.
      res.status(503).json({ error: { code: 'ServiceUnavailable', message: 'The credential verifier is unavailable. Try again shortly.' } });
    }
  };
}
