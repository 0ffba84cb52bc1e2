/**
 * @module console — the console landing, reusable by every login flow (SAML now, OIDC next).
 *
 * A login flow that has verified an identity and computed its allowed roles calls:
 *
 * ```ts
 * const outcome = await signInWithRoles(consoleDeps, { options, identity, loginId, returnTo, env });
 * // outcome.cookies → Set-Cookie headers; outcome.picker → render 'picker.njk'; else redirect to returnTo
 * ```
 *
 * - `startConsoleSession(deps, { result, identity, loginId })` — for callers that already hold an
 *   `AssumeRoleResult` (e.g. switch-role): stores a server-side session bound to the credentials,
 *   returns its cookie (HttpOnly, SameSite=Lax, Secure + `__Host-` over HTTPS, a new id each time).
 * - `readConsoleSession(deps, cookieHeader)` — the current session, or undefined once the cookie,
 *   the session, or its credentials have expired or been revoked.
 * - `endConsoleSession` (sign-out) and `endLogin` (single logout) revoke every credential of the login.
 * - `render(template, model)` / `renderErrorPage(error)` / `PAGE_HEADERS` — nunjucks pages
 *   (autoescape, no inline script, CSP, X-Frame-Options DENY). Every form carries `csrf`.
 */
export * from './cookies.js';
export * from './picker.js';
export * from './session.js';
export * from './views.js';
export * from './caller.js';
