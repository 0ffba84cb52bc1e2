/**
 * The federation endpoint with real credentials from @aws-sdk/client-sts: getSigninToken, login,
 * single use, short life, destinations restricted to the console on our own origin; sign-out
 * revokes the credentials (GetCallerIdentity fails afterwards). Memory and Redis stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ALICE, BOB, PRODUCTION_READ_ONLY, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';
import { Browser, errorCode, home, postForm, startSamlServer, testId, type SamlServer } from './helpers.js';

const sessionParam = (c: AwsCredentialIdentity) => JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`federation endpoint (${storeKind} store)`, () => {
    let server: SamlServer;
    let credentials: AwsCredentialIdentity;
    before(async () => {
      server = await startSamlServer({ storeKind });
      credentials = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'federated-alice' })));
    });
    after(() => server.close());

    async function signinToken(session = sessionParam(credentials), extra = '') {
      const res = await fetch(`${server.url}/federation?Action=getSigninToken&Session=${encodeURIComponent(session)}${extra}`);
      return { status: res.status, body: (await res.json()) as { SigninToken?: string; Error?: { Code: string } }, headers: res.headers };
    }

    const login = (browser: Browser, token: string, destination: string) =>
      browser.get(`${server.url}/federation?Action=login&SigninToken=${encodeURIComponent(token)}&Destination=${encodeURIComponent(destination)}`);

    it('turns credentials into a console session at the destination; the token works once; sign-out revokes', async () => {
      const issued = await signinToken();
      assert.equal(issued.status, 200);
      assert.match(issued.body.SigninToken!, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(issued.headers.get('cache-control'), 'no-store');
      const browser = new Browser();
      const landed = await login(browser, issued.body.SigninToken!, `${server.url}/console/s3?from=script`);
      assert.equal(landed.status, 302, landed.body);
      assert.equal(landed.headers.get('location'), '/console/s3?from=script');
      assert.ok(browser.cookies.get('rg_console'));
      const page = await home(server, browser);
      assert.equal(testId(page, 'identity'), 'UpdateAPP/federated-alice');
      assert.equal(testId(page, 'account'), 'production (222222222222)');
      assert.equal((await browser.get(`${server.url}/console/s3/productionapp`)).status, 200, 'acting with those credentials');

      const reused = await login(new Browser(), issued.body.SigninToken!, '/console');
      assert.equal(reused.status, 400);
      assert.equal(errorCode(reused.body), 'SIGNIN_STATE_INVALID');
      assert.deepEqual(reused.headers.getSetCookie(), []);

      assert.ok(await stsClient(server.url, credentials).send(new GetCallerIdentityCommand({})));
      assert.equal((await postForm(server, browser, '/console/signout')).status, 200);
      const error = await sdkError(stsClient(server.url, credentials).send(new GetCallerIdentityCommand({})));
      assert.equal(error.name, 'InvalidClientTokenId');
      // Revoked credentials get no new sign-in token.
      assert.equal((await signinToken()).status, 403);
      const logs = server.logLines.join('\n') + JSON.stringify(await server.rolegate.services.audit.latest(100));
      for (const secret of [credentials.secretAccessKey, credentials.sessionToken!, issued.body.SigninToken!]) assert.ok(!logs.includes(secret), 'no secret or sign-in token in logs');
    });

    it('GetFederationToken credentials: the console acts with the session policy ∩ the user policies', async () => {
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::dev-scratch' },
        ],
      });
      const federated = credentialsOf(await stsClient(server.url, ALICE).send(new GetFederationTokenCommand({ Name: 'contractor', Policy: policy })));
      const token = (await signinToken(sessionParam(federated))).body.SigninToken!;
      const browser = new Browser();
      assert.equal((await login(browser, token, '/console')).status, 302);
      const page = await home(server, browser);
      assert.equal(testId(page, 'identity'), 'contractor @ development');
      assert.equal((await browser.get(`${server.url}/console/s3/dev-scratch`)).status, 200);
      const denied = await browser.get(`${server.url}/console/s3/dev-builds`);
      assert.equal(denied.status, 403, 'the session policy narrows what alice may do');
      assert.match(testId(denied.body, 'denial-explanation')!, /session=none/);
    });

    it('refuses off-site destinations before consuming the token', async () => {
      const fresh = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'destinations' })));
      const token = (await signinToken(sessionParam(fresh))).body.SigninToken!;
      const host = new URL(server.url).host;
      for (const destination of [
        '//evil.example/console',
        'https://evil.example/console',
        '/\\evil.example/console',
        'javascript:alert(document.cookie)',
        `http://${host}.evil.example/console`,
        `http://user@evil.example/console`,
        `${server.url}/idp/saml/start`,
        '/saml/logout',
        '/console/../idp/saml/start',
        '///evil.example',
        '',
      ]) {
        const browser = new Browser();
        const refused = await login(browser, token, destination);
        assert.equal(refused.status, 400, `refused: ${destination}`);
        assert.equal(refused.headers.get('location'), null);
        assert.deepEqual(refused.headers.getSetCookie(), [], `no cookie for ${destination}`);
      }
      const ok = await login(new Browser(), token, '/switchrole?account=production&roleName=ProductionReadOnly');
      assert.equal(ok.status, 302, 'the token was not consumed by the refused attempts');
      assert.equal(ok.headers.get('location'), '/switchrole?account=production&roleName=ProductionReadOnly');
    });

    it('refuses forged tokens, bad credentials, long-term keys and malformed input, storing nothing', async () => {
      const mark = server.store.writes.length;
      const forged = await login(new Browser(), 'A'.repeat(43), '/console');
      assert.equal(forged.status, 400);
      assert.deepEqual(forged.headers.getSetCookie(), []);
      const wrongKey = await signinToken(JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: 'x'.repeat(40), sessionToken: credentials.sessionToken }));
      assert.equal(wrongKey.status, 403);
      const longTerm = await signinToken(JSON.stringify({ sessionId: ALICE.accessKeyId, sessionKey: ALICE.secretAccessKey, sessionToken: 'x' }));
      assert.equal(longTerm.status, 400);
      for (const session of ['{', '[]', 'null', '{"sessionId":1}', JSON.stringify({ sessionId: 'ASIA' + 'A'.repeat(16), sessionKey: 'k', sessionToken: 't' })]) {
        const bad = await signinToken(session);
        assert.ok([400, 403].includes(bad.status), `${session} → ${bad.status}`);
        assert.ok(bad.body.Error?.Code);
      }
      assert.equal((await signinToken(sessionParam(credentials), '&SessionDuration=60')).status, 400);
      assert.equal((await fetch(`${server.url}/federation?Action=getSigninToken`)).status, 400);
      assert.equal((await fetch(`${server.url}/federation?Action=logout`)).status, 400);
      assert.deepEqual(server.store.writtenSince(mark, 'console:'), []);
    });

    it('SessionDuration only for AssumeRole credentials: refused with chained and GetFederationToken credentials, storing nothing (sts.md §7)', async () => {
      const source = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'chain-source' })));
      const chained = credentialsOf(await stsClient(server.url, source).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'chained' })));
      const federated = credentialsOf(await stsClient(server.url, ALICE).send(new GetFederationTokenCommand({ Name: 'fed-duration' })));
      const mark = server.store.writes.length;
      for (const [what, c] of [['chained', chained], ['GetFederationToken', federated]] as const) {
        const refused = await signinToken(sessionParam(c), '&SessionDuration=900');
        assert.equal(refused.status, 400, `${what}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.Error?.Code, 'VALIDATION');
      }
      assert.deepEqual(server.store.writtenSince(mark, 'console:'), []);
      // Without SessionDuration both still sign in.
      assert.equal((await signinToken(sessionParam(chained))).status, 200);
      assert.equal((await signinToken(sessionParam(federated))).status, 200);
    });

    it('GetSessionToken credentials cannot sign in to the console (400, nothing stored)', async () => {
      const sessionToken = credentialsOf(await stsClient(server.url, BOB).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
      const mark = server.store.writes.length;
      const refused = await signinToken(sessionParam(sessionToken));
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.Error?.Code, 'VALIDATION');
      assert.equal(refused.body.SigninToken, undefined);
      assert.deepEqual(server.store.writtenSince(mark, 'console:'), []);
    });

    it('a sign-in token lives 15 minutes; SessionDuration shortens the console session', async () => {
      const fresh = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'short', DurationSeconds: 3600 })));
      const old = (await signinToken(sessionParam(fresh))).body.SigninToken!;
      const short = (await signinToken(sessionParam(fresh), '&SessionDuration=900')).body.SigninToken!;
      const browser = new Browser();
      assert.equal((await login(browser, short, '/console')).status, 302);
      assert.match(testId(await home(server, browser), 'time-left')!, /^1[45] min left$/);
      server.clock.offsetMs += 15 * 60 * 1000 + 1000;
      try {
        const late = await login(new Browser(), old, '/console');
        assert.equal(late.status, 400);
        assert.match((await browser.get(`${server.url}/console`)).body, /Sign in to the console/, 'the console session ended with SessionDuration');
      } finally {
        server.clock.offsetMs -= 15 * 60 * 1000 + 1000;
      }
    });
  });
}
