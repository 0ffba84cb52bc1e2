/**
 * Interop with an independent IdP implementation: samlify signs (and encrypts) the responses and
 * verifies rolegate's signed AuthnRequests. Covers SP-initiated and IdP-initiated logins, mapping
 * rules (several roles → picker), encrypted assertions, and trust policies on `saml:*` keys and
 * `aws:RequestTag` through AssumeRoleWithSAML.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import * as samlify from 'samlify';
import { sdkError } from '../helpers/demo.js';
import { AWS_ATTR, Browser, configWith, errorCode, formFields, postUnsolicited, SAMLIFY_CERT, startSamlServer, type SamlServer } from './helpers.js';
import { redirectRequest, samlifyIdp, samlifyReplacement, SAMLIFY_ENTITY, SAMLIFY_SSO } from './samlify-helpers.js';

const { post: POST } = samlify.Constants.namespace.binding;
const IDP_ENTITY = SAMLIFY_ENTITY;
const IDP_SSO = SAMLIFY_SSO;
const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/Samlify';
const ENGINEER = 'arn:aws:iam::111111111111:role/SamlifyEngineer';
const OPS = 'arn:aws:iam::111111111111:role/SamlifyOps';
const DEPARTMENT = 'urn:example:department';
const AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';

let server: SamlServer;
let sp: ReturnType<typeof samlify.ServiceProvider>;

const trust = (conditions: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: conditions }],
});

before(async () => {
  const configDir = configWith((accounts) => {
    const dev = accounts['development']!;
    (dev['samlProviders'] as unknown[]).push({
      name: 'Samlify',
      entityId: IDP_ENTITY,
      ssoUrl: IDP_SSO,
      signingCerts: [SAMLIFY_CERT],
      allowIdpInitiated: true,
      useRoleAttribute: false,
      roleMapping: [
        { attribute: DEPARTMENT, equals: 'engineering', role: ENGINEER },
        { attribute: DEPARTMENT, matches: 'eng(ineering)?-ops|engineering', role: OPS },
      ],
    });
    (dev['roles'] as unknown[]).push(
      {
        name: 'SamlifyEngineer',
        trustPolicy: trust({
          'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': 'staff' },
          StringEquals: { 'saml:iss': IDP_ENTITY, 'saml:doc': '111111111111/Samlify', 'aws:RequestTag/team': 'app' },
          StringLike: { 'saml:aud': 'http://127.0.0.1:*/saml', 'saml:sub': '*@corp.example' },
        }),
        maxSessionDuration: 7200,
      },
      { name: 'SamlifyOps', trustPolicy: trust({ StringEquals: { 'saml:sub_type': 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' } }) },
    );
  });
  server = await startSamlServer({ configDir });
  const metadata = await (await fetch(`${server.url}/saml/metadata`)).text();
  sp = samlify.ServiceProvider({ metadata });
  // Warm up samlify's schema validator (a WASM module whose first use blocks the event loop for
  // seconds under load) so it cannot stall the in-process server in the middle of a flow.
  const warm = await fetch(`${server.url}/saml/login?provider=${encodeURIComponent(PROVIDER)}`, { redirect: 'manual' });
  await idp().parseLoginRequest(sp, 'redirect', redirectRequest(warm.headers.get('location')!));
});
after(async () => {
  await server.close();
});

const idp = (encrypt = false) => samlifyIdp({ encrypt });
const replacement = (attributes: Record<string, string[]>, inResponseTo: string | undefined) => samlifyReplacement(server, attributes, inResponseTo);

const ENGINEER_ATTRIBUTES = {
  [DEPARTMENT]: ['engineering'],
  [AFFILIATION]: ['member', 'staff'],
  [`${AWS_ATTR}RoleSessionName`]: ['sam'],
  [`${AWS_ATTR}PrincipalTag:team`]: ['app'],
};

describe('samlify as an independent IdP', () => {
  it('SP-initiated: samlify verifies our signed AuthnRequest; mapping rules give two roles → picker → console', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(PROVIDER)}`);
    const location = new URL(start.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, IDP_SSO);
    const { query, octetString } = redirectRequest(location.toString());
    const parsed = await idp().parseLoginRequest(sp, 'redirect', { query, octetString });
    const requestId = (parsed.extract as { request: { id: string } }).request.id;
    assert.match(requestId, /^_rg[0-9a-f]{40}$/);
    const { context } = await idp().createLoginResponse(sp, parsed as never, 'post', { email: 'sam@corp.example' }, replacement(ENGINEER_ATTRIBUTES, requestId));
    const acs = await browser.post(server.acsUrl, { SAMLResponse: context, RelayState: query['RelayState']! });
    assert.equal(acs.status, 200, acs.body);
    assert.match(acs.body, /SamlifyEngineer/);
    assert.match(acs.body, /SamlifyOps/);
    const picked = await browser.post(`${server.url}/console/pick`, { csrf: formFields(acs.body)['csrf']!, roleArn: ENGINEER });
    assert.equal(picked.status, 303, picked.body);
    const home = await browser.get(`${server.url}/console`);
    assert.match(home.body, /<dd id="role">SamlifyEngineer<\/dd>/);
    assert.match(home.body, /sam@corp.example/);
  });

  it('IdP-initiated with an encrypted assertion (SP encryption key): one role, "Continue as …?", then the console', async () => {
    const browser = new Browser();
    const attributes = { [DEPARTMENT]: ['eng-ops'], [`${AWS_ATTR}RoleSessionName`]: ['sam'] };
    const { context } = await idp(true).createLoginResponse(sp, null as never, 'post', { email: 'sam@corp.example' }, replacement(attributes, undefined));
    assert.match(Buffer.from(context, 'base64').toString(), /EncryptedAssertion/);
    const signedIn = await postUnsolicited(browser, server.acsUrl, { SAMLResponse: context });
    assert.equal(signedIn.status, 303, signedIn.body);
    assert.match((await browser.get(`${server.url}/console`)).body, /<dd id="role">SamlifyOps<\/dd>/);
  });

  it('an encrypted assertion for the wrong key fails uniformly (SAML_DECRYPTION_FAILED), nothing stored', async () => {
    const wrongSp = samlify.ServiceProvider({
      entityID: 'urn:amazon:webservices',
      assertionConsumerService: [{ Binding: POST, Location: server.acsUrl }],
      encryptCert: SAMLIFY_CERT,
      wantAssertionsSigned: true,
    });
    const { context } = await idp(true).createLoginResponse(wrongSp, null as never, 'post', { email: 'sam@corp.example' }, replacement({ [DEPARTMENT]: ['eng-ops'] }, undefined));
    const mark = server.store.writes.length;
    const acs = await new Browser().post(server.acsUrl, { SAMLResponse: context });
    assert.equal(errorCode(acs.body), 'SAML_DECRYPTION_FAILED');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('AssumeRoleWithSAML: trust conditions on saml:edupersonaffiliation, saml:iss, saml:doc, saml:aud, saml:sub and aws:RequestTag', async () => {
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDUNUSEDUNUSED0000', secretAccessKey: 'unused-unused-unused-unused-unused-00000' } });
    try {
      const issue = async (attributes: Record<string, string[]>) => (await idp().createLoginResponse(sp, null as never, 'post', { email: 'sam@corp.example' }, replacement(attributes, undefined))).context;
      const ok = await sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ENGINEER, PrincipalArn: PROVIDER, SAMLAssertion: await issue(ENGINEER_ATTRIBUTES) }));
      assert.equal(ok.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/SamlifyEngineer/sam');
      assert.equal(ok.SubjectType, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
      const notStaff = await sdkError(sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ENGINEER, PrincipalArn: PROVIDER, SAMLAssertion: await issue({ ...ENGINEER_ATTRIBUTES, [AFFILIATION]: ['student'] }) })));
      assert.equal(notStaff.name, 'AccessDenied');
      const wrongTag = await sdkError(sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ENGINEER, PrincipalArn: PROVIDER, SAMLAssertion: await issue({ ...ENGINEER_ATTRIBUTES, [`${AWS_ATTR}PrincipalTag:team`]: ['qa'] }) })));
      assert.equal(wrongTag.name, 'AccessDenied');
      const notMapped = await sdkError(sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ENGINEER, PrincipalArn: PROVIDER, SAMLAssertion: await issue({ ...ENGINEER_ATTRIBUTES, [DEPARTMENT]: ['sales'] }) })));
      assert.equal(notMapped.name, 'AccessDenied');
      assert.equal(notMapped.message, 'Not authorized to perform sts:AssumeRoleWithSAML');
    } finally {
      sts.destroy();
    }
  });
});
