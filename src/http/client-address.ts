/**
 * @module http/client-address — the caller's address and scheme, as Express's `req.ip` and
 * `req.secure` compute them for a boolean `trust proxy` setting (the only kind rolegate accepts),
 * for the lean path that answers before Express sees the request.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Trusted proxies: the left-most `X-Forwarded-For` entry (proxy-addr with "trust all"); otherwise the peer. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? headerText(req, 'x-forwarded-for') : undefined;
  if (!forwarded) return req.socket.remoteAddress;
  // As the `forwarded` package parses it: comma-separated, spaces trimmed, empty entries skipped.
  const leftmost = forwarded.split(',').map((entry) => entry.replace(/^ +| +$/g, '')).find((entry) => entry !== '');
  return leftmost ?? req.socket.remoteAddress;
}

/** Trusted proxies: the first `X-Forwarded-Proto` value; otherwise whether this connection is TLS. */
export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  const own = (req.socket as Partial<TLSSocket>).encrypted === true;
  const header = trustProxy ? headerText(req, 'x-forwarded-proto') : undefined;
  if (!header) return own;
  const comma = header.indexOf(',');
  return (comma === -1 ? header : header.slice(0, comma)).trim() === 'https';
}

/** Node joins repeated headers of these names with ", "; typed loosely, so join here too. */
function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
