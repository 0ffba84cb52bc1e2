/**
 * @module http/error-handler — the last middleware: logs detail, renders only public fields.
 *
 * `renderShellError` is shared with the lean path (lean-path.ts), so a body that cannot be read
 * gets the same answer whichever path read it.
 */
import type { NextFunction, Request, Response } from 'express';
import { renderError, wantsJson } from '../aws-query/index.js';
import { BridgeError, isBridgeError, toBridgeError } from '../errors.js';
import { STS_NAMESPACE } from '../sts/index.js';
import { sendBody, type Outgoing } from './send.js';

function fromExpress(thrown: unknown): BridgeError {
  if (isBridgeError(thrown)) return thrown;
  const status = (thrown as { status?: unknown }).status;
  const type = (thrown as { type?: unknown }).type;
  if (status === 413 || type === 'entity.too.large') return new BridgeError('REQUEST_TOO_LARGE', { detail: String(type) });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new BridgeError('VALIDATION', { message: 'The request could not be read.', detail: String(type ?? status) });
  }
  return toBridgeError(thrown);
}

export interface ShellError {
  readonly error: BridgeError;
  readonly outgoing: Outgoing;
}

/** A failure before any handler ran (unreadable or oversized body, thrown error): the Query envelope on `/`, JSON elsewhere. */
export function renderShellError(thrown: unknown, path: string, accept: string | undefined, requestId: string): ShellError {
  const error = fromExpress(thrown);
  if (path === '/') {
    const code = error.code === 'REQUEST_TOO_LARGE' ? 'RequestEntityTooLarge' : error.status >= 500 ? 'InternalFailure' : 'ValidationError';
    const rendered = renderError(wantsJson(accept), STS_NAMESPACE, { type: error.status >= 500 ? 'Receiver' : 'Sender', code, message: error.message }, requestId);
    return { error, outgoing: { status: error.status, contentType: rendered.contentType, body: rendered.body } };
  }
  return { error, outgoing: { status: error.status, contentType: 'application/json', body: JSON.stringify({ error: { code: error.code, message: error.message }, requestId }) } };
}

export interface ErrorLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export function logShellError(log: ErrorLog, error: BridgeError, fields: Readonly<Record<string, unknown>> = {}): void {
  if (error.status >= 500) log.error({ ...fields, code: error.code, detail: error.detail }, 'request failed');
  else log.warn({ ...fields, code: error.code, detail: error.detail }, 'request rejected');
}

export function errorHandler(thrown: unknown, req: Request, res: Response, _next: NextFunction): void {
  const { error, outgoing } = renderShellError(thrown, req.path, req.headers.accept, req.requestId ?? '');
  logShellError(req.log ?? console, error);
  if (res.headersSent) return;
  sendBody(res, outgoing);
}

export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Not found.' }, requestId: req.requestId });
}
