/**
 * @module http/sign-in-outcome — the answer to a federated console sign-in (SAML, OIDC): the role
 * picker when the user has to choose, else the session cookies and a redirect to the return path.
 */
import type { Response } from 'express';
import { render, type SignInOutcome } from '../console/index.js';
import { sendPage } from './browser-pages.js';

/** `extraCookies` (e.g. clearing the login transaction cookie) go out with the outcome's own. */
export function sendSignInOutcome(res: Response, outcome: SignInOutcome, extraCookies: readonly string[] = []): void {
  const cookies = [...outcome.cookies, ...extraCookies];
  if (outcome.picker) {
    sendPage(res, 200, render('picker.njk', outcome.picker), undefined, cookies);
    return;
  }
  res.append('Set-Cookie', cookies);
  res.set('Cache-Control', 'no-store').redirect(303, outcome.returnTo);
}
