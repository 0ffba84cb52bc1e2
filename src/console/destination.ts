/**
 * @module console/destination — where the console may send a browser after a sign-in: a page of
 * the console itself on rolegate's own origin (security.md §6, open redirects).
 *
 * Accepted: a path or an absolute URL of our origin whose path is `/console…` or `/switchrole…`.
 * Refused: other origins, scheme-relative `//host`, `/\host`, `javascript:` and other schemes,
 * credentials in the URL, control characters, backslashes, `//` inside the path.
 */
import { BridgeError } from '../errors.js';

const invalid = (message: string) => new BridgeError('VALIDATION', { message });

/** A destination on our own origin under /console or /switchrole, as a path; otherwise VALIDATION. */
export function consoleDestination(publicUrl: string, destination: string | undefined): string {
  const refuse = () => invalid('Destination must be a page of this console (/console or /switchrole on this site).');
  if (!destination || destination.length > 2048 || /[\u0000-\u001f\u007f\\]/.test(destination)) throw refuse();
  const origin = new URL(publicUrl).origin;
  if (destination.startsWith('//')) throw refuse();
  let url: URL;
  try {
    url = new URL(destination, origin);
  } catch {
    throw refuse();
  }
  if (url.origin !== origin || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw refuse();
  if (!/^\/(console|switchrole)(\/|$)/.test(url.pathname) || url.pathname.includes('//')) throw refuse();
  return `${url.pathname}${url.search}`;
}

/** A post-sign-in return path: the destination when it is a console page, else `/console`. */
export function consoleReturnPath(publicUrl: string, value: string | undefined): string {
  if (!value) return '/console';
  try {
    return consoleDestination(publicUrl, value);
  } catch {
    return '/console';
  }
}
