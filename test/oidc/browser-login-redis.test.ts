/**
 * Browser sign-in with the shared Redis store: two rolegate instances (each its own app, caches and
 * Redis connection; and two separate rolegate processes) share one Redis key prefix; a login
 * started on one completes on the other, for every provider kind, and its state cannot be used
 * again on either.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startSimulators, type RunningSimulators } from '../../src/dev-oidc/index.js';
import { startRolegateProcess, type RolegateProcess } from '../helpers/processes.js';
import { REDIS_URL, startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { callbackOn, DEMO_LOGIN, go, Jar, OUTSIDER, signInAt, startLogin, type ProviderKind } from './browser-helpers.js';

describe('browser sign-in across two instances sharing one Redis', () => {
  let sims: RunningSimulators;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    sims = await startSimulators();
    const redisPrefix = `rgtest:oidc-login:${randomBytes(6).toString('hex')}:`;
    const env = { ROLEGATE_DEV_OIDC_URL: sims.url, S3_PORT: 'off' };
    a = await startRolegate({ storeKind: 'redis', redisPrefix, env });
    b = await startRolegate({ storeKind: 'redis', redisPrefix, env });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sims?.close();
  });

  for (const kind of ['corp', 'google', 'facebook', 'amazon'] as const satisfies readonly ProviderKind[]) {
    it(`${kind}: started on one instance, completed on the other; the state is then spent on both`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, a.url, kind);
      const back = await signInAt(kind, authorize.href, DEMO_LOGIN[kind]);
      const landed = await go(browser, callbackOn(b.url, back));
      assert.equal(landed.status, 303, await landed.text());
      assert.ok(browser.hasConsoleSession());
      for (const instance of [a, b]) {
        const home = await go(browser, `${instance.url}/console`);
        assert.equal(home.status, 200);
        assert.match(await home.text(), /MobileAppUser/);
      }

      for (const instance of [a, b]) {
        const replayer = new Jar();
        replayer.cookies.set('rg_oidc_tx', 'x'.repeat(43));
        const mark = instance.store.writes.length;
        const replay = await go(replayer, callbackOn(instance.url, back));
        assert.equal(replay.status, 400);
        assert.match(await replay.text(), /SIGNIN_STATE_INVALID/);
        assert.deepEqual(instance.store.writtenSince(mark), []);
        assert.equal(replayer.hasConsoleSession(), false);
      }
    });
  }

  it('google: a refused login (no role for the user) stores nothing on the instance that completes it', async () => {
    const browser = new Jar();
    const authorize = await startLogin(browser, a.url, 'google');
    const back = await signInAt('google', authorize.href, OUTSIDER);
    const [markA, markB] = [a.store.writes.length, b.store.writes.length];
    const refused = await go(browser, callbackOn(b.url, back));
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /ACCESS_DENIED/);
    assert.deepEqual([...a.store.writtenSince(markA), ...b.store.writtenSince(markB)], []);
    assert.equal(browser.hasConsoleSession(), false);
  });
});

describe('browser sign-in across two rolegate processes on one Redis', () => {
  let sims: RunningSimulators;
  let a: RolegateProcess;
  let b: RolegateProcess;
  before(async () => {
    sims = await startSimulators();
    const env = {
      REDIS_URL,
      ROLEGATE_REDIS_PREFIX: `rgtest:${randomBytes(6).toString('hex')}:`,
      ROLEGATE_MASTER_KEY: randomBytes(32).toString('hex'),
      ROLEGATE_DEV_OIDC_URL: sims.url,
      // Instances behind one name share the public URL (and so the redirect URI).
      PUBLIC_URL: 'http://rolegate.test',
    };
    [a, b] = await Promise.all([startRolegateProcess(env), startRolegateProcess(env)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sims?.close();
  });

  for (const kind of ['google', 'amazon'] as const) {
    it(`${kind}: started on process A, completed on process B`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, a.url, kind);
      const back = await signInAt(kind, authorize.href, DEMO_LOGIN[kind]);
      const landed = await go(browser, callbackOn(b.url, back));
      assert.equal(landed.status, 303, await landed.text());
      const home = await go(browser, `${a.url}/console`);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /MobileAppUser/);
      const replay = await go(new Jar(), callbackOn(a.url, back));
      assert.equal(replay.status, 400);
    });
  }
});
