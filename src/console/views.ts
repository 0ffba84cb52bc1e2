/**
 * @module console/views — HTML pages from nunjucks templates with auto-escaping on.
 *
 * Pages carry no inline script and no inline style (the CSP is `default-src 'none'; style-src 'self'; …`);
 * `PAGE_HEADERS` are the headers every page is sent with.
 */
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { ERROR_CATALOG, toBridgeError, type ErrorCode } from '../errors.js';
import type { Decision } from '../policy/index.js';
import type { HeaderView } from './header.js';

const templates = fileURLToPath(new URL('./templates', import.meta.url));
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates, { noCache: false }), { autoescape: true, throwOnUndefined: false });
env.addFilter('datetime', (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function render(template: string, context: object): string {
  return env.render(template, context);
}

/** Security headers of every HTML page (security.md §6). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** Hints shown on error pages; the title is the catalog's public message. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  SAML_SIGNATURE_INVALID: 'The response was not signed by a certificate configured for this identity provider.',
  SAML_SIGNATURE_MISSING: 'Configure the identity provider to sign its assertions (RSA-SHA256).',
  SAML_ALGORITHM_REJECTED: 'Configure the identity provider to sign with RSA-SHA256 or stronger.',
  SAML_AUDIENCE_MISMATCH: "The identity provider must use rolegate's SP entity id (see /saml/metadata) as the audience.",
  SAML_RECIPIENT_MISMATCH: "The identity provider must send assertions to rolegate's /saml endpoint.",
  SAML_DESTINATION_MISMATCH: "The identity provider must send responses to rolegate's /saml endpoint.",
  SAML_EXPIRED: 'Sign in again. If this keeps happening, check the clocks of the identity provider and of rolegate.',
  SAML_STALE: 'Sign in again: a SAML response must be used within 5 minutes.',
  SAML_REPLAYED: 'Each SAML response can be used once. Sign in again.',
  SAML_IN_RESPONSE_TO_INVALID: 'Start the sign-in again from this browser.',
  SAML_NO_ROLE: 'Ask your administrator to give you access to a role.',
  CONSOLE_SESSION_REQUIRED: 'Your session has ended or was signed out.',
};

export interface ErrorPage {
  readonly status: number;
  readonly html: string;
  readonly code: ErrorCode;
}

/**
 * The page for a failed browser request. An AccessDenied that carries a policy decision gets the
 * access-denied page with the explanation (deciding statement, or nearest miss and why); `hdr` is
 * the signed-in header, when there is a console session.
 */
export function renderErrorPage(thrown: unknown, requestId: string, hdr?: HeaderView): ErrorPage {
  const error = toBridgeError(thrown);
  const status = error.status;
  const decision = error.extra?.['decision'] as Decision | undefined;
  if (error.code === 'ACCESS_DENIED' && decision) {
    return {
      status,
      code: error.code,
      html: render('denied.njk', {
        hdr,
        message: error.message,
        action: error.extra?.['action'],
        resource: error.extra?.['resource'],
        summary: decision.summary,
        explanation: error.extra?.['explanation'] ?? decision.summary,
        code: error.code,
        requestId,
      }),
    };
  }
  return {
    status,
    code: error.code,
    html: render('error.njk', {
      hdr,
      title: status >= 500 ? ERROR_CATALOG.INTERNAL.message : error.message,
      code: error.code,
      hint: HINTS[error.code],
      requestId,
    }),
  };
}
