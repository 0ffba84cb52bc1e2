/**
 * @module console — the console: landing for every login flow, IAM user sign-in, switch role with
 * a stack, resources, and the federation endpoint.
 *
 * A login flow that has verified an identity and computed its allowed roles calls:
 *
 * ```ts
 * const outcome = await signInWithRoles(consoleDeps, { options, identity, loginId, returnTo, env });
 * // outcome.cookies → Set-Cookie headers; outcome.picker → render 'picker.njk'; else redirect to returnTo
 * ```
 *
 * - `startConsoleSession(deps, { session, identity, loginId })` — stores a server-side session bound
 *   to a credential session (HttpOnly, SameSite=Lax, Secure + `__Host-` over HTTPS, a new id each time).
 * - `readConsoleSession(deps, cookieHeader)` — the current session, or undefined once the cookie,
 *   the session, or its current credentials have expired or been revoked.
 * - `switchRole` / `exitRole` — a real AssumeRole through the core; a stack of identities.
 * - `endConsoleSession` (sign-out) revokes every frame's credentials; `endLogin` (single logout) the login's.
 * - `render(template, model)` / `renderErrorPage(error)` / `PAGE_HEADERS` — nunjucks pages
 *   (autoescape, no inline script or style, CSP, X-Frame-Options DENY). Every form carries `csrf`.
 */
export * from './cookies.js';
export * from './picker.js';
export * from './session.js';
export * from './views.js';
export * from './caller.js';
export * from './header.js';
export * from './decide.js';
export * from './role-history.js';
export * from './switch-role.js';
export * from './iam-sign-in.js';
export * from './federation.js';
export * from './resources.js';
export * from './sign-in-throttle.js';
export * from './destination.js';
