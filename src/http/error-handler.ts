/**
 * @module http/error-handler — the last middleware: logs detail, renders only public fields.
 */
import type { NextFunction, Request, Response } from 'express';
import { renderError, wantsJson } from '../aws-query/index.js';
import { BridgeError, toBridgeError } from '../errors.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

function fromExpress(thrown: unknown): BridgeError {
  const status = (thrown as { status?: unknown }).status;
  const type = (thrown as { type?: unknown }).type;
  if (status === 413 || type === 'entity.too.large') return new BridgeError('REQUEST_TOO_LARGE', { detail: String(type) });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new BridgeError('VALIDATION', { message: 'The request could not be read.', detail: String(type ?? status) });
  }
  return toBridgeError(thrown);
}

export function errorHandler(thrown: unknown, req: Request, res: Response, _next: NextFunction): void {
  const error = fromExpress(thrown);
  const log = req.log ?? console;
  if (error.status >= 500) log.error({ code: error.code, detail: error.detail }, 'request failed');
  else log.warn({ code: error.code, detail: error.detail }, 'request rejected');
  if (res.headersSent) return;
  res.status(error.status).set('Cache-Control', 'no-store');
  if (req.path === '/') {
    const code = error.code === 'REQUEST_TOO_LARGE' ? 'RequestEntityTooLarge' : error.status >= 500 ? 'InternalFailure' : 'ValidationError';
    const rendered = renderError(wantsJson(req.headers.accept), STS_NAMESPACE, { type: error.status >= 500 ? 'Receiver' : 'Sender', code, message: error.message }, req.requestId ?? '');
    res.type(rendered.contentType).send(rendered.body);
    return;
  }
  res.json({ error: { code: error.code, message: error.message }, requestId: req.requestId });
}

export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Not found.' }, requestId: req.requestId });
}
