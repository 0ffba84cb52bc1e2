/**
 * @module saml/library-errors — node-saml's plain `Error`s as catalog errors.
 *
 * node-saml runs after the strict validator, so it rejects only what the validator let through
 * (a disagreement between the two parsers is itself suspicious); its message picks the closest code.
 */
import { BridgeError, isBridgeError, type ErrorCode } from '../errors.js';

const RULES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/InResponseTo/i, 'SAML_IN_RESPONSE_TO_INVALID'],
  [/audience/i, 'SAML_AUDIENCE_MISMATCH'],
  [/issuer/i, 'SAML_ISSUER_MISMATCH'],
  [/expired|NotOnOrAfter/i, 'SAML_EXPIRED'],
  [/NotBefore|not yet valid/i, 'SAML_NOT_YET_VALID'],
  [/signature/i, 'SAML_SIGNATURE_INVALID'],
  [/status|provider returned/i, 'SAML_STATUS_NOT_SUCCESS'],
  [/decrypt/i, 'SAML_DECRYPTION_FAILED'],
];

export function fromNodeSamlError(error: unknown): unknown {
  if (isBridgeError(error) || !(error instanceof Error)) return error;
  const code = RULES.find(([pattern]) => pattern.test(error.message))?.[1] ?? 'SAML_MALFORMED';
  return new BridgeError(code, { detail: `node-saml: ${error.message.slice(0, 200)}` });
}
