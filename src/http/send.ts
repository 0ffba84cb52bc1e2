/**
 * @module http/send — writes a finished response with node's own API, for the Express routes and
 * the lean path alike (same bytes either way: `charset=utf-8` as Express adds it, no ETag).
 */
import type { ServerResponse } from 'node:http';

export interface Outgoing {
  readonly status: number;
  /** Without parameters; `; charset=utf-8` is added. */
  readonly contentType: string;
  readonly body: string;
}

/** Every answer of the API endpoints is per-caller and per-request: never cached. */
export function sendBody(res: ServerResponse, outgoing: Outgoing): void {
  res.statusCode = outgoing.status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', `${outgoing.contentType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(outgoing.body));
  res.end(outgoing.body);
}
