/**
 * @module http/token-exchange-router — `POST /oauth2/token`: OAuth 2.0 Token Exchange (RFC 8693),
 * a web identity token in, temporary role credentials out as JSON (src/oidc/token-exchange.ts).
 */
import express, { Router } from 'express';
import type { RequestEnvironment } from '../core/index.js';
import type { TokenExchangeResponse } from '../oidc/index.js';

export interface TokenExchangeRouterDeps {
  readonly exchange: (form: URLSearchParams, env: RequestEnvironment) => Promise<TokenExchangeResponse>;
  readonly now: () => number;
}

export function tokenExchangeRouter(deps: TokenExchangeRouterDeps): Router {
  const router = Router();
  const text = express.text({ type: 'application/x-www-form-urlencoded', limit: '64kb' });
  router.post('/oauth2/token', text, async (req, res) => {
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') {
      res.status(400).json({ error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded.' });
      return;
    }
    const userAgent = req.get('user-agent');
    const result = await deps.exchange(new URLSearchParams(req.body), {
      nowMs: deps.now(),
      requestId: req.requestId,
      secureTransport: req.secure,
      ...(req.ip ? { sourceIp: req.ip } : {}),
      ...(userAgent ? { userAgent } : {}),
    });
    if (result.errorCode) res.locals['logFields'] = { error: result.errorCode, ...(result.errorDetail ? { detail: result.errorDetail } : {}) };
    res.status(result.status).json(result.body);
  });
  return router;
}
