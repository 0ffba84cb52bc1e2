/**
 * @module http/saml-passport — passport with @node-saml/passport-saml (`MultiSamlStrategy`, one
 * node-saml configuration per provider) as the Express entry of SP-initiated login and the ACS.
 *
 * The strict validator stays in front and behind the library:
 * 1. `validator.verify` checks the raw message first (byte guards before any parser, structure,
 *    pinned certificates, every fact; nothing written);
 * 2. passport-saml / node-saml then validate the same bytes with the same provider's certificates,
 *    and check InResponseTo through a cache provider backed by the shared store (atomic take);
 * 3. the strategy's verify callback checks that node-saml read the same assertion, commits the
 *    one-time use (SET NX on the assertion id, across instances) and signs in to the console.
 */
import type { NextFunction, Request, Response } from 'express';
import { Passport, type AuthenticateOptions } from 'passport';
import { MultiSamlStrategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import type { SamlProvider } from '../core/index.js';
import { BridgeError } from '../errors.js';
import {
  createRequestCache,
  fromNodeSamlError,
  nodeSamlOptions,
  type PendingRequest,
  type RequestCache,
  type SamlLogin,
  type SamlValidator,
  type SpEndpoints,
  type SpKeys,
} from '../saml/index.js';

const SAML_STRATEGY = 'rolegate-saml';

export interface SamlPassportDeps<U extends Record<string, unknown>> {
  readonly validator: SamlValidator;
  readonly endpoints: SpEndpoints;
  readonly keys: SpKeys;
  readonly nowMs: () => number;
  /** Runs inside the strategy's verify callback once the login is committed. */
  readonly signIn: (req: Request, login: SamlLogin) => Promise<U>;
}

interface LoginContext {
  readonly kind: 'login';
  readonly provider: SamlProvider;
  readonly requestId: string;
  readonly pending: Omit<PendingRequest, 'createdAt'>;
}

interface AcsContext {
  readonly kind: 'acs';
  readonly login: SamlLogin;
  cache?: RequestCache;
}

export interface SamlPassport<U extends Record<string, unknown>> {
  /** SP-initiated: passport-saml answers with the signed AuthnRequest redirect. */
  login(req: Request, res: Response, context: Omit<LoginContext, 'kind'>, onError: (error: unknown) => void): void;
  /** ACS: resolves with what the verify callback returned for a login the validator verified. */
  consume(req: Request, res: Response, login: SamlLogin): Promise<U>;
}

/** node-saml's profile must name the assertion the validator verified (two parsers, one answer). */
function sameAssertion(profile: Profile | null, login: SamlLogin): boolean {
  return (
    profile !== null &&
    profile.issuer === login.facts.issuer &&
    profile.nameID === login.facts.nameId &&
    (profile.sessionIndex ?? undefined) === login.facts.sessionIndex &&
    (profile.inResponseTo ?? undefined) === login.response.inResponseTo
  );
}

export function createSamlPassport<U extends Record<string, unknown>>(deps: SamlPassportDeps<U>): SamlPassport<U> {
  const contexts = new WeakMap<Request, LoginContext | AcsContext>();
  const passport = new Passport();

  const strategy = new MultiSamlStrategy(
    {
      name: SAML_STRATEGY,
      passReqToCallback: true,
      getSamlOptions(req, done) {
        const context = contexts.get(req);
        if (!context) return done(new BridgeError('SAML_MALFORMED', { detail: 'no SAML context for this request' }));
        try {
          if (context.kind === 'login') {
            const cache = createRequestCache(deps.validator.state, deps.nowMs, context.pending);
            return done(null, { ...nodeSamlOptions([context.provider], deps.endpoints, deps.keys, cache), generateUniqueId: () => context.requestId });
          }
          context.cache = createRequestCache(deps.validator.state, deps.nowMs);
          return done(null, nodeSamlOptions(context.login.providers, deps.endpoints, deps.keys, context.cache));
        } catch (error) {
          return done(error as Error);
        }
      },
    },
    (req: Request, profile: Profile | null, done: VerifiedCallback) => {
      const context = contexts.get(req);
      if (context?.kind !== 'acs') return done(new BridgeError('SAML_MALFORMED'));
      const { login, cache } = context;
      if (!sameAssertion(profile, login)) return done(new BridgeError('SAML_STRUCTURE_INVALID', { detail: 'node-saml read a different assertion' }));
      const inResponseTo = login.facts.inResponseTo ?? login.response.inResponseTo;
      deps.validator
        .commit(login, { requestTaken: inResponseTo !== undefined && cache?.taken.has(inResponseTo) === true })
        .then(() => deps.signIn(req, login))
        .then((user) => done(null, user), (error: Error) => done(error));
    },
    // Single logout does not go through passport (GET /saml/logout validates it strictly).
    (_req: Request, _profile: Profile | null, done: VerifiedCallback) => done(new BridgeError('SAML_LOGOUT_INVALID')),
  );
  passport.use(SAML_STRATEGY, strategy);

  return {
    login(req, res, context, onError) {
      contexts.set(req, { kind: 'login', ...context });
      const next: NextFunction = (error?: unknown) => onError(fromNodeSamlError(error ?? new BridgeError('SAML_MALFORMED')));
      // RelayState is the opaque handle stored with the request; node-saml signs it with the query.
      const options: AuthenticateOptions & { additionalParams: Record<string, string> } = { session: false, additionalParams: { RelayState: context.pending.relay } };
      passport.authenticate(SAML_STRATEGY, options, (error: unknown) => onError(fromNodeSamlError(error ?? new BridgeError('SAML_MALFORMED'))))(req, res, next);
    },

    consume(req, res, login) {
      contexts.set(req, { kind: 'acs', login });
      return new Promise((resolve, reject) => {
        const finish = (error: unknown, user?: U | false) => {
          if (error) reject(fromNodeSamlError(error));
          else if (!user) reject(new BridgeError('SAML_MALFORMED', { detail: 'passport returned no user' }));
          else resolve(user);
        };
        passport.authenticate(SAML_STRATEGY, { session: false }, finish)(req, res, (error?: unknown) => finish(error ?? new BridgeError('SAML_MALFORMED')));
      });
    },
  };
}
