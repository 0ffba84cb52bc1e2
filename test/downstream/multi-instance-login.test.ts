/**
 * A login started on one gateway instance completes on another: the SAML request state, the
 * replay cache and the console session all live in the shared Redis (DESIGN.md, "Scale-out").
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Browser, DEV_PROVIDER, formFields, startSamlServer, type SamlServer } from '../saml/helpers.js';

describe('SAML login across two instances sharing Redis', () => {
  let a: SamlServer;
  let b: SamlServer;
  before(async () => {
    const redisPrefix = `rgtest:${randomBytes(6).toString('hex')}:`;
    a = await startSamlServer({ storeKind: 'redis', redisPrefix });
    // Both instances stand behind one public URL, as behind a load balancer.
    b = await startSamlServer({ storeKind: 'redis', redisPrefix, env: { PUBLIC_URL: a.url } });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('SP-initiated on A, the IdP response is consumed by B, and the console session works on both', async () => {
    const browser = new Browser();
    const start = await browser.get(`${a.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}&returnTo=${encodeURIComponent('/console')}`);
    assert.equal(start.status, 302);
    const loginPage = await browser.get(start.headers.get('location')!);
    const posted = await browser.post(`${a.url}/idp/saml/login`, { ...formFields(loginPage.body), username: 'dana', password: 'Dana-Demo-2026!' });
    const response = formFields(posted.body);
    assert.ok(response['SAMLResponse'], 'the IdP answered with a SAML response');
    // The load balancer sends the POST to B (cookies are per host, so the binding cookie comes along).
    const acs = await browser.post(`${b.url}/saml`, response);
    assert.equal(acs.status, 303, acs.body);
    assert.equal(acs.headers.get('location'), '/console');
    for (const instance of [a, b]) {
      const home = await browser.get(`${instance.url}/console`);
      assert.equal(home.status, 200);
      assert.match(home.body, /arn:aws:sts::111111111111:assumed-role\/SSODeveloper\/dana/);
    }
    // The same response replayed on A is refused: the assertion id was consumed in the shared store.
    const replay = await new Browser().post(`${a.url}/saml`, response);
    assert.notEqual(replay.status, 303);
  });
});
