/**
 * Trust-policy conditions on AssumeRole: MFA (TOTP, single use) and external ids (sts.md §4).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { currentTotp } from '../../src/core/index.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, ALICE_MFA_SEED, ALICE_MFA_SERIAL, AUDITOR, BOB, CRITICAL_OPS, EXTERNAL_ID, THIRD_PARTY_AUDITOR, sdkError, stsClient } from '../helpers/demo.js';

describe('MFA-protected role CriticalOps', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());
  const assume = (creds = ALICE, extra: { SerialNumber?: string; TokenCode?: string } = {}) =>
    stsClient(server.url, creds).send(new AssumeRoleCommand({ RoleArn: CRITICAL_OPS, RoleSessionName: 'ops', ...extra }));

  it('fails without an MFA code, explaining the MFA condition', async () => {
    const error = await sdkError(assume());
    assert.equal(error.name, 'AccessDenied');
    assert.match(error.message, /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/CriticalOps/);
  });

  it('fails with a wrong code, and stores no session', async () => {
    const mark = server.store.writes.length;
    const wrong = currentTotp(ALICE_MFA_SEED, Date.now()) === '000000' ? '111111' : '000000';
    const error = await sdkError(assume(ALICE, { SerialNumber: ALICE_MFA_SERIAL, TokenCode: wrong }));
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.message, 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
  });

  it('succeeds with a fresh code and fails when the same code is reused', async () => {
    const code = currentTotp(ALICE_MFA_SEED, Date.now());
    const ok = await assume(ALICE, { SerialNumber: ALICE_MFA_SERIAL, TokenCode: code });
    assert.equal(ok.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/CriticalOps/ops');
    const replay = await sdkError(assume(ALICE, { SerialNumber: ALICE_MFA_SERIAL, TokenCode: code }));
    assert.equal(replay.name, 'AccessDenied');
    assert.match(replay.message, /MultiFactorAuthentication failed/);
  });

  it("refuses someone else's MFA device", async () => {
    const error = await sdkError(assume(ADMIN, { SerialNumber: ALICE_MFA_SERIAL, TokenCode: currentTotp(ALICE_MFA_SEED, Date.now() + 30_000) }));
    assert.equal(error.name, 'AccessDenied');
    assert.match(error.message, /MultiFactorAuthentication failed/);
  });

  it('bob (Testers) is denied even when the trust condition could be met', async () => {
    const error = await sdkError(assume(BOB));
    assert.equal(error.name, 'AccessDenied');
  });

  it('a malformed TokenCode is a ValidationError', async () => {
    const error = await sdkError(assume(ALICE, { SerialNumber: ALICE_MFA_SERIAL, TokenCode: '12ab56' }));
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.$metadata.httpStatusCode, 400);
  });
});

describe('third-party role guarded by an external id', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());
  const assume = (externalId?: string) =>
    stsClient(server.url, AUDITOR).send(
      new AssumeRoleCommand({ RoleArn: THIRD_PARTY_AUDITOR, RoleSessionName: 'audit', ...(externalId !== undefined ? { ExternalId: externalId } : {}) }),
    );

  it('is denied without an external id', async () => {
    assert.equal((await sdkError(assume())).name, 'AccessDenied');
  });

  it('is denied with a wrong external id', async () => {
    assert.equal((await sdkError(assume('Audit-wrong'))).name, 'AccessDenied');
  });

  it('succeeds with the right external id', async () => {
    const result = await assume(EXTERNAL_ID);
    assert.equal(result.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/ThirdPartyAuditor/audit');
  });

  it('alice cannot use the third-party role even with the external id (trust names only the auditor account)', async () => {
    const error = await sdkError(
      stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: THIRD_PARTY_AUDITOR, RoleSessionName: 'xx', ExternalId: EXTERNAL_ID })),
    );
    assert.equal(error.name, 'AccessDenied');
  });
});
