/**
 * @module oidc/profiles — the user's profile (name, email) for browser sign-in with Facebook and Login
 * with Amazon, read after the access token has passed token inspection (security.md §3.1).
 *
 * Facebook: `GET <graph>/me?fields=id,name,email` with `appsecret_proof` = HMAC-SHA256(app secret,
 * token); Amazon: `GET <api>/user/profile` with the bearer token. The profile's id must equal the
 * `user_id` the inspection reported, else the login is refused. Provider failures are
 * IDPCommunicationError, never an accept.
 */
import { createHmac } from 'node:crypto';
import { BridgeError } from '../errors.js';
import { readCapped } from './keys.js';
import { AMAZON, FACEBOOK } from './web-identity.js';

const TIMEOUT_MS = 5000;
const MAX_BYTES = 64 * 1024;

export interface ProfileSources {
  readonly facebook: { readonly graphUrl: string; readonly apps: ReadonlyMap<string, string> };
  readonly amazon: { readonly apiUrl: string };
}

export interface UserProfile {
  readonly name?: string;
  readonly email?: string;
}

export type ProfileReader = (input: { readonly providerId: string; readonly token: string; readonly appId: string; readonly userId: string }) => Promise<UserProfile>;

export function createProfileReader(sources: ProfileSources): ProfileReader {
  async function fetchJson(url: URL, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json', ...headers } });
      const body = JSON.parse(new TextDecoder().decode(await readCapped(response, MAX_BYTES))) as unknown;
      return { status: response.status, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {} };
    } catch (error) {
      throw new BridgeError('IDP_COMMUNICATION', { detail: `${url.host}${url.pathname}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  return async ({ providerId, token, appId, userId }) => {
    let answer: { status: number; body: Record<string, unknown> };
    let id: unknown;
    if (providerId === FACEBOOK) {
      const secret = sources.facebook.apps.get(appId);
      if (secret === undefined) throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'Incorrect token audience' });
      const url = new URL(`${sources.facebook.graphUrl}/me`);
      url.searchParams.set('fields', 'id,name,email');
      url.searchParams.set('access_token', token);
      url.searchParams.set('appsecret_proof', createHmac('sha256', secret).update(token).digest('hex'));
      answer = await fetchJson(url, {});
      id = answer.body['id'];
    } else if (providerId === AMAZON) {
      answer = await fetchJson(new URL(`${sources.amazon.apiUrl}/user/profile`), { authorization: `Bearer ${token}` });
      id = answer.body['user_id'];
    } else {
      throw new TypeError(`no profile endpoint for ${providerId}`);
    }
    if (answer.status >= 500) throw new BridgeError('IDP_COMMUNICATION', { detail: `profile answered ${answer.status}` });
    if (answer.status >= 400 || id !== userId) throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'The profile does not belong to the signed-in user.' });
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : undefined);
    const name = text(answer.body['name']);
    const email = text(answer.body['email']);
    return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
  };
}
