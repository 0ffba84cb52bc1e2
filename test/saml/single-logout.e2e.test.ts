/**
 * SP-initiated single logout against the built-in IdP over HTTP: console sign-out revokes the
 * login's credentials, sends a signed LogoutRequest (HTTP-Redirect) naming the NameID and
 * SessionIndex, the IdP ends its session and answers a signed LogoutResponse, which rolegate
 * validates (signature, InResponseTo once, issuer, destination) before the signed-out page.
 * Hostile LogoutResponses are each refused with their code and store nothing.
 */
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { signedRedirectUrl } from '../../src/saml/index.js';
import { Browser, CORP_IDP, DEV_PROVIDER, errorCode, EVIL_KEY, formFields, idpLogoutUrl, IDP_KEY, postUnsolicited, SP_ENTITY, startSamlServer, type SamlServer } from './helpers.js';

let server: SamlServer;
before(async () => {
  server = await startSamlServer();
});
after(async () => {
  await server.close();
});

/** Signs in dana SP-initiated and returns the browser, the console CSRF token and the access key. */
async function signedIn() {
  const browser = new Browser();
  const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}`);
  const loginPage = await browser.get(start.headers.get('location')!);
  const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(loginPage.body), username: 'dana', password: 'Dana-Demo-2026!' });
  const acs = await browser.post(server.acsUrl, formFields(posted.body));
  assert.equal(acs.status, 303, acs.body);
  const home = await browser.get(`${server.url}/console`);
  const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
  return { browser, csrf: formFields(home.body)['csrf']!, accessKeyId };
}

/** Signs out and returns the LogoutRequest redirect (not followed). */
async function signOut(browser: Browser, csrf: string) {
  return idpLogoutUrl(await browser.post(`${server.url}/console/signout`, { csrf }));
}

const messageOf = (url: string, param: string) => inflateRawSync(Buffer.from(new URL(url).searchParams.get(param)!, 'base64')).toString('utf8');

function logoutResponse(overrides: { inResponseTo: string; issuer?: string; destination?: string; status?: string; issueInstant?: string }) {
  return (
    `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_lr${Date.now()}" Version="2.0" ` +
    `IssueInstant="${overrides.issueInstant ?? new Date(server.clock.now()).toISOString()}" Destination="${overrides.destination ?? `${server.url}/saml/logout`}" InResponseTo="${overrides.inResponseTo}">` +
    `<saml:Issuer>${overrides.issuer ?? CORP_IDP}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${overrides.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status></samlp:LogoutResponse>`
  );
}

describe('SP-initiated single logout (console sign-out → IdP → LogoutResponse)', () => {
  it('signs out at the IdP too: a signed LogoutRequest naming the login, the IdP session ends, the LogoutResponse is validated', async () => {
    const { browser, csrf, accessKeyId } = await signedIn();
    const idpCookie = browser.cookies.get('rg_idp')!;
    assert.ok(idpCookie);
    assert.match((await browser.get(`${server.url}/idp/saml/logout`)).body, /dana/);
    const location = await signOut(browser, csrf);
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true, 'revoked before the IdP answers');
    assert.match(location, new RegExp(`^${server.url}/idp/saml/slo\\?SAMLRequest=[^&]+&SigAlg=http%3A%2F%2Fwww\\.w3\\.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=`));
    const request = messageOf(location, 'SAMLRequest');
    assert.match(request, /<samlp:LogoutRequest [^>]*Destination="[^"]+\/idp\/saml\/slo"/);
    assert.ok(request.includes(`<saml:Issuer>${SP_ENTITY}</saml:Issuer>`));
    assert.match(request, /<saml:NameID Format="urn:oasis:names:tc:SAML:2\.0:nameid-format:persistent">dana<\/saml:NameID>/);
    assert.match(request, /<samlp:SessionIndex>_s[0-9a-f]+<\/samlp:SessionIndex>/);

    const idpAnswer = await browser.get(location);
    assert.equal(idpAnswer.status, 302, idpAnswer.body);
    const back = idpAnswer.headers.get('location')!;
    assert.match(back, new RegExp(`^${server.url}/saml/logout\\?SAMLResponse=.*&Signature=`));
    assert.match(messageOf(back, 'SAMLResponse'), /InResponseTo="_rg[0-9a-f]{40}"/);
    const done = await browser.get(back);
    assert.equal(done.status, 200, done.body);
    assert.match(done.body, /You are signed out/);
    // The IdP session is gone (even for a browser that kept its cookie).
    const keptCookie = new Browser();
    keptCookie.cookies.set('rg_idp', idpCookie);
    assert.doesNotMatch((await keptCookie.get(`${server.url}/idp/saml/logout`)).body, /dana/);
    // The same LogoutResponse again: InResponseTo is consumed once.
    const again = await browser.get(back);
    assert.equal(errorCode(again.body), 'SAML_IN_RESPONSE_TO_INVALID');
  });

  it('hostile LogoutResponses are refused with their code and store nothing', async () => {
    const { browser, csrf } = await signedIn();
    const location = await signOut(browser, csrf);
    const requestId = /ID="(_rg[0-9a-f]{40})"/.exec(messageOf(location, 'SAMLRequest'))![1]!;
    const slo = `${server.url}/saml/logout`;
    const cases: Array<[string, Promise<string>, string]> = [
      ['signed with a key the provider does not pin', signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId }), undefined, EVIL_KEY), 'SAML_SIGNATURE_INVALID'],
      ['answers a request never sent', signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: '_rg-never-sent' }), undefined, IDP_KEY), 'SAML_IN_RESPONSE_TO_INVALID'],
      ['wrong issuer', signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId, issuer: 'urn:example:other-idp' }), undefined, IDP_KEY), 'SAML_ISSUER_MISMATCH'],
      ['wrong destination', signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId, destination: 'https://sp.example/slo' }), undefined, IDP_KEY), 'SAML_DESTINATION_MISMATCH'],
      ['stale', signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId, issueInstant: new Date(server.clock.now() - 20 * 60_000).toISOString() }), undefined, IDP_KEY), 'SAML_EXPIRED'],
      ['unsigned', Promise.resolve(`${slo}?SAMLResponse=${encodeURIComponent(new URL(await signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId }), undefined, IDP_KEY)).searchParams.get('SAMLResponse')!)}`), 'SAML_SIGNATURE_INVALID'],
      ['a DOCTYPE', signedRedirectUrl(slo, 'SAMLResponse', `<!DOCTYPE x [<!ENTITY a "b">]>${logoutResponse({ inResponseTo: requestId })}`, undefined, IDP_KEY), 'SAML_DOCTYPE_FORBIDDEN'],
    ];
    for (const [name, url, code] of cases) {
      const mark = server.store.writes.length;
      const answer = await new Browser().get(await url);
      assert.equal(errorCode(answer.body), code, `${name}: ${answer.body.slice(0, 300)}`);
      assert.ok(answer.status >= 400 && answer.status < 500, name);
      assert.deepEqual(server.store.writtenSince(mark), [], `${name} stored something`);
    }
    // The genuine answer still works after all of that (none of them consumed the request).
    const genuine = await new Browser().get(await signedRedirectUrl(slo, 'SAMLResponse', logoutResponse({ inResponseTo: requestId }), undefined, IDP_KEY));
    assert.equal(genuine.status, 200, genuine.body);
  });

  it('a LogoutResponse with a status other than Success says the IdP did not confirm (rolegate side already done)', async () => {
    const { browser, csrf, accessKeyId } = await signedIn();
    const location = await signOut(browser, csrf);
    const requestId = /ID="(_rg[0-9a-f]{40})"/.exec(messageOf(location, 'SAMLRequest'))![1]!;
    const partial = await signedRedirectUrl(`${server.url}/saml/logout`, 'SAMLResponse', logoutResponse({ inResponseTo: requestId, status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }), undefined, IDP_KEY);
    const answer = await browser.get(partial);
    assert.equal(errorCode(answer.body), 'SAML_STATUS_NOT_SUCCESS');
    assert.match(answer.body, /signed out of rolegate/);
    assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true);
  });

  it('a LogoutRequest to the IdP that is not signed by the SP is refused; the IdP session stays', async () => {
    const { browser, csrf } = await signedIn();
    const location = await signOut(browser, csrf);
    const forged = location.replace(/Signature=[^&]+/, 'Signature=AAAA');
    const answer = await browser.get(forged);
    assert.equal(errorCode(answer.body), 'SAML_SIGNATURE_INVALID');
    assert.match((await browser.get(`${server.url}/idp/saml/logout`)).body, /dana/);
  });

  it("an IdP's LogoutRequest without SessionIndex ends every login of that NameID", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const nowIso = new Date(server.clock.now()).toISOString();
    const request =
      `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l${Date.now()}" Version="2.0" ` +
      `IssueInstant="${nowIso}" Destination="${server.url}/saml/logout"><saml:Issuer>${CORP_IDP}</saml:Issuer>` +
      `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">dana</saml:NameID></samlp:LogoutRequest>`;
    const answer = await new Browser().get(await signedRedirectUrl(`${server.url}/saml/logout`, 'SAMLRequest', request, undefined, IDP_KEY));
    assert.equal(answer.status, 302, answer.body);
    for (const { accessKeyId } of [first, second]) assert.equal((await server.rolegate.services.resolver.find(accessKeyId))?.revocation.revoked, true);
    assert.match(answer.headers.get('location')!, /\/idp\/saml\/slo\?SAMLResponse=/);
  });

  it('IdP-initiated logins sign out at the IdP the same way', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/idp/saml/start`);
    const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(start.body), username: 'dana', password: 'Dana-Demo-2026!' });
    assert.equal((await postUnsolicited(browser, server.acsUrl, formFields(posted.body))).status, 303);
    const csrf = formFields((await browser.get(`${server.url}/console`)).body)['csrf']!;
    const location = await signOut(browser, csrf);
    const done = await browser.follow(await browser.get(location));
    assert.match(done.body, /You are signed out/);
  });
});
