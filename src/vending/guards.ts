/**
 * @module vending/guards — the checks every vending request passes before anything else.
 *
 * - **Proxied requests are refused (403).** EC2 limits IMDSv2 responses to one network hop and
 *   refuses token requests carrying `X-Forwarded-For`, so an SSRF-able proxy or web app cannot
 *   fetch credentials for a remote attacker. rolegate refuses any request with `Forwarded`, `Via`,
 *   `X-Forwarded-For`, `X-Forwarded-Host` or `X-Real-IP`; its listener binds to loopback by default
 *   (`IMDS_HOST=127.0.0.1`), the analogue of a hop limit of 1.
 * - **DNS rebinding is refused (403).** A browser page whose name re-resolves to 127.0.0.1 would
 *   be same-origin with the listener; its requests carry that name in `Host`. Only IP literals,
 *   `localhost` and the names in `IMDS_ALLOWED_HOSTS` are accepted.
 */
import { isIP } from 'node:net';
import { BridgeError } from '../errors.js';
import type { VendingRequest } from './http-types.js';

const PROXY_HEADERS = ['forwarded', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

export function refuseProxied(request: VendingRequest): void {
  const present = PROXY_HEADERS.filter((name) => request.headers[name] !== undefined);
  if (present.length > 0) {
    throw new BridgeError('ACCESS_DENIED', {
      message: 'Forwarded requests are not accepted: the metadata service answers only direct requests.',
      detail: `proxy headers present: ${present.join(', ')}`,
    });
  }
}

function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

export function refuseForeignHost(request: VendingRequest, allowedNames: ReadonlySet<string>): void {
  const raw = request.headers['host'];
  const host = Array.isArray(raw) ? raw[0] : raw;
  if (host === undefined || host === '') return;
  const name = hostName(host.trim());
  if (isIP(name) !== 0 || name === 'localhost' || allowedNames.has(name)) return;
  throw new BridgeError('ACCESS_DENIED', {
    message: 'The Host header names a host this metadata service does not answer for.',
    detail: `host ${name.slice(0, 100)} not allowed`,
  });
}
