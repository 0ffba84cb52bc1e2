/**
 * @module core/mfa-check — SerialNumber + TokenCode on AssumeRole / GetSessionToken.
 */
import { BridgeError } from '../errors.js';
import type { Caller } from './caller.js';
import type { MfaInfo } from './session.js';
import type { StsServices } from './services.js';

export const MFA_FAILED_MESSAGE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/** Verifies a TOTP code against a device of the IAM user behind the caller; undefined when no code was given. */
export async function checkMfa(
  services: Pick<StsServices, 'directory' | 'mfa'>,
  caller: Caller | undefined,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
  nowMs: number,
  message = MFA_FAILED_MESSAGE,
): Promise<MfaInfo | undefined> {
  if (serialNumber === undefined || tokenCode === undefined) return undefined;
  const owner = caller && caller.kind !== 'assumed-role' ? caller.user : undefined;
  const device = services.directory.mfaDevice(serialNumber);
  const fail = (detail: string) => new BridgeError('MFA_FAILED', { message, detail });
  if (!device || !owner || device.user.arn !== owner.arn) throw fail('MFA device unknown or not owned by the caller');
  if (!(await services.mfa.verify(serialNumber, device.device.seed, tokenCode))) throw fail('code invalid or already used');
  return { authTime: nowMs, serial: serialNumber };
}
