/**
 * The federation endpoint in Chromium, as with AWS's sign-in endpoint: credentials from a real
 * AssumeRole (AWS SDK) → getSigninToken → the browser opens the console at the destination as that
 * role session. A token works once; an off-site destination is refused and sets no cookie.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { browserHarness, chromiumSkip, type BrowserHarness } from '../helpers/browser.js';
import { ALICE, credentialsOf, stsClient, UPDATE_APP } from '../helpers/demo.js';
import { heading, readHeader } from './console-pages.js';

const h: BrowserHarness = browserHarness();

async function signinToken(): Promise<string> {
  const assumed = await stsClient(h.server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'alice-cli' }));
  const c = credentialsOf(assumed);
  const session = JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });
  const res = await fetch(`${h.server.url}/federation?Action=getSigninToken&Session=${encodeURIComponent(session)}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { SigninToken?: string };
  assert.ok(body.SigninToken);
  return body.SigninToken;
}

const loginUrl = (token: string, destination: string) => `/federation?Action=login&SigninToken=${encodeURIComponent(token)}&Destination=${encodeURIComponent(destination)}`;

describe('console federation endpoint in Chromium', { skip: chromiumSkip() }, () => {
  it('a sign-in token from AssumeRole credentials opens the console at the destination as that role session, once', async (t) => {
    const token = await signinToken();
    const { page, cspViolations } = await h.open(t, loginUrl(token, `${h.server.url}/console/s3`));
    assert.equal(new URL(page.url()).pathname, '/console/s3');
    assert.equal(await heading(page), 'Buckets');
    const header = await readHeader(page);
    assert.equal(header.identity, 'UpdateAPP/alice-cli');
    assert.equal(header.account, 'production (222222222222)');
    await page.getByRole('link', { name: 'productionapp', exact: true }).waitFor();
    assert.deepEqual(cspViolations(), []);

    const replay = await h.open(t, '/console');
    const again = await replay.page.goto(loginUrl(token, `${h.server.url}/console`));
    assert.ok((again?.status() ?? 0) >= 400, `a used token is refused, got ${again?.status()}`);
    assert.equal((await replay.context.cookies()).find((c) => /rg_console/.test(c.name)), undefined);
  });

  it('an off-site destination is refused before the token is used, and the browser stays on rolegate', async (t) => {
    const token = await signinToken();
    const { page, context } = await h.open(t, '/console');
    const refused = await page.goto(loginUrl(token, 'https://evil.example/console'));
    assert.equal(refused?.status(), 400);
    assert.equal(new URL(page.url()).origin, h.server.url);
    assert.equal((await context.cookies()).find((c) => /rg_console/.test(c.name)), undefined);
    // The token was not consumed by the refused attempt.
    await page.goto(loginUrl(token, `${h.server.url}/console`));
    assert.equal(new URL(page.url()).pathname, '/console');
    assert.equal((await readHeader(page)).identity, 'UpdateAPP/alice-cli');
  });
});
