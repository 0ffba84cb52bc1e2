/**
 * End-to-end over HTTP against the built-in corporate directory IdP: SP-initiated and IdP-initiated
 * logins, one role, several roles (picker), no role, mapping rules, tags, source identity, session
 * duration, the IdP's deliberate faults, console sign-out and IdP-initiated single logout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, confirmUnsolicited, DEV_PROVIDER, errorCode, formAction, formFields, idpLogoutUrl, PROD_PROVIDER, SSO_DEVELOPER, SSO_READ_ONLY, startSamlServer, type SamlServer } from './helpers.js';

let server: SamlServer;
before(async () => {
  server = await startSamlServer();
});
after(async () => {
  await server.close();
});

/** SP-initiated: /saml/login → IdP login form → post page → ACS. Returns the ACS answer. */
async function spInitiated(browser: Browser, provider: string, username: string, password: string, fault = 'none') {
  const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(provider)}&returnTo=${encodeURIComponent('/console')}`);
  assert.equal(start.status, 302);
  const location = start.headers.get('location')!;
  assert.ok(location.startsWith(`${server.url}/idp/saml/sso?SAMLRequest=`), location);
  assert.match(location, /&SigAlg=http%3A%2F%2Fwww\.w3\.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=/);
  const loginPage = await browser.get(location);
  assert.equal(loginPage.status, 200, loginPage.body);
  return submitLogin(browser, loginPage.body, username, password, fault);
}

async function submitLogin(browser: Browser, loginHtml: string, username: string, password: string, fault = 'none') {
  const fields = formFields(loginHtml);
  const posted = await browser.post(`${server.url}/idp/saml/login`, { ...fields, username, password, fault });
  assert.equal(posted.status, 200, posted.body);
  const post = formFields(posted.body);
  assert.equal(formAction(posted.body), server.acsUrl);
  assert.ok(post['SAMLResponse']);
  return browser.post(server.acsUrl, post);
}

async function home(browser: Browser) {
  const page = await browser.get(`${server.url}/console`);
  assert.equal(page.status, 200);
  return page.body;
}

describe('built-in corporate directory IdP (end to end)', () => {
  it('publishes IdP metadata and SP metadata', async () => {
    const idp = await fetch(`${server.url}/idp/saml/metadata`);
    const idpXml = await idp.text();
    assert.equal(idp.status, 200);
    assert.match(idpXml, /entityID="urn:rolegate:idp:corporate-directory"/);
    assert.match(idpXml, /<ds:X509Certificate>MII/);
    const sp = await fetch(`${server.url}/saml/metadata`);
    const spXml = await sp.text();
    assert.match(spXml, /entityID="urn:amazon:webservices"/);
    assert.ok(spXml.includes(`Location="${server.acsUrl}"`));
    assert.match(spXml, /use="signing"/);
    assert.match(spXml, /use="encryption"/);
  });

  it('SP-initiated, one role (dana): straight into the console home, bound to credentials with tags and source identity', async () => {
    const browser = new Browser();
    const acs = await spInitiated(browser, DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    assert.equal(acs.status, 303, acs.body);
    assert.equal(acs.headers.get('location'), '/console');
    const cookie = acs.headers.getSetCookie().find((c) => c.startsWith('rg_console='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const page = await home(browser);
    assert.match(page, /Dana Developer/);
    assert.match(page, /<dd id="role">SSODeveloper<\/dd>/);
    assert.match(page, /development \(111111111111\)/);
    assert.match(page, /arn:aws:sts::111111111111:assumed-role\/SSODeveloper\/dana/);
    assert.match(page, /<dt>Source identity<\/dt><dd>dana<\/dd>/);
    const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
    const record = (await server.rolegate.services.sessions.find(accessKeyId))!;
    assert.deepEqual(record.tags, { team: 'app', 'cost-center': '4711' });
    assert.equal(record.federatedProvider, DEV_PROVIDER);
    assert.equal(record.federatedContext?.['saml:sub'], 'dana');
    assert.match(page, /name="csrf" value="[A-Za-z0-9_-]{20,}"/);
    const expires = /<dd id="expires"><time datetime="([^"]+)"/.exec(page)![1]!;
    const lifetime = Date.parse(expires) - Date.now();
    assert.ok(lifetime > 55 * 60 * 1000 && lifetime <= 3600 * 1000, `default console session is 1 h, got ${lifetime}`);
    const res = await fetch(`${server.url}/console`, { headers: { cookie: `rg_console=${browser.cookies.get('rg_console')}` } });
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('content-security-policy')!, /default-src 'none'.*frame-ancestors 'none'/);
    assert.doesNotMatch(await res.text(), /<script>|style="/);
  });

  it('several roles (erin): role picker grouped by account with aliases; the choice is consumed once; SessionDuration sets the session length', async () => {
    const browser = new Browser();
    const acs = await spInitiated(browser, PROD_PROVIDER, 'erin', 'Erin-Demo-2026!');
    assert.equal(acs.status, 200, acs.body);
    assert.match(acs.body, /Select a role/);
    assert.match(acs.body, /Account: development/);
    assert.match(acs.body, /Account: production/);
    const fields = formFields(acs.body);
    assert.ok(fields['csrf']);
    const bad = await browser.post(`${server.url}/console/pick`, { csrf: 'forged-token-000000000000', roleArn: SSO_READ_ONLY });
    assert.equal(errorCode(bad.body), 'CSRF_INVALID');
    const picked = await browser.post(`${server.url}/console/pick`, { csrf: fields['csrf']!, roleArn: SSO_READ_ONLY });
    assert.equal(picked.status, 303, picked.body);
    const page = await home(browser);
    assert.match(page, /<dd id="role">SSOReadOnly<\/dd>/);
    const expires = /<dd id="expires"><time datetime="([^"]+)"/.exec(page)![1]!;
    const lifetime = Date.parse(expires) - Date.now();
    assert.ok(lifetime > 7100 * 1000 && lifetime <= 7200 * 1000, `SessionDuration 7200 s, got ${lifetime}`);
    const again = await browser.post(`${server.url}/console/pick`, { csrf: fields['csrf']!, roleArn: SSO_DEVELOPER });
    assert.equal(errorCode(again.body), 'SIGNIN_STATE_INVALID');
  });

  it('no role (frank): a clear error page, nothing stored', async () => {
    const browser = new Browser();
    const mark = server.store.writes.length;
    const acs = await spInitiated(browser, DEV_PROVIDER, 'frank', 'Frank-Demo-2026!');
    assert.equal(acs.status, 403);
    assert.equal(errorCode(acs.body), 'SAML_NO_ROLE');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
    assert.deepEqual(server.store.writtenSince(mark, 'console:'), []);
  });

  it('mapping rules (grace, group "auditors" → SSOReadOnly by the Production provider rule)', async () => {
    const browser = new Browser();
    const acs = await spInitiated(browser, PROD_PROVIDER, 'grace', 'Grace-Demo-2026!');
    assert.equal(acs.status, 303, acs.body);
    assert.match(await home(browser), /<dd id="role">SSOReadOnly<\/dd>/);
  });

  it('IdP-initiated (unsolicited POST /saml), RelayState only as a same-origin path', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/idp/saml/start?RelayState=${encodeURIComponent('https://evil.example/phish')}`);
    const acs = await submitLogin(browser, start.body, 'dana', 'Dana-Demo-2026!');
    const signedIn = await confirmUnsolicited(browser, acs);
    assert.equal(signedIn.headers.get('location'), '/console');
    assert.match(await home(browser), /SSODeveloper/);
  });

  it('a wrong password is refused at the IdP', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/idp/saml/start`);
    const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(start.body), username: 'dana', password: 'wrong-password' });
    assert.equal(posted.status, 401);
    assert.match(posted.body, /incorrect/);
  });

  for (const [fault, code] of [
    ['bad-signature', 'SAML_SIGNATURE_INVALID'],
    ['wrong-audience', 'SAML_AUDIENCE_MISMATCH'],
    ['expired', 'SAML_EXPIRED'],
    ['unsigned-assertion', 'SAML_SIGNATURE_MISSING'],
  ] as const) {
    it(`IdP fault "${fault}" is rejected with ${code} and nothing is stored`, async () => {
      const browser = new Browser();
      const start = await browser.get(`${server.url}/idp/saml/start`);
      const mark = server.store.writes.length;
      const fields = formFields(start.body);
      const posted = await browser.post(`${server.url}/idp/saml/login`, { ...fields, username: 'dana', password: 'Dana-Demo-2026!', fault });
      const markAcs = server.store.writes.length;
      const acs = await browser.post(server.acsUrl, formFields(posted.body));
      assert.equal(errorCode(acs.body), code, acs.body);
      assert.ok(acs.status >= 400);
      assert.deepEqual(server.store.writtenSince(markAcs), []);
      assert.ok(server.store.writes.length >= mark);
    });
  }

  it('IdP fault "replayed-id" reuses the previous assertion id: SAML_REPLAYED', async () => {
    const browser = new Browser();
    await submitLogin(browser, (await browser.get(`${server.url}/idp/saml/start`)).body, 'dana', 'Dana-Demo-2026!');
    const start = await browser.get(`${server.url}/idp/saml/start`);
    const acs = await submitLogin(browser, start.body, 'dana', 'Dana-Demo-2026!', 'replayed-id');
    assert.equal(errorCode(acs.body), 'SAML_REPLAYED');
  });

  it('console sign-out ends the session, revokes the credentials of that login and sends a LogoutRequest to the IdP', async () => {
    const browser = new Browser();
    await spInitiated(browser, DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    const page = await home(browser);
    const csrf = formFields(page)['csrf']!;
    const accessKeys = server.store.writes.filter((k) => k.startsWith('sess:')).map((k) => k.slice(5));
    const accessKeyId = accessKeys.at(-1)!;
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, false);
    const forged = await browser.post(`${server.url}/console/signout`, { csrf: 'nope-nope-nope-nope-nope' });
    assert.equal(errorCode(forged.body), 'CSRF_INVALID');
    const out = await browser.post(`${server.url}/console/signout`, { csrf });
    // Revoked at sign-out, before (and whether or not) the IdP answers the LogoutRequest.
    const logoutUrl = idpLogoutUrl(out);
    assert.ok(logoutUrl.startsWith(`${server.url}/idp/saml/slo?SAMLRequest=`), logoutUrl);
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true);
    assert.match(await home(browser), /Sign in to the console/);
    const done = await browser.follow(await browser.get(logoutUrl));
    assert.equal(done.status, 200, done.body);
    assert.match(done.body, /You are signed out/);
  });

  it('IdP-initiated single logout (signed LogoutRequest) ends the console session and revokes the credentials', async () => {
    const browser = new Browser();
    await spInitiated(browser, DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    assert.match(await home(browser), /SSODeveloper/);
    const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
    const logoutPage = await browser.get(`${server.url}/idp/saml/logout`);
    const out = await browser.post(`${server.url}/idp/saml/logout`, formFields(logoutPage.body));
    assert.equal(out.status, 303);
    const slo = out.headers.get('location')!;
    assert.ok(slo.startsWith(`${server.url}/saml/logout?SAMLRequest=`));
    const answer = await browser.get(slo);
    assert.equal(answer.status, 302, answer.body);
    assert.match(answer.headers.get('location')!, /\/idp\/saml\/slo\?SAMLResponse=.*&Signature=/);
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true);
    assert.match(await home(browser), /Sign in to the console/);
    // A tampered logout request is refused.
    const tampered = await browser.get(slo.replace(/Signature=[^&]+/, 'Signature=AAAA'));
    assert.equal(errorCode(tampered.body), 'SAML_SIGNATURE_INVALID');
  });

  it('SP-initiated: the response must come back to the browser that started it (binding cookie)', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}`);
    const loginPage = await browser.get(start.headers.get('location')!);
    const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(loginPage.body), username: 'dana', password: 'Dana-Demo-2026!' });
    const other = new Browser();
    const mark = server.store.writes.length;
    const acs = await other.post(server.acsUrl, formFields(posted.body));
    assert.equal(errorCode(acs.body), 'SAML_IN_RESPONSE_TO_INVALID');
    assert.deepEqual(server.store.writtenSince(mark), []);
    // The right browser still can.
    const ok = await browser.post(server.acsUrl, formFields(posted.body));
    assert.equal(ok.status, 303, ok.body);
  });
});
