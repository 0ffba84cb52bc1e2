/**
 * @module http/query-router — the AWS Query endpoint (`POST /`, `GET /?Action=…`) for STS and IAM.
 *
 * Reads the raw body (bounded), hashes it for SigV4, merges query and form parameters, and hands
 * the request to the adapter that owns the API version (IAM 2010-05-08, otherwise STS).
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { QueryParams, renderError, wantsJson, type QueryHttpRequest, type QueryHttpResponse } from '../aws-query/index.js';
import { toBridgeError } from '../errors.js';
import type { HttpMetrics } from './metrics.js';

export type QueryAdapter = (request: QueryHttpRequest) => Promise<QueryHttpResponse>;

export interface QueryRouterDeps {
  readonly sts: QueryAdapter;
  readonly iam?: QueryAdapter;
  readonly metrics: HttpMetrics;
  /** Largest accepted body; SAMLAssertion may be 100 000 characters (sts.md §2). */
  readonly bodyLimit?: string;
}

const IAM_VERSION = '2010-05-08';
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function queryRouter(deps: QueryRouterDeps): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: deps.bodyLimit ?? '512kb' });

  async function handle(req: Request, res: Response): Promise<void> {
    const started = process.hrtime.bigint();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const url = req.originalUrl;
    const queryIndex = url.indexOf('?');
    const rawQuery = queryIndex >= 0 ? url.slice(queryIndex + 1) : '';
    const isForm = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    let response: QueryHttpResponse;
    let action = 'unknown';
    try {
      const params = QueryParams.parse(rawQuery, isForm ? body.toString('utf8') : undefined);
      action = params.get('Action')?.slice(0, 64) ?? 'none';
      const request: QueryHttpRequest = {
        method: req.method,
        path: queryIndex >= 0 ? url.slice(0, queryIndex) : url,
        rawQuery,
        headers: req.headersDistinct,
        body,
        bodySha256Hex: createHash('sha256').update(body).digest('hex'),
        params,
        sourceIp: req.ip,
        secure: req.secure,
        requestId: req.requestId,
      };
      const adapter = params.get('Version') === IAM_VERSION && deps.iam ? deps.iam : deps.sts;
      response = await adapter(request);
    } catch (thrown) {
      const error = toBridgeError(thrown);
      const rendered = renderError(wantsJson(req.headers.accept), STS_NAMESPACE, { type: 'Sender', code: 'ValidationError', message: error.message }, req.requestId);
      response = { status: error.status, ...rendered, errorCode: error.code };
    }
    res.locals['logFields'] = { action, ...(response.errorCode ? { error: response.errorCode, detail: response.errorDetail } : {}) };
    deps.metrics.queryActions.inc({ action: knownActionLabel(action), result: response.errorCode ?? 'OK' });
    deps.metrics.duration.observe({ surface: 'query' }, Number(process.hrtime.bigint() - started) / 1e9);
    deps.metrics.requests.inc({ surface: 'query', status: String(response.status) });
    res.status(response.status).set('Cache-Control', 'no-store').type(response.contentType).send(response.body);
  }

  router.post('/', rawBody, handle);
  router.get('/', (req, res, next) => (req.query['Action'] !== undefined ? handle(req, res) : next()));
  return router;
}

/** Bounded label set: an attacker must not grow the metric cardinality with invented action names. */
function knownActionLabel(action: string): string {
  return /^(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|GetCallerIdentity|GetSessionToken|GetFederationToken|GetAccessKeyInfo|DecodeAuthorizationMessage|SimulateCustomPolicy|SimulatePrincipalPolicy|none)$/.test(action)
    ? action
    : 'other';
}
