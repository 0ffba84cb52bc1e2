/**
 * @module core/session-minter — the one minting path: every credential rolegate issues is made here.
 */
import { BridgeError } from '../errors.js';
import { deriveSecretAccessKey, mintAccessKeyId, mintSalt, sha256Hex } from './credential-codec.js';
import { signSessionToken } from './session-token.js';
import type { TokenKeys } from './token-keys.js';
import type { KeyMaterial, RandomSource } from './ports.js';
import type { IssuedCredentials, Session } from './session.js';
import type { SessionRepository } from './session-repository.js';

export type SessionDraft = Omit<Session, 'v' | 'accessKeyId' | 'salt' | 'tokenSha256'>;

export interface SessionMinter {
  mint(draft: SessionDraft): Promise<{ session: Session; credentials: IssuedCredentials }>;
  /** Re-derives the secret of a stored session (for SigV4 verification). */
  secretOf(session: Session): string;
}

const MAX_ATTEMPTS = 5;

export interface SessionMinterDependencies {
  readonly sessions: SessionRepository;
  readonly random: RandomSource;
  readonly keys: KeyMaterial;
  readonly tokenKeys: TokenKeys;
  /** `iss` of session tokens: rolegate's public URL. */
  readonly issuer: string;
}

export function createSessionMinter(deps: SessionMinterDependencies): SessionMinter {
  // The secret is a pure function of (master key, access key id, salt), all fixed for a Session
  // object; the session resolver hands out the same object for up to a second, so every SigV4
  // verification in that second reuses one derivation. Weak keys: nothing outlives the session object.
  const secrets = new WeakMap<Session, string>();
  return {
    async mint(draft) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const accessKeyId = mintAccessKeyId(draft.account, deps.random);
        const salt = mintSalt(deps.random);
        const sessionToken = signSessionToken(deps.tokenKeys, {
          iss: deps.issuer,
          sub: draft.arn,
          aud: 'rolegate',
          iat: Math.floor(draft.issuedAt / 1000),
          exp: Math.floor(draft.expiresAt / 1000),
          jti: accessKeyId,
          acct: draft.account,
          nonce: deps.random.bytes(12).toString('base64url'),
        });
        const session: Session = { v: 1, ...draft, accessKeyId, salt, tokenSha256: sha256Hex(sessionToken) };
        // SET NX: an access key id is never reused, even on a (rare) random collision.
        if (await deps.sessions.create(session)) {
          return {
            session,
            credentials: {
              accessKeyId,
              secretAccessKey: deriveSecretAccessKey(deps.keys.master, accessKeyId, salt),
              sessionToken,
              expiration: new Date(session.expiresAt),
            },
          };
        }
      }
      throw new BridgeError('INTERNAL', { detail: 'could not allocate a unique access key id' });
    },
    secretOf(session) {
      let secret = secrets.get(session);
      if (secret === undefined) {
        secret = deriveSecretAccessKey(deps.keys.master, session.accessKeyId, session.salt);
        secrets.set(session, secret);
      }
      return secret;
    },
  };
}
