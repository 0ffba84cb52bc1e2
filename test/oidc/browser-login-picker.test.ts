/**
 * Browser sign-in with mapping rules that offer several roles (`ambiguity: "ask"`): Login with
 * Amazon (OAuth path) lands on the console's role picker, and the chosen role is assumed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyOfDemoConfig, edit } from '../helpers/config-copy.js';
import { callbackOn, DEMO_LOGIN, go, Jar, signInAt, startLogin } from './browser-helpers.js';
import { MOBILE_ROLE, startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

const TESTER_ROLE = 'arn:aws:iam::222222222222:role/MobileAppTester';

describe('browser sign-in with several mapped roles: the role picker', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    const dir = copyOfDemoConfig('rolegate-oidc-picker-');
    edit(dir, 'accounts/production.json', (account) => {
      const user = account['roles'].find((r: { name: string }) => r.name === 'MobileAppUser');
      account['roles'].push({ ...structuredClone(user), name: 'MobileAppTester' });
    });
    edit(dir, 'web-identity.json', (file) => {
      file['amazon'].mappingRules.push({ claim: 'email', op: 'equals', value: 'amy@example.com', roleArn: TESTER_ROLE });
      file['amazon'].ambiguity = 'ask';
    });
    fx = await startWebIdentityFixture({ env: { ROLEGATE_CONFIG: dir } });
  });
  after(async () => fx.close());

  it('offers both roles, and the choice signs in with it', async () => {
    const browser = new Jar();
    const authorize = await startLogin(browser, fx.rg.url, 'amazon');
    const back = await signInAt('amazon', authorize.href, DEMO_LOGIN.amazon);
    const picker = await go(browser, callbackOn(fx.rg.url, back));
    const html = await picker.text();
    assert.equal(picker.status, 200, html);
    assert.equal(browser.hasConsoleSession(), false, 'no session before the choice');
    assert.ok(html.includes(`value="${MOBILE_ROLE}"`) && html.includes(`value="${TESTER_ROLE}"`), html);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(csrf);
    const chosen = await go(browser, `${fx.rg.url}/console/pick`, {
      method: 'POST',
      body: new URLSearchParams({ csrf, roleArn: TESTER_ROLE }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(chosen.status, 303, await chosen.text());
    const home = await go(browser, `${fx.rg.url}/console`);
    assert.match(await home.text(), /MobileAppTester/);
  });
});
