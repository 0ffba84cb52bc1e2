/**
 * @module http/query-router — the AWS Query endpoint (`POST /`, `GET /?Action=…`) for STS and IAM.
 *
 * Reads the raw body (bounded), hashes it for SigV4, merges query and form parameters, and hands
 * the request to the adapter that owns the API version (IAM 2010-05-08, otherwise STS).
 * `queryEndpoint` is that work without Express: the Express route below and the lean path
 * (lean-path.ts) both call it, so `POST /` behaves the same whichever path served it.
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { QueryParams, type QueryHttpRequest, type QueryHttpResponse } from '../aws-query/index.js';
import { IAM_VERSION } from '../iam/index.js';
import { renderShellError } from './error-handler.js';
import type { HttpMetrics } from './metrics.js';
import type { LogFields } from './request-context.js';
import { sendBody } from './send.js';

export type QueryAdapter = (request: QueryHttpRequest) => Promise<QueryHttpResponse>;

export interface QueryRouterDeps {
  readonly sts: QueryAdapter;
  readonly iam?: QueryAdapter;
  readonly metrics: HttpMetrics;
}

/** Largest accepted body; SAMLAssertion may be 100 000 characters (sts.md §2). */
export const QUERY_BODY_LIMIT_BYTES = 512 * 1024;

/** One Query API call as read off the wire, by either path. */
export interface QueryCall {
  readonly method: string;
  /** Path and query string as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string[] | undefined>>;
  readonly body: Buffer;
  readonly sourceIp: string | undefined;
  readonly secure: boolean;
  readonly requestId: string;
}

export interface QueryOutcome {
  readonly response: QueryHttpResponse;
  readonly logFields: LogFields;
}

export type QueryEndpoint = (call: QueryCall) => Promise<QueryOutcome>;

const FORM = /^application\/x-www-form-urlencoded/i;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export function queryEndpoint(deps: QueryRouterDeps): QueryEndpoint {
  return async (call) => {
    const started = performance.now();
    const { body, url } = call;
    const queryIndex = url.indexOf('?');
    const rawQuery = queryIndex >= 0 ? url.slice(queryIndex + 1) : '';
    const isForm = FORM.test(call.headers['content-type']?.[0] ?? '');
    let response: QueryHttpResponse;
    let action = 'unknown';
    try {
      const params = QueryParams.parse(rawQuery, isForm ? body.toString('utf8') : undefined);
      action = params.get('Action')?.slice(0, 64) ?? 'none';
      const request: QueryHttpRequest = {
        method: call.method,
        path: queryIndex >= 0 ? url.slice(0, queryIndex) : url,
        rawQuery,
        headers: call.headers,
        body,
        bodySha256Hex: body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex'),
        params,
        sourceIp: call.sourceIp,
        secure: call.secure,
        requestId: call.requestId,
      };
      const adapter = params.get('Version') === IAM_VERSION && deps.iam ? deps.iam : deps.sts;
      response = await adapter(request);
    } catch (thrown) {
      // One envelope rule for the Query API (Sender/ValidationError, Receiver/InternalFailure for 5xx).
      const { error, outgoing } = renderShellError(thrown, '/', call.headers['accept']?.join(', '), call.requestId);
      response = { status: outgoing.status, contentType: outgoing.contentType, body: outgoing.body, errorCode: error.code };
    }
    deps.metrics.queryActions.inc({ action: knownActionLabel(action), result: response.errorCode ?? 'OK' });
    deps.metrics.duration.observe({ surface: 'query' }, (performance.now() - started) / 1000);
    deps.metrics.requests.inc({ surface: 'query', status: String(response.status) });
    return { response, logFields: { action, ...(response.errorCode ? { error: response.errorCode, detail: response.errorDetail } : {}) } };
  };
}

export function queryRouter(endpoint: QueryEndpoint): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: QUERY_BODY_LIMIT_BYTES });

  async function handle(req: Request, res: Response): Promise<void> {
    const { response, logFields } = await endpoint({
      method: req.method,
      url: req.originalUrl,
      headers: req.headersDistinct,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      sourceIp: req.ip,
      secure: req.secure,
      requestId: req.requestId,
    });
    res.locals['logFields'] = logFields;
    sendBody(res, response);
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
