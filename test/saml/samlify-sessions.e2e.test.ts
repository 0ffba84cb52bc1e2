/**
 * Interop with samlify as the IdP, for what the console session carries and how it ends: tags,
 * source identity and session duration from the assertion; `saml:*` condition keys in a trust
 * policy through AssumeRoleWithSAML; the "several roles" strategies deny and default; and
 * SP-initiated single logout, where samlify verifies rolegate's signed
 * LogoutRequest and answers with its own signed LogoutResponse.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import * as samlify from 'samlify';
import { sdkError } from '../helpers/demo.js';
import { AWS_ATTR, Browser, configWith, errorCode, idpLogoutUrl, postUnsolicited, ROLE_ATTR, SAMLIFY_CERT, startSamlServer, type SamlServer } from './helpers.js';
import { redirectRequest, samlifyIdp, samlifyReplacement, SAMLIFY_ENTITY, SAMLIFY_SLO, SAMLIFY_SSO } from './samlify-helpers.js';

const ACCOUNT = '111111111111';
const provider = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DENY_ENTITY = 'https://samlify-deny.test/metadata';
const DEFAULT_ENTITY = 'https://samlify-default.test/metadata';
/** base64(sha1(issuer + account + "/" + provider name)), as AWS computes it. */
const NAME_QUALIFIER = createHash('sha1').update(`${SAMLIFY_ENTITY}${ACCOUNT}/SamlifyDirect`).digest('base64');

let server: SamlServer;
let sp: ReturnType<typeof samlify.ServiceProvider>;

const trusting = (...providers: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: providers.map(provider) }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'] }],
});

before(async () => {
  const configDir = configWith((accounts) => {
    const dev = accounts['development']!;
    const base = { signingCerts: [SAMLIFY_CERT], allowIdpInitiated: true };
    (dev['samlProviders'] as unknown[]).push(
      { name: 'SamlifyDirect', entityId: SAMLIFY_ENTITY, ssoUrl: SAMLIFY_SSO, sloUrl: SAMLIFY_SLO, ...base },
      { name: 'SamlifyDeny', entityId: DENY_ENTITY, onMultipleRoles: 'deny', ...base },
      { name: 'SamlifyDefault', entityId: DEFAULT_ENTITY, onMultipleRoles: 'default', defaultRole: role('SamlifyB'), ...base },
    );
    (dev['roles'] as unknown[]).push(
      { name: 'SamlifyDeveloper', trustPolicy: trusting('SamlifyDirect'), maxSessionDuration: 7200 },
      { name: 'SamlifyA', trustPolicy: trusting('SamlifyDeny', 'SamlifyDefault') },
      { name: 'SamlifyB', trustPolicy: trusting('SamlifyDeny', 'SamlifyDefault') },
      {
        name: 'SamlifyKeys',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: provider('SamlifyDirect') },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: {
                StringEquals: {
                  'saml:namequalifier': NAME_QUALIFIER,
                  'saml:sub_type': 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
                  'saml:edupersonprincipalname': 'sam@corp.example',
                  'saml:givenName': 'Sam',
                },
                'ForAnyValue:StringEquals': { 'saml:mail': 'sam@corp.example', 'saml:cn': 'Sam Sample' },
              },
            },
          ],
        },
      },
    );
  });
  server = await startSamlServer({ configDir });
  // rolegate accepts only signed LogoutResponses: samlify signs them when the SP asks.
  sp = samlify.ServiceProvider({ metadata: await (await fetch(`${server.url}/saml/metadata`)).text(), wantLogoutResponseSigned: true });
});
after(async () => {
  await server.close();
});

const DEVELOPER_ATTRIBUTES = {
  [ROLE_ATTR]: [`${provider('SamlifyDirect')},${role('SamlifyDeveloper')}`],
  [`${AWS_ATTR}RoleSessionName`]: ['sam'],
  [`${AWS_ATTR}SourceIdentity`]: ['sam-src'],
  [`${AWS_ATTR}SessionDuration`]: ['5400'],
  [`${AWS_ATTR}PrincipalTag:team`]: ['platform'],
  [`${AWS_ATTR}TransitiveTagKeys`]: ['team'],
};

/** SP-initiated through samlify: the ACS answer. */
async function spInitiated(browser: Browser, attributes: Record<string, string[]>) {
  const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(provider('SamlifyDirect'))}`);
  const request = redirectRequest(start.headers.get('location')!);
  const parsed = await samlifyIdp().parseLoginRequest(sp, 'redirect', request);
  const requestId = (parsed.extract as { request: { id: string } }).request.id;
  const { context } = await samlifyIdp().createLoginResponse(sp, parsed as never, 'post', { email: 'sam@corp.example' }, samlifyReplacement(server, attributes, requestId));
  return browser.post(server.acsUrl, { SAMLResponse: context, RelayState: request.query['RelayState']! });
}

/** IdP-initiated: the ACS error page, or (confirmed on the "Continue as …?" page) the 303 into the console. */
async function unsolicited(entityId: string, attributes: Record<string, string[]>, browser = new Browser()) {
  const { context } = await samlifyIdp({ entityId }).createLoginResponse(sp, null as never, 'post', { email: 'sam@corp.example' }, samlifyReplacement(server, attributes, undefined, entityId));
  return postUnsolicited(browser, server.acsUrl, { SAMLResponse: context });
}

describe('samlify as the IdP: session contents, role strategies, single logout', () => {
  it('tags, transitive tag keys, source identity and SessionDuration reach the console session and its credentials', async () => {
    const browser = new Browser();
    const acs = await spInitiated(browser, DEVELOPER_ATTRIBUTES);
    assert.equal(acs.status, 303, acs.body);
    const home = (await browser.get(`${server.url}/console`)).body;
    assert.match(home, /<dd id="role">SamlifyDeveloper<\/dd>/);
    assert.match(home, /<dt>Source identity<\/dt><dd>sam-src<\/dd>/);
    const expires = Date.parse(/<dd id="expires"><time datetime="([^"]+)"/.exec(home)![1]!);
    assert.ok(Math.abs(expires - server.clock.now() - 5400_000) < 60_000, `SessionDuration 5400 s, got ${expires - server.clock.now()}`);
    const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
    const record = (await server.rolegate.services.sessions.find(accessKeyId))!;
    assert.deepEqual(record.tags, { team: 'platform' });
    assert.equal(record.sourceIdentity, 'sam-src');
    assert.deepEqual(record.transitiveTagKeys, ['team']);
    assert.equal(record.federatedContext?.['saml:sub'], 'sam@corp.example');
  });

  it('AssumeRoleWithSAML with samlify: saml:namequalifier, sub_type, edupersonprincipalname, givenName, mail and cn in the trust policy', async () => {
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDUNUSEDUNUSED0000', secretAccessKey: 'unused-unused-unused-unused-unused-00000' } });
    const attributes = (mail: string) => ({
      [ROLE_ATTR]: [`${role('SamlifyKeys')},${provider('SamlifyDirect')}`],
      [`${AWS_ATTR}RoleSessionName`]: ['sam'],
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['sam@corp.example'],
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': ['Sam'],
      'urn:oid:0.9.2342.19200300.100.1.3': [mail],
      'urn:oid:2.5.4.3': ['Sam Sample'],
    });
    const issue = async (mail: string) => (await samlifyIdp().createLoginResponse(sp, null as never, 'post', { email: 'sam@corp.example' }, samlifyReplacement(server, attributes(mail), undefined))).context;
    const assume = async (mail: string) => sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: role('SamlifyKeys'), PrincipalArn: provider('SamlifyDirect'), SAMLAssertion: await issue(mail) }));
    try {
      assert.equal((await assume('sam@corp.example')).NameQualifier, NAME_QUALIFIER);
      assert.equal((await sdkError(assume('someone@else.example'))).name, 'AccessDenied');
    } finally {
      sts.destroy();
    }
  });

  it('several roles with onMultipleRoles "deny": SAML_ROLE_AMBIGUOUS, nothing stored', async () => {
    const mark = server.store.writes.length;
    const acs = await unsolicited(DENY_ENTITY, { [ROLE_ATTR]: [`${role('SamlifyA')},${provider('SamlifyDeny')}`, `${role('SamlifyB')},${provider('SamlifyDeny')}`], [`${AWS_ATTR}RoleSessionName`]: ['sam'] });
    assert.equal(acs.status, 403);
    assert.equal(errorCode(acs.body), 'SAML_ROLE_AMBIGUOUS');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('several roles with onMultipleRoles "default": the default role (after "Continue as …?"); a provider without SLO signs out locally', async () => {
    const both = [`${role('SamlifyA')},${provider('SamlifyDefault')}`, `${role('SamlifyB')},${provider('SamlifyDefault')}`];
    const acs = await unsolicited(DEFAULT_ENTITY, { [ROLE_ATTR]: both, [`${AWS_ATTR}RoleSessionName`]: ['sam'] });
    assert.equal(acs.status, 303, acs.body);
    const session = await server.rolegate.services.sessions.find(server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5));
    assert.equal(session?.roleArn, role('SamlifyB'));
    const browser = new Browser();
    const one = await unsolicited(DEFAULT_ENTITY, { [ROLE_ATTR]: [both[0]!], [`${AWS_ATTR}RoleSessionName`]: ['sam'] }, browser);
    assert.equal(one.status, 303, 'a single role needs no strategy');
    // This provider has no SLO service: sign-out ends here (no LogoutRequest), credentials revoked.
    const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
    const csrf = /name="csrf" value="([^"]+)"/.exec((await browser.get(`${server.url}/console`)).body)![1]!;
    const out = await browser.post(`${server.url}/console/signout`, { csrf });
    assert.equal(out.status, 200, out.body);
    assert.match(out.body, /You are signed out/);
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true);
  });

  it('SP-initiated single logout: samlify verifies our signed LogoutRequest and its LogoutResponse ends the flow', async () => {
    const browser = new Browser();
    assert.equal((await spInitiated(browser, DEVELOPER_ATTRIBUTES)).status, 303);
    const home = (await browser.get(`${server.url}/console`)).body;
    const csrf = /name="csrf" value="([^"]+)"/.exec(home)![1]!;
    const out = await browser.post(`${server.url}/console/signout`, { csrf });
    const location = idpLogoutUrl(out);
    assert.ok(location.startsWith(`${SAMLIFY_SLO}?SAMLRequest=`), location);
    const parsed = await samlifyIdp().parseLogoutRequest(sp, 'redirect', redirectRequest(location));
    assert.equal(parsed.extract.nameID, 'sam@corp.example');
    // The SessionIndex of the assertion this console session came from (samlifyReplacement: `${id}s`).
    assert.match(JSON.stringify(parsed.extract.sessionIndex), /_samlify[0-9a-f]+s/);
    const { context } = samlifyIdp().createLogoutResponse(sp, parsed as never, 'redirect', '');
    assert.ok(context.startsWith(`${server.url}/saml/logout?SAMLResponse=`), context);
    const done = await browser.get(context);
    assert.equal(done.status, 200, done.body);
    assert.match(done.body, /You are signed out/);
  });
});
