/**
 * @module idp/saml/views — the built-in IdP's pages (nunjucks, autoescape, no inline script).
 */
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const templates = fileURLToPath(new URL('./templates', import.meta.url));
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), { autoescape: true });

export function renderIdpPage(template: string, context: object): string {
  return env.render(template, context);
}

/** The auto-post page loads `/idp/saml/static/autosubmit.js` (script-src 'self'); a button works without script. */
export const IDP_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};
