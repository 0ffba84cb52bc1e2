/**
 * @module saml/validator — turns a base64 SAMLResponse into a verified login, or a SAML_* error.
 *
 * Order (each step its own catalog code; nothing is written before every check has passed):
 * 1. bytes: size, base64, UTF-8, no DOCTYPE/ENTITY, no PIs                    (xml-guard)
 * 2. shape: one Response, one assertion, signature placement, unique IDs      (structure)
 * 3. Status = Success                                                         (assertion)
 * 4. per candidate provider (chosen by the unverified Issuer, verified with that provider's
 *    pinned certificates only): algorithms, signatures, decryption           (verify)
 * 5. facts from the verified bytes: issuer, audience, recipient, destination,
 *    bearer SubjectConfirmation, NotBefore/NotOnOrAfter with skew, 5-minute window
 * 6. AWS attributes and role candidates                                       (claims)
 * 7. InResponseTo (SP-initiated: outstanding request, same browser, same RelayState) or the
 *    provider's permission for unsolicited responses
 * 8. replay: SET NX on the assertion id (atomic across instances), then GETDEL of the request.
 *
 * Steps 1–7 (`verify`) write nothing; step 8 (`commit`) is the only write. The browser ACS runs
 * `verify` before node-saml (passport) sees the message and `commit` in the strategy's verify
 * callback; AssumeRoleWithSAML runs both at once (`validate`).
 */
import type { Clock, Directory, KeyValueStore, SamlProvider } from '../core/index.js';
import { BridgeError, isBridgeError } from '../errors.js';
import { checkFacts, checkStatus, readAssertionFacts, readResponseFacts, type AssertionFacts, type ResponseFacts } from './assertion.js';
import { chooseRole, readAwsAttributes, roleCandidates, samlContext, type AwsAttributes, type RoleCandidate, type SamlContext } from './claims.js';
import { NS } from './constants.js';
import { optionalChild, parseXml, textOf } from './dom.js';
import { createSamlStateStore, sha256, type PendingRequest, type SamlStateStore } from './one-time.js';
import { checkResponseShape } from './structure.js';
import { verifySignatures } from './verify.js';
import { decodeSamlMessage } from './xml-guard.js';

export interface SpSettings {
  /** Our SP entity id (the Audience). */
  readonly entityId: string;
  /** The ACS URL (`PUBLIC_URL/saml`): Recipient and Destination must equal it. */
  readonly acsUrl: string;
  /** PEM private key for encrypted assertions. */
  readonly decryptionKey?: string;
}

export interface SamlValidatorDeps {
  readonly directory: Pick<Directory, 'samlProviders' | 'samlProvider'>;
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly sp: SpSettings;
}

export interface ValidateOptions {
  /** `browser`: the ACS (browser binding and allowIdpInitiated apply); `api`: AssumeRoleWithSAML. */
  readonly mode: 'browser' | 'api';
  /** AssumeRoleWithSAML's PrincipalArn: validate with this provider only. */
  readonly providerArn?: string;
  /** Browser-binding cookie value of the ACS request. */
  readonly browserBinding?: string;
  readonly relayState?: string;
  /** AssumeRoleWithSAML: the requested pair must be allowed by the assertion (checked before anything is stored). */
  readonly requireRole?: { readonly roleArn: string; readonly providerArn: string };
}

export interface SamlLogin {
  /** Stable id of the IdP session this login belongs to (single logout revokes by it). */
  readonly loginId: string;
  readonly facts: AssertionFacts;
  readonly response: ResponseFacts;
  /** Providers whose pinned certificates verified the assertion. */
  readonly providers: readonly SamlProvider[];
  readonly aws: AwsAttributes;
  readonly candidates: readonly RoleCandidate[];
  /** The outstanding request this answers (SP-initiated), if any. */
  readonly request?: PendingRequest;
  contextFor(provider: SamlProvider): SamlContext;
}

export interface CommitOptions {
  /** The outstanding request was already taken atomically (node-saml's cache provider did it). */
  readonly requestTaken?: boolean;
}

export interface SamlValidator {
  /** Every check, nothing written. */
  verify(samlResponse: string, options: ValidateOptions): Promise<SamlLogin>;
  /** One-time use: consumes the assertion id and the outstanding request (atomic, any instance). */
  commit(login: SamlLogin, options?: CommitOptions): Promise<void>;
  /** `verify` then `commit`. */
  validate(samlResponse: string, options: ValidateOptions): Promise<SamlLogin>;
  readonly state: SamlStateStore;
}

/** loginId = hash(issuer, NameID, SessionIndex): a LogoutRequest naming the same IdP session finds it. */
export function samlLoginId(issuer: string, nameId: string, sessionIndex: string | undefined, assertionId: string): string {
  return `saml-${sha256(`${issuer}\n${nameId}\n${sessionIndex ?? `assertion:${assertionId}`}`).slice(0, 40)}`;
}

/** Response IDs share the seen-ID space with assertion IDs, kept apart by a prefix. */
const responseIdKey = (id: string) => `response:${id}`;

function groupKey(p: SamlProvider): string {
  return JSON.stringify([p.entityId, p.signingCerts, p.wantResponseSigned, p.wantAssertionSigned, p.allowSha1, p.clockSkewMs]);
}

export function createSamlValidator(deps: SamlValidatorDeps): SamlValidator {
  const state = createSamlStateStore(deps.store);

  function candidatesFor(issuerHint: string | undefined, options: ValidateOptions): SamlProvider[] {
    if (options.providerArn !== undefined) {
      const provider = deps.directory.samlProvider(options.providerArn);
      if (!provider) throw new BridgeError('SAML_PROVIDER_UNKNOWN', { message: `The SAML provider ${options.providerArn.slice(0, 256)} does not exist.` });
      return [provider];
    }
    const found = deps.directory.samlProviders.filter((p) => issuerHint !== undefined && p.entityId === issuerHint);
    if (found.length === 0) throw new BridgeError('SAML_PROVIDER_UNKNOWN', { detail: `issuer ${String(issuerHint).slice(0, 200)}` });
    return found;
  }

  async function verify(samlResponse: string, options: ValidateOptions): Promise<SamlLogin> {
    const xml = decodeSamlMessage(samlResponse);
    const doc = await parseXml(xml);
    const shape = checkResponseShape(doc);
    checkStatus(readResponseFacts(shape.response));
    // The unverified Issuer only selects which pinned certificates to try.
    const hintEl = optionalChild(shape.response, NS.assertion, 'Issuer') ?? (shape.assertion ? optionalChild(shape.assertion, NS.assertion, 'Issuer') : undefined);
    const providers = candidatesFor(hintEl ? textOf(hintEl) : undefined, options);

    const nowMs = deps.clock.now();
    const groups = new Map<string, SamlProvider[]>();
    for (const p of providers) groups.set(groupKey(p), [...(groups.get(groupKey(p)) ?? []), p]);
    let accepted: SamlProvider[] = [];
    let facts: AssertionFacts | undefined;
    let responseFacts: ResponseFacts | undefined;
    let firstError: unknown;
    for (const group of groups.values()) {
      const policy = group[0]!;
      try {
        const verified = await verifySignatures(xml, shape, { certs: policy.signingCerts, wantResponseSigned: policy.wantResponseSigned, wantAssertionSigned: policy.wantAssertionSigned, allowSha1: policy.allowSha1 }, deps.sp.decryptionKey);
        const f = readAssertionFacts(verified.assertion);
        const r = readResponseFacts(verified.response);
        checkStatus(r);
        checkFacts(f, r, { spEntityId: deps.sp.entityId, acsUrl: deps.sp.acsUrl, idpEntityId: policy.entityId, nowMs, skewMs: policy.clockSkewMs });
        facts ??= f;
        responseFacts ??= r;
        accepted = [...accepted, ...group];
      } catch (error) {
        if (!isBridgeError(error)) throw error;
        firstError ??= error;
      }
    }
    if (!facts || !responseFacts || accepted.length === 0) throw firstError;

    const aws = readAwsAttributes(facts.attributes);
    const inResponseTo = facts.inResponseTo ?? responseFacts.inResponseTo;
    let request: PendingRequest | undefined;
    if (inResponseTo !== undefined) {
      request = await state.peekRequest(inResponseTo);
      if (!request || request.entityId !== facts.issuer) throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { detail: 'no outstanding request with this id' });
      if (options.mode === 'browser') {
        if (options.browserBinding === undefined || sha256(options.browserBinding) !== request.binding) {
          throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { detail: 'browser binding cookie missing or different' });
        }
        if (options.relayState !== request.relay) throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { detail: 'RelayState differs from the request' });
      }
    } else if (options.mode === 'browser') {
      accepted = accepted.filter((p) => p.allowIdpInitiated);
      if (accepted.length === 0) throw new BridgeError('SAML_UNSOLICITED_NOT_ALLOWED');
    }
    const candidates = roleCandidates(facts.attributes, accepted);
    // Role decisions that need no store happen before anything is written.
    if (options.mode === 'browser') chooseRole(candidates);
    if (options.requireRole && !candidates.some((c) => c.roleArn === options.requireRole!.roleArn && c.provider.arn === options.requireRole!.providerArn)) {
      throw new BridgeError('SAML_ROLE_NOT_IN_ASSERTION', { detail: 'RoleArn/PrincipalArn pair not allowed by the assertion' });
    }
    if (options.requireRole && aws.roleSessionName === undefined) throw new BridgeError('SAML_ATTRIBUTE_INVALID', { message: 'RoleSessionName is required in AuthnResponse' });

    // A cheap early answer for a replay (no write); `commit`'s SET NX stays the arbiter.
    if (await state.seen(facts.issuer, facts.id)) throw new BridgeError('SAML_REPLAYED');
    if (responseFacts.id !== undefined && (await state.seen(facts.issuer, responseIdKey(responseFacts.id)))) throw new BridgeError('SAML_REPLAYED', { detail: 'Response ID reused' });
    const f = facts;
    return {
      loginId: samlLoginId(f.issuer, f.nameId, f.sessionIndex, f.id),
      facts: f,
      response: responseFacts,
      providers: accepted,
      aws,
      candidates,
      ...(request ? { request } : {}),
      contextFor: (provider) => samlContext(f, provider, aws.tags),
    };
  }

  async function commit(login: SamlLogin, options: CommitOptions = {}): Promise<void> {
    const { facts } = login;
    // One-time use: the SET NX is the arbiter between concurrent requests on any instance.
    if (await state.seen(facts.issuer, facts.id)) throw new BridgeError('SAML_REPLAYED');
    const skew = Math.max(...login.providers.map((p) => p.clockSkewMs));
    const until = Math.max(facts.notOnOrAfterMs, facts.subjectNotOnOrAfterMs, deps.clock.now()) + skew + 1000;
    if (!(await state.markSeen(facts.issuer, facts.id, until))) throw new BridgeError('SAML_REPLAYED');
    // A reused Response ID is a replay too (security.md §1.4), whatever assertion it carries.
    if (login.response.id !== undefined && !(await state.markSeen(facts.issuer, responseIdKey(login.response.id), until))) {
      throw new BridgeError('SAML_REPLAYED', { detail: 'Response ID reused' });
    }
    const inResponseTo = facts.inResponseTo ?? login.response.inResponseTo;
    if (inResponseTo !== undefined && !options.requestTaken && !(await state.consumeRequest(inResponseTo))) {
      throw new BridgeError('SAML_IN_RESPONSE_TO_INVALID', { detail: 'request consumed concurrently' });
    }
  }

  async function validate(samlResponse: string, options: ValidateOptions): Promise<SamlLogin> {
    const login = await verify(samlResponse, options);
    await commit(login);
    return login;
  }

  return { verify, commit, validate, state };
}
