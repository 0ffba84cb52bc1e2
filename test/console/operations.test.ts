/**
 * Console pages for operators: which instances hold which role, the audit trail, and revocation —
 * each decided by the policy engine with the console session's own credentials.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Browser, DEV_PROVIDER, PROD_PROVIDER, SSO_READ_ONLY, errorCode, formFields, startSamlServer, type SamlServer } from '../saml/helpers.js';
import { ALICE, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

let server: SamlServer;

async function signIn(provider: string, username: string, password: string, pickRole?: string): Promise<Browser> {
  const browser = new Browser();
  const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(provider)}&returnTo=${encodeURIComponent('/console')}`);
  const loginPage = await browser.get(start.headers.get('location')!);
  const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(loginPage.body), username, password });
  const acs = await browser.post(`${server.url}/saml`, formFields(posted.body));
  if (pickRole) {
    const picked = await browser.post(`${server.url}/console/pick`, { csrf: formFields(acs.body)['csrf']!, roleArn: pickRole });
    assert.equal(picked.status, 303, picked.body);
  } else {
    assert.equal(acs.status, 303, acs.body);
  }
  return browser;
}

describe('console operations pages', () => {
  before(async () => {
    server = await startSamlServer();
  });
  after(() => server.close());

  it('instances: a read-only Production operator sees which instance holds which role', async () => {
    const erin = await signIn(PROD_PROVIDER, 'erin', 'Erin-Demo-2026!', SSO_READ_ONLY);
    const page = await erin.get(`${server.url}/console/instances`);
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<td>i-0a1b2c3d4e5f67890<\/td><td>app-server-1<\/td><td>AppServerRole<\/td>/);
    const home = await erin.get(`${server.url}/console`);
    assert.match(home.body, /href="\/console\/instances"/);
  });

  it('audit trail: visible to a role allowed rolegate:ReadAudit, refused with an explanation otherwise', async () => {
    const erin = await signIn(PROD_PROVIDER, 'erin', 'Erin-Demo-2026!', SSO_READ_ONLY);
    const audit = await erin.get(`${server.url}/console/audit`);
    assert.equal(audit.status, 200);
    assert.match(audit.body, /credentials\.issued/);
    assert.match(audit.body, /sts:AssumeRoleWithSAML/);
    const dana = await signIn(DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    const refused = await dana.get(`${server.url}/console/audit`);
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused.body), 'ACCESS_DENIED');
    assert.match(refused.body, /rolegate:ReadAudit/);
  });

  it('revocation: an operator revokes a role in the console and its credentials stop working at once', async () => {
    const alice = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'console-revoked' })));
    await new Promise((r) => setTimeout(r, 5));
    const olivia = await signIn(DEV_PROVIDER, 'olivia', 'Olivia-Demo-2026!');
    const form = await olivia.get(`${server.url}/console/revocations`);
    assert.equal(form.status, 200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const forged = await olivia.post(`${server.url}/console/revocations`, { csrf: 'forged-csrf-token-000000000', scope: 'role', roleArn: UPDATE_APP });
    assert.equal(errorCode(forged.body), 'CSRF_INVALID');
    assert.ok(await stsClient(server.url, alice).send(new GetCallerIdentityCommand({})), 'a forged form revokes nothing');
    const done = await olivia.post(`${server.url}/console/revocations`, { csrf, scope: 'role', roleArn: UPDATE_APP });
    assert.equal(done.status, 200, done.body);
    assert.match(done.body, /id="revoked"/);
    const error = await sdkError(stsClient(server.url, alice).send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'InvalidClientTokenId');
  });

  it('a role without revocation rights is refused and nothing is written', async () => {
    const erin = await signIn(PROD_PROVIDER, 'erin', 'Erin-Demo-2026!', SSO_READ_ONLY);
    const csrf = /name="csrf" value="([^"]+)"/.exec((await erin.get(`${server.url}/console/revocations`)).body)![1]!;
    const mark = server.store.writes.length;
    const refused = await erin.post(`${server.url}/console/revocations`, { csrf, scope: 'role', roleArn: UPDATE_APP });
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused.body), 'ACCESS_DENIED');
    assert.deepEqual(server.store.writtenSince(mark, 'rev:'), []);
  });

  it('without a console session the pages send you to sign in', async () => {
    const page = await new Browser().get(`${server.url}/console/audit`);
    assert.equal(errorCode(page.body), 'CONSOLE_SESSION_REQUIRED');
  });
});
