/**
 * Switch role beyond the journey: the MFA-protected role asks for a code, role chaining keeps a
 * stack and follows the core's rules, EC2 actions change the kept state as far as the role allows,
 * pinned roles, and sign-out revoking every credential of the stack (memory and Redis stores).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../src/core/index.js';
import { ALICE_MFA_SEED, CRITICAL_OPS } from '../helpers/demo.js';
import { alertText, csrfOf, freshCode, home, postForm, sessionsWrittenSince, signInUser, startSamlServer, switchRole, testId, type SamlServer } from './helpers.js';

describe('switch role: MFA, chaining, EC2, pins', () => {
  let server: SamlServer;
  before(async () => {
    server = await startSamlServer();
  });
  after(() => server.close());

  it('CriticalOps asks for an MFA code, refuses a wrong one, accepts a fresh one', async () => {
    const alice = await signInUser(server, 'alice');
    const mark = server.store.writes.length;
    const asked = await switchRole(server, alice, { account: '222222222222', roleName: 'CriticalOps', displayName: 'Ops', color: 'purple' });
    assert.equal(asked.status, 401);
    assert.match(asked.body, /<label for="mfaCode">MFA code<\/label>/);
    assert.match(alertText(asked.body)!, /MFA/);
    assert.match(asked.body, /id="roleName" name="roleName" value="CriticalOps"/, 'the form keeps what was typed');
    assert.deepEqual(sessionsWrittenSince(server, mark), []);

    const wrong = await alice.post(`${server.url}/switchrole`, { csrf: csrfOf(asked.body), account: '222222222222', roleName: 'CriticalOps', mfaCode: '000000' });
    assert.equal(wrong.status, 401);
    assert.match(alertText(wrong.body)!, /MFA/);
    assert.deepEqual(sessionsWrittenSince(server, mark), []);

    const code = freshCode(server);
    const ok = await alice.post(`${server.url}/switchrole`, { csrf: csrfOf(asked.body), account: '222222222222', roleName: 'CriticalOps', displayName: 'Ops', color: 'purple', mfaCode: code });
    assert.equal(ok.status, 303, ok.body);
    const page = await home(server, alice);
    assert.equal(testId(page, 'identity'), 'Ops');
    assert.match(page, /<header class="stripe-purple">/);
    const [key] = sessionsWrittenSince(server, mark);
    const session = (await server.rolegate.services.resolver.find(key!))!.session;
    assert.equal(session.roleArn, CRITICAL_OPS);
    assert.ok(session.mfa, 'the role session carries the MFA of the switch');
    assert.equal(session.chained, false);

    // The same code again is a replay.
    await postForm(server, alice, '/console/exitrole');
    const replay = await switchRole(server, alice, { account: '222222222222', roleName: 'CriticalOps', mfaCode: code });
    assert.equal(replay.status, 401);
  });

  it('EC2: CriticalOps stops and starts a critical instance (state kept), is denied on another with the reason', async () => {
    const alice = await signInUser(server, 'alice');
    const asked = await switchRole(server, alice, { account: 'production', roleName: 'CriticalOps' });
    const ok = await alice.post(`${server.url}/switchrole`, { csrf: csrfOf(asked.body), account: 'production', roleName: 'CriticalOps', mfaCode: freshCode(server) });
    assert.equal(ok.status, 303, ok.body);
    let list = await alice.get(`${server.url}/console/ec2`);
    assert.equal(list.status, 200);
    assert.match(list.body, /<h1>Instances<\/h1>/);
    const row = (html: string, id: string) => testId(html.slice(html.indexOf(`data-testid="instance-${id}"`)), 'state');
    assert.equal(row(list.body, 'i-0c0ffee0000c0ffee'), 'running');

    const stopped = await postForm(server, alice, '/console/ec2/i-0c0ffee0000c0ffee/stop');
    assert.equal(stopped.status, 303, stopped.body);
    assert.equal(stopped.headers.get('location'), '/console/ec2?done=i-0c0ffee0000c0ffee%3Astopped');
    list = await alice.get(`${server.url}${stopped.headers.get('location')}`);
    assert.equal(row(list.body, 'i-0c0ffee0000c0ffee'), 'stopped');
    assert.match(list.body, /Instance i-0c0ffee0000c0ffee is now stopped\./);
    assert.equal(await server.store.get('ec2:state:i-0c0ffee0000c0ffee'), 'stopped');
    assert.equal((await postForm(server, alice, '/console/ec2/i-0c0ffee0000c0ffee/start')).status, 303);
    assert.equal(row((await alice.get(`${server.url}/console/ec2`)).body, 'i-0c0ffee0000c0ffee'), 'running');

    const mark = server.store.writes.length;
    const denied = await postForm(server, alice, '/console/ec2/i-0badcafe000000001/terminate');
    assert.equal(denied.status, 403);
    assert.match(denied.body, /<h1>Access denied<\/h1>/);
    const why = testId(denied.body, 'denial-explanation')!;
    assert.match(why, /ec2:TerminateInstances/);
    assert.match(why, /arn:aws:ec2:us-east-1:222222222222:instance\/i-0badcafe000000001/);
    assert.match(why, /Nearest miss: Allow identity .*TerminateCriticalInstances statement 1 \(Sid ManageCriticalInstances\)/);
    assert.match(why, /aws:ResourceTag\/critical/);
    assert.deepEqual(server.store.writtenSince(mark, 'ec2:'), []);
    assert.equal(row((await alice.get(`${server.url}/console/ec2`)).body, 'i-0badcafe000000001'), 'running');

    assert.equal((await postForm(server, alice, '/console/ec2/i-0c0ffee0000c0ffee/terminate')).status, 303);
    const again = await postForm(server, alice, '/console/ec2/i-0c0ffee0000c0ffee/start');
    assert.equal(again.status, 400, 'a terminated instance stays terminated');
    assert.equal(await server.store.get('ec2:state:i-0c0ffee0000c0ffee'), 'terminated');
  });

  it('role chaining: UpdateAPP → ProductionReadOnly, a stack that exits one level at a time; no MFA in a chain', async () => {
    const alice = await signInUser(server, 'alice');
    assert.equal((await switchRole(server, alice, { account: 'production', roleName: 'UpdateAPP' })).status, 303);
    const mark = server.store.writes.length;
    const chained = await switchRole(server, alice, { account: 'production', roleName: 'ProductionReadOnly', displayName: 'Read only' });
    assert.equal(chained.status, 303, chained.body);
    const [key] = sessionsWrittenSince(server, mark);
    const session = (await server.rolegate.services.resolver.find(key!))!.session;
    assert.equal(session.chained, true);
    assert.ok(session.expiresAt - session.issuedAt <= 3600_000, 'role chaining: at most one hour');
    assert.equal(session.issuedBy, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/alice');
    let page = await home(server, alice);
    assert.equal(testId(page, 'identity'), 'Read only');
    assert.equal(testId(page, 'original-identity'), 'alice @ development');
    // Read only: it may read productionapp but not write to it.
    assert.equal((await alice.get(`${server.url}/console/s3/productionapp`)).status, 200);
    assert.equal((await postForm(server, alice, '/console/s3/productionapp/upload', { key: 'x.txt', content: 'x' })).status, 403);

    // From a role session there is no MFA: the MFA role is refused with the trust policy's reason.
    const refused = await switchRole(server, alice, { account: 'production', roleName: 'CriticalOps' });
    assert.equal(refused.status, 403);
    assert.match(alertText(refused.body)!, /assumed-role\/ProductionReadOnly\/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/CriticalOps/);

    // …and an MFA code cannot be given from a role session at all.
    const noDevice = await switchRole(server, alice, { account: 'production', roleName: 'CriticalOps', mfaCode: '123456' });
    assert.equal(noDevice.status, 400);
    assert.match(alertText(noDevice.body)!, /role session \(role chaining\) carries no MFA/);

    assert.equal((await postForm(server, alice, '/console/exitrole')).status, 303);
    page = await home(server, alice);
    assert.match(page, /<dd id="role">UpdateAPP<\/dd>/);
    assert.equal(testId(page, 'identity'), 'UpdateAPP/alice');
    assert.equal((await postForm(server, alice, '/console/exitrole')).status, 303);
    page = await home(server, alice);
    assert.equal(testId(page, 'identity'), 'alice @ development');
    const none = await postForm(server, alice, '/console/exitrole');
    assert.equal(none.status, 400, 'nothing to exit');
  });

  it('a switched role never outlives the identity it was switched from (sts.md §7: min(role max, remaining session))', async () => {
    const alice = await signInUser(server, 'alice');
    const before = server.store.writes.length;
    assert.equal((await switchRole(server, alice, { account: 'production', roleName: 'UpdateAPP' })).status, 303);
    const first = (await server.rolegate.services.resolver.find(sessionsWrittenSince(server, before)[0]!))!.session;
    const start = server.clock.offsetMs;
    server.clock.offsetMs += 50 * 60 * 1000;
    try {
      const mark = server.store.writes.length;
      assert.equal((await switchRole(server, alice, { account: 'production', roleName: 'ProductionReadOnly' })).status, 303);
      const [key] = sessionsWrittenSince(server, mark);
      const chained = (await server.rolegate.services.resolver.find(key!))!.session;
      assert.ok(chained.expiresAt <= first.expiresAt, `chained role ends ${chained.expiresAt - first.expiresAt} ms after the role it came from`);
      server.clock.offsetMs += first.expiresAt - server.clock.now() + 1000;
      assert.match((await alice.get(`${server.url}/console/s3/productionapp`)).body, /Sign in to the console|CONSOLE_SESSION_REQUIRED/, 'no access past the source session');
    } finally {
      server.clock.offsetMs = start;
    }
  });

  it('two concurrent switches of one session: exactly one wins, the credentials of the other are revoked', async () => {
    const alice = await signInUser(server, 'alice');
    const csrf = csrfOf(await home(server, alice));
    const mark = server.store.writes.length;
    const post = () => alice.post(`${server.url}/switchrole`, { csrf, account: 'production', roleName: 'UpdateAPP' });
    const results = await Promise.all([post(), post()]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 401]);
    // The loser either found the session already changed, or minted credentials and lost the
    // GETDEL of the session record: then its credentials are revoked. Only the winner's stay valid.
    const keys = sessionsWrittenSince(server, mark);
    server.rolegate.services.resolver.invalidate();
    const live = await Promise.all(keys.map(async (k) => !(await server.rolegate.services.resolver.find(k))!.revocation.revoked));
    assert.equal(live.filter(Boolean).length, 1, `one live credential among ${keys.length}`);
    assert.equal(testId(await home(server, alice), 'identity'), 'UpdateAPP/alice');

    // Both mint for sure when both have read the session before either writes: one loses the GETDEL.
    const { readConsoleSession, switchRole: doSwitch } = await import('../../src/console/index.js');
    const deps = { store: server.store, clock: server.clock, random: { bytes: (n: number) => randomBytes(n) }, services: server.rolegate.services, secureCookies: false };
    const cookieHeader = `rg_console=${alice.cookies.get('rg_console')}`;
    const session = (await readConsoleSession(deps, cookieHeader))!;
    const before = server.store.writes.length;
    const outcomes = await Promise.allSettled([0, 1].map(() => doSwitch(deps, { cookieHeader, session, form: { account: 'production', roleName: 'ProductionReadOnly' }, env: { nowMs: server.clock.now() } })));
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason.code, 'CONSOLE_SESSION_REQUIRED');
    const minted = sessionsWrittenSince(server, before);
    assert.equal(minted.length, 2);
    server.rolegate.services.resolver.invalidate();
    const alive = await Promise.all(minted.map(async (k) => !(await server.rolegate.services.resolver.find(k))!.revocation.revoked));
    assert.deepEqual(alive.sort(), [false, true]);
  });

  it('recently used roles are not limited to five; pinning and unpinning', async () => {
    const alice = await signInUser(server, 'alice');
    for (const [roleName, displayName] of [['UpdateAPP', 'one'], ['UpdateAPP', 'two'], ['UpdateAPP', 'three']] as const) {
      assert.equal((await switchRole(server, alice, { account: 'production', roleName, displayName })).status, 303);
      assert.equal((await postForm(server, alice, '/console/exitrole')).status, 303);
    }
    let page = await home(server, alice);
    const recent = page.slice(page.indexOf('data-testid="recent-roles"'));
    assert.match(recent, /three \(UpdateAPP @ production\)/, 'newest first, with the latest display name');
    const pin = await postForm(server, alice, '/console/roles/pin', { account: 'production', roleName: 'UpdateAPP', displayName: 'three', pinned: 'true' });
    assert.equal(pin.status, 303);
    page = await home(server, alice);
    assert.match(page.slice(page.indexOf('data-testid="pinned-roles"')), /href="\/switchrole\?account=production&amp;roleName=UpdateAPP&amp;displayName=three"/);
    await postForm(server, alice, '/console/roles/pin', { account: 'production', roleName: 'UpdateAPP', pinned: 'false' });
    assert.doesNotMatch(await home(server, alice), /data-testid="pinned-roles"/);

    // More than five distinct roles are remembered (store-level: the directory has few assumable roles).
    const { rememberRecent, roleHistory } = await import('../../src/console/index.js');
    const deps = { store: server.store, clock: server.clock, random: { bytes: (n: number) => Buffer.alloc(n, 1) }, services: server.rolegate.services, secureCookies: false };
    const identity = { subject: 'arn:aws:iam::111111111111:user/someone', provider: 'iam-user' };
    for (let i = 0; i < 8; i++) await rememberRecent(deps, identity, { account: '222222222222', roleName: `Role${i}` });
    const history = await roleHistory(deps, identity);
    assert.equal(history.recent.length, 8);
    assert.equal(history.recent[0]!.roleName, 'Role7');
  });
});

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`sign-out (${storeKind} store)`, () => {
    let server: SamlServer;
    before(async () => {
      server = await startSamlServer({ storeKind });
    });
    after(() => server.close());

    it('revokes the credentials of every frame of the stack and clears the cookie', async () => {
      const mark = server.store.writes.length;
      const alice = await signInUser(server, 'alice');
      assert.equal((await switchRole(server, alice, { account: 'production', roleName: 'UpdateAPP' })).status, 303);
      const keys = sessionsWrittenSince(server, mark);
      assert.equal(keys.length, 2);
      const out = await postForm(server, alice, '/console/signout');
      assert.equal(out.status, 200);
      assert.match(out.body, /<h1 id="signed-out">Signed out<\/h1>/);
      assert.ok(out.headers.getSetCookie().some((c) => /^rg_console=;.*Max-Age=0/.test(c)));
      server.rolegate.services.resolver.invalidate();
      for (const key of keys) assert.equal((await server.rolegate.services.resolver.find(key))?.revocation.revoked, true, key);
      assert.match((await alice.get(`${server.url}/console`)).body, /Sign in to the console/);
    });
  });
}

describe('switch role: MFA guessing', () => {
  let server: SamlServer;
  before(async () => {
    server = await startSamlServer();
  });
  after(() => server.close());

  it('wrong MFA codes count against the per-IP budget of failed sign-ins: then 429, even for the right code, and nothing is issued', async () => {
    const alice = await signInUser(server, 'alice');
    const asked = await switchRole(server, alice, { account: '222222222222', roleName: 'CriticalOps' });
    const csrf = csrfOf(asked.body);
    const tryCode = async (mfaCode: string) => (await alice.post(`${server.url}/switchrole`, { csrf, account: '222222222222', roleName: 'CriticalOps', mfaCode })).status;
    // The budget is a fixed 15-minute window; if the 20 failures straddle a window boundary, spend
    // the new window's budget again (a second straddle 15 minutes later cannot happen).
    let mark = 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      mark = server.store.writes.length;
      // Codes valid around now (±1 period) are never sent as "wrong" ones; the clock is not moved.
      const valid = new Set([-1, 0, 1].map((p) => currentTotp(ALICE_MFA_SEED, server.clock.now() + p * 30_000)));
      const wrongCodes = Array.from({ length: 40 }, (_, i) => String(100000 + i * 7919)).filter((c) => !valid.has(c)).slice(0, 20);
      for (const wrong of wrongCodes) assert.equal(await tryCode(wrong), 401, 'a wrong code is refused');
      const windows = new Set(server.store.writtenSince(mark, 'console:throttle:').map((k) => k.split(':').at(-1)));
      if (windows.size === 1) break;
    }
    assert.equal(await tryCode(freshCode(server)), 429, 'the budget is spent: even the right code waits for the window');
    assert.deepEqual(sessionsWrittenSince(server, mark), [], 'no credentials were issued');
    // A switch without an MFA code is not throttled (there is nothing to guess).
    assert.equal((await switchRole(server, alice, { account: '222222222222', roleName: 'UpdateAPP' })).status, 303);
  });
});
