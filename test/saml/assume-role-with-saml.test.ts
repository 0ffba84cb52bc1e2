/**
 * AssumeRoleWithSAML driven by @aws-sdk/client-sts (unsigned call): exact response fields and the
 * modelled error codes (sts.md §1.4, §1.6, §3.4, §5).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { credentialsOf, sdkError } from '../helpers/demo.js';
import { b64, CORP_IDP, corpResponse, DEV_PROVIDER, AWS_ATTR, PROD_PROVIDER, ROLE_ATTR, SESSION_NAME_ATTR, SSO_DEVELOPER, SSO_READ_ONLY, startSamlServer, type SamlServer } from './helpers.js';
import { corruptSignature } from '../../src/idp/saml/index.js';

let server: SamlServer;
let sts: STSClient;
before(async () => {
  server = await startSamlServer();
  sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDUNUSEDUNUSED0000', secretAccessKey: 'unused-unused-unused-unused-unused-00000' } });
});
after(async () => {
  sts.destroy();
  await server.close();
});

const assume = (assertion: string, roleArn = SSO_DEVELOPER, principalArn = DEV_PROVIDER, extra: Record<string, unknown> = {}) =>
  sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: principalArn, SAMLAssertion: b64(assertion), ...extra }));

describe('AssumeRoleWithSAML (AWS SDK for JavaScript v3)', () => {
  it('returns credentials and the exact SAML fields; the credentials work', async () => {
    const result = await assume(
      corpResponse(server, {
        nameId: 'dana@corp.example',
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        attributes: {
          [ROLE_ATTR]: [`${DEV_PROVIDER},${SSO_DEVELOPER}`, `${SSO_READ_ONLY},${PROD_PROVIDER}`],
          [SESSION_NAME_ATTR]: ['dana'],
          [`${AWS_ATTR}PrincipalTag:team`]: ['app'],
          [`${AWS_ATTR}TransitiveTagKeys`]: ['team'],
          [`${AWS_ATTR}SourceIdentity`]: ['dana-si'],
        },
      }),
    );
    assert.equal(result.Subject, 'dana@corp.example');
    assert.equal(result.SubjectType, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(result.Issuer, CORP_IDP);
    assert.equal(result.Audience, server.acsUrl, 'Audience is the Recipient');
    assert.equal(result.NameQualifier, createHash('sha1').update(`${CORP_IDP}111111111111/CorpDirectory`).digest('base64'));
    assert.equal(result.SourceIdentity, 'dana-si');
    assert.equal(typeof result.PackedPolicySize, 'number');
    assert.equal(result.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/SSODeveloper/dana');
    assert.match(result.Credentials!.AccessKeyId!, /^ASIA[A-Z0-9]{16}$/);
    const client = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: credentialsOf(result) });
    const me = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, 'arn:aws:sts::111111111111:assumed-role/SSODeveloper/dana');
    client.destroy();
  });

  it('persistent NameID → SubjectType "persistent"; DurationSeconds and SessionNotOnOrAfter bound the expiry', async () => {
    const now = server.clock.now();
    const result = await assume(corpResponse(server, { sessionNotOnOrAfterMs: now + 20 * 60_000 }), SSO_DEVELOPER, DEV_PROVIDER, { DurationSeconds: 3600 });
    assert.equal(result.SubjectType, 'persistent');
    const lifetime = result.Credentials!.Expiration!.getTime() - now;
    assert.ok(lifetime <= 20 * 60_000 + 1000 && lifetime > 19 * 60_000, `capped by SessionNotOnOrAfter: ${lifetime}`);
    const short = await assume(corpResponse(server), SSO_DEVELOPER, DEV_PROVIDER, { DurationSeconds: 900 });
    assert.ok(short.Credentials!.Expiration!.getTime() - now <= 901_000);
  });

  it('InvalidIdentityToken for a bad signature (nothing stored)', async () => {
    const mark = server.store.writes.length;
    const error = await sdkError(assume(corruptSignature(corpResponse(server))));
    assert.equal(error.name, 'InvalidIdentityTokenException');
    assert.equal(error.message, 'Response signature invalid');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('InvalidIdentityToken when RoleSessionName is missing, with AWS wording', async () => {
    const error = await sdkError(assume(corpResponse(server, { attributes: { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`] } })));
    assert.equal(error.name, 'InvalidIdentityTokenException');
    assert.equal(error.message, 'RoleSessionName is required in AuthnResponse');
  });

  it('ExpiredTokenException "Token must be redeemed within 5 minutes of issuance"', async () => {
    const now = server.clock.now();
    const error = await sdkError(assume(corpResponse(server, { issueInstantMs: now - 9 * 60_000, notBeforeMs: now - 9 * 60_000, notOnOrAfterMs: now + 10 * 60_000 })));
    assert.equal(error.name, 'ExpiredTokenException');
    assert.equal(error.message, 'Token must be redeemed within 5 minutes of issuance');
  });

  it('IDPRejectedClaim when the IdP did not report success', async () => {
    const error = await sdkError(assume(corpResponse(server, { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' })));
    assert.equal(error.name, 'IDPRejectedClaimException');
    assert.equal(error.$metadata.httpStatusCode, 403);
  });

  it('AccessDenied when the role pair is not in the assertion, or the trust policy does not trust the provider', async () => {
    const notInAssertion = await sdkError(assume(corpResponse(server), SSO_READ_ONLY, PROD_PROVIDER));
    assert.equal(notInAssertion.name, 'AccessDenied');
    assert.equal(notInAssertion.message, 'Not authorized to perform sts:AssumeRoleWithSAML');
    const mark = server.store.writes.length;
    const untrusted = await sdkError(
      assume(corpResponse(server, { attributes: { [ROLE_ATTR]: [`arn:aws:iam::222222222222:role/UpdateAPP,${PROD_PROVIDER}`], [SESSION_NAME_ATTR]: ['dana'] } }), 'arn:aws:iam::222222222222:role/UpdateAPP', PROD_PROVIDER),
    );
    assert.equal(untrusted.name, 'AccessDenied');
    assert.match(untrusted.message, /^Not authorized to perform sts:AssumeRoleWithSAML/);
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), [], 'no session for a refusal');
  });

  it('InvalidIdentityToken for an unknown provider; the assertion is single-use', async () => {
    const unknown = await sdkError(assume(corpResponse(server), SSO_DEVELOPER, 'arn:aws:iam::111111111111:saml-provider/Nope'));
    assert.equal(unknown.name, 'InvalidIdentityTokenException');
    const assertion = corpResponse(server);
    await assume(assertion);
    const replay = await sdkError(assume(assertion));
    assert.equal(replay.name, 'InvalidIdentityTokenException');
    assert.equal(replay.message, 'The SAML assertion has already been used.');
  });

  it('MalformedPolicyDocument and PackedPolicyTooLarge', async () => {
    const malformed = await sdkError(assume(corpResponse(server), SSO_DEVELOPER, DEV_PROVIDER, { Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' }));
    assert.equal(malformed.name, 'MalformedPolicyDocumentException');
    const tags: Record<string, string[]> = { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`], [SESSION_NAME_ATTR]: ['dana'] };
    for (let i = 0; i < 50; i++) tags[`${AWS_ATTR}PrincipalTag:k${i}${randomBytes(30).toString('hex')}`] = [randomBytes(100).toString('base64').slice(0, 128)];
    const tooLarge = await sdkError(assume(corpResponse(server, { attributes: tags })));
    assert.equal(tooLarge.name, 'PackedPolicyTooLargeException');
  });
});
