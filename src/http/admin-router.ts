/**
 * @module http/admin-router — the operator API: revocations and audit queries, SigV4-signed
 * (signing name `rolegate`) and authorised through the policy engine.
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { revokeSessions, type StsServices } from '../core/index.js';
import { authenticateSigned } from '../auth/index.js';
import { AUDIT_READ_ACTION, parseAuditQuery, parseRevocation } from '../downstream/index.js';
import { BridgeError } from '../errors.js';
import { deny, principalContextOf } from '../core/index.js';
import { sendDownstreamError } from './downstream-router.js';

export const ADMIN_SIGNING_NAME = 'rolegate';

function signedParts(req: Request, body: Buffer) {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  return {
    method: req.method,
    path: q >= 0 ? url.slice(0, q) : url,
    rawQuery: q >= 0 ? url.slice(q + 1) : '',
    headers: req.headersDistinct,
    bodySha256Hex: createHash('sha256').update(body).digest('hex'),
  };
}

export function adminRouter(deps: { services: StsServices }): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '16kb' });
  const env = (req: Request) => ({ nowMs: deps.services.clock.now(), requestId: req.requestId, ...(req.ip ? { sourceIp: req.ip } : {}) });

  router.post('/admin/revocations', raw, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const { caller } = await authenticateSigned(deps.services, signedParts(req, body), { service: ADMIN_SIGNING_NAME, maxSkewMs: 15 * 60 * 1000 });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new BridgeError('VALIDATION', { message: 'The body must be JSON.' });
      }
      const result = await revokeSessions(deps.services, caller, parseRevocation(parsed), env(req));
      res.set('Cache-Control', 'no-store').json({ revoked: result.target, revokedAt: new Date(result.revokedAt).toISOString(), requestId: req.requestId });
    } catch (error) {
      sendDownstreamError(req, res, error);
    }
  });

  router.get('/admin/audit', async (req, res) => {
    try {
      const { caller } = await authenticateSigned(deps.services, signedParts(req, Buffer.alloc(0)), { service: ADMIN_SIGNING_NAME, maxSkewMs: 15 * 60 * 1000 });
      const query = parseAuditQuery(req.query as Record<string, unknown>);
      const decision = deps.services.authorizer.authorize({ caller, action: AUDIT_READ_ACTION, resource: '*', env: env(req) });
      if (!decision.allowed) {
        throw await deny(deps.services, {
          message: `User: ${caller.arn} is not authorized to perform: ${AUDIT_READ_ACTION}`,
          principal: principalContextOf(caller),
          action: AUDIT_READ_ACTION,
          resource: '*',
          context: {},
          decision,
        });
      }
      // Read a wider window when filtering, so a filter still finds up to `limit` matches.
      const events = await deps.services.audit.latest(query.type || query.principal ? 10_000 : query.limit);
      const filtered = events
        .filter((e) => (!query.type || e.type === query.type) && (!query.principal || e.principal === query.principal))
        .slice(0, query.limit);
      res.set('Cache-Control', 'no-store').json({ events: filtered, requestId: req.requestId });
    } catch (error) {
      sendDownstreamError(req, res, error);
    }
  });
  return router;
}
