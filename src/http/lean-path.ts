/**
 * @module http/lean-path — the hot endpoints (`POST /verify`, the Query API's `POST /`) served
 * before Express sees the request.
 *
 * Profiling showed Express's per-request machinery (request/response decoration, the router
 * walking every surface's routers, body-parser, `res.json`/`res.send`) costing several times
 * the work of a verification. This path does only what these two endpoints need: a request id
 * (`x-amzn-RequestId`), the security headers, a bounded body read, the shared endpoint
 * functions (`queryEndpoint`, `verifyEndpoint`, the same code the Express routes run), one log
 * line, and the same error answers (`renderShellError`). Anything it is not sure to read exactly as
 * body-parser would — a `Content-Encoding`, a non-UTF-8 charset, a declared length over the
 * limit, another method or path — is left to the Express app, which stays complete.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction } from 'express';
import type { Logger } from 'pino';
import { clientIp, isSecure } from './client-address.js';
import { VERIFY_BODY_LIMIT_BYTES, sendJson, type VerifyEndpoint } from './downstream-router.js';
import { logShellError, renderShellError } from './error-handler.js';
import { QUERY_BODY_LIMIT_BYTES, type QueryEndpoint } from './query-router.js';
import { logRequestOnFinish, requestLineLogger, type LogFields } from './request-context.js';
import { setSecurityHeaders } from './security-headers.js';
import { sendBody } from './send.js';

export interface LeanPathDeps {
  readonly logger: Logger;
  readonly query: QueryEndpoint;
  readonly verify?: VerifyEndpoint;
  readonly trustProxy: boolean;
}

/** Serves the request and returns true, or returns false without touching it. */
export type LeanPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The errors body-parser raises, so `renderShellError` answers both paths alike. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
  ) {
    super(type);
  }
}

export function leanPath(deps: LeanPathDeps): LeanPath {
  const { logger, query, verify, trustProxy } = deps;
  const lines = requestLineLogger(logger);

  function begin(req: IncomingMessage, res: ServerResponse, path: string, fields: { current: LogFields | undefined }): string {
    const requestId = randomUUID();
    // AWS SDKs read the request id only from this header (stack.md §3.5).
    res.setHeader('x-amzn-RequestId', requestId);
    setSecurityHeaders(res);
    logRequestOnFinish(lines, res, { reqId: requestId, method: req.method, path: () => path, fields: () => fields.current });
    return requestId;
  }

  function fail(req: IncomingMessage, res: ServerResponse, path: string, requestId: string, thrown: unknown): void {
    const { error, outgoing } = renderShellError(thrown, path, req.headers.accept, requestId);
    logShellError(logger, error, { reqId: requestId });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // The rest of an oversized or broken body is not read: close the connection after answering.
    if (!req.readableEnded) res.setHeader('Connection', 'close');
    sendBody(res, outgoing);
  }

  function serveVerify(req: IncomingMessage, res: ServerResponse, endpoint: VerifyEndpoint): void {
    const fields = { current: undefined as LogFields | undefined };
    const requestId = begin(req, res, '/verify', fields);
    readBody(req, VERIFY_BODY_LIMIT_BYTES)
      .then(async (body) => {
        const outcome = await endpoint(parseJson(body), { requestId, sourceIp: clientIp(req, trustProxy) });
        fields.current = outcome.logFields;
        sendJson(res, outcome);
      })
      .catch((thrown: unknown) => fail(req, res, '/verify', requestId, thrown));
  }

  function serveQuery(req: IncomingMessage, res: ServerResponse): void {
    const fields = { current: undefined as LogFields | undefined };
    const requestId = begin(req, res, '/', fields);
    readBody(req, QUERY_BODY_LIMIT_BYTES)
      .then(async (body) => {
        const { response, logFields } = await query({
          method: 'POST',
          url: req.url!,
          headers: req.headersDistinct,
          body: body ?? Buffer.alloc(0),
          sourceIp: clientIp(req, trustProxy),
          secure: isSecure(req, trustProxy),
          requestId,
        });
        fields.current = logFields;
        sendBody(res, response);
      })
      .catch((thrown: unknown) => fail(req, res, '/', requestId, thrown));
  }

  return (req, res) => {
    if (req.method !== 'POST' || req.headers['content-encoding'] !== undefined) return false;
    const url = req.url ?? '';
    if (url === '/verify') {
      if (!verify || !utf8Json(req.headers['content-type']) || declaredOver(req, VERIFY_BODY_LIMIT_BYTES)) return false;
      serveVerify(req, res, verify);
      return true;
    }
    if (url === '/' || url.startsWith('/?')) {
      if (declaredOver(req, QUERY_BODY_LIMIT_BYTES)) return false;
      serveQuery(req, res);
      return true;
    }
    return false;
  };
}

/**
 * Puts the lean path in front of the Express app. Express dispatches every request through
 * `app.handle` (the app function calls it), however the app is served (`app.listen`,
 * `http.createServer(app)`), so wrapping it is enough.
 */
export function mountFirst(app: Express, lean: LeanPath): void {
  const target = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void };
  const expressHandle = target.handle.bind(app);
  target.handle = (req, res, next) => {
    if (!lean(req, res)) expressHandle(req, res, next);
  };
}

/**
 * No charset, or UTF-8: the only decoding done here (body-parser would transcode other `utf-*`).
 * body-parser reads the first `charset` parameter, so a header naming more than one is left to it.
 */
function utf8Json(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const mentions = contentType.match(/charset/gi)?.length ?? 0;
  return mentions === 0 || (mentions === 1 && /;\s*charset\s*=\s*"?utf-8"?\s*(;|$)/i.test(contentType));
}

function declaredOver(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && !(Number(declared) <= limit);
}

/** The body, bounded; undefined when the request has none (no length, not chunked), as type-is decides. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        reject(new BodyError(413, 'entity.too.large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = () => {
      cleanup();
      reject(new BodyError(400, 'request.aborted'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** body-parser's strict JSON: BOM dropped, empty body = `{}`, only an object or array at the top. */
function parseJson(body: Buffer | undefined): unknown {
  if (body === undefined) return undefined;
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError(400, 'entity.parse.failed');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'entity.parse.failed');
  }
}
