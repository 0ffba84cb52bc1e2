/**
 * Attacks on the console: cross-site form posts (Origin, Sec-Fetch-Site, missing or forged CSRF),
 * login CSRF, session fixation, password and MFA guessing, hostile and malformed input, and the
 * page hygiene (CSP without inline script or style, no framing, cookie flags). Every refusal has
 * the right status and leaves nothing behind: no session, no cookie, no credential, no object.
 */
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { configWith } from '../saml/helpers.js';
import { alertText, Browser, csrfOf, errorCode, formFields, freshCode, home, PASSWORDS, postForm, sessionsWrittenSince, signInUser, startSamlServer, switchRole, testId, type SamlServer } from './helpers.js';

let server: SamlServer;
before(async () => {
  server = await startSamlServer({ storeKind: 'redis' });
});
after(() => server.close());

/** Writes that would mean something was started or changed. */
function sideEffects(mark: number): string[] {
  return server.store.writtenSince(mark).filter((k) => /^(sess:|console:sess:|console:mfa:|console:signin:|s3:|ec2:|console:roles:)/.test(k));
}

async function signInPage(browser: Browser) {
  const page = await browser.get(`${server.url}/console`);
  return csrfOf(page.body);
}

describe('console sign-in attacks', () => {
  it('wrong password, unknown user or account, wrong MFA: 401, one generic message, no cookie, nothing stored', async () => {
    const attempts: Array<Record<string, string>> = [
      { account: 'development', username: 'alice', password: 'wrong-password' },
      { account: 'development', username: 'mallory', password: PASSWORDS.alice },
      { account: '999999999999', username: 'alice', password: PASSWORDS.alice },
      { account: 'development', username: 'bob', password: PASSWORDS.alice },
      { account: 'development', username: 'alice', password: PASSWORDS.alice, mfaCode: '000000' },
      { account: 'development', username: 'alice', password: PASSWORDS.alice, mfaCode: 'abcdef' },
      { account: 'development', username: 'alice', password: '' },
      { account: 'a'.repeat(5000), username: 'alice', password: PASSWORDS.alice },
    ];
    const messages = new Set<string>();
    for (const fields of attempts) {
      const browser = new Browser();
      const csrf = await signInPage(browser);
      const mark = server.store.writes.length;
      const res = await browser.post(`${server.url}/console/signin`, { csrf, ...fields });
      assert.equal(res.status, 401, JSON.stringify(fields).slice(0, 80));
      messages.add(alertText(res.body)!);
      assert.deepEqual(res.headers.getSetCookie().filter((c) => c.startsWith('rg_console') || c.startsWith('rg_mfa')), []);
      assert.deepEqual(sideEffects(mark), []);
      assert.doesNotMatch(res.body, /Alice-Demo|wrong-password/, 'the password is never echoed');
    }
    assert.deepEqual([...messages], ['Sign-in failed. Check the account, user name, password and MFA code, and try again.']);
    const audit = await server.rolegate.services.audit.latest(50);
    // An unknown user name is hidden (people type passwords there), as CloudTrail does.
    assert.ok(audit.some((e) => e.type === 'console.signin' && e.result === 'failure' && e.principal === '111111111111/HIDDEN_DUE_TO_SECURITY_REASONS'));
    assert.doesNotMatch(JSON.stringify(audit) + server.logLines.join('\n'), /mallory/, 'a typed unknown user name reaches neither the audit trail nor the logs');
    assert.ok(audit.some((e) => e.type === 'console.signin' && e.result === 'failure' && e.principal === 'arn:aws:iam::111111111111:user/alice'), 'a wrong MFA code');
    const trail = JSON.stringify(audit) + server.logLines.join('\n');
    assert.doesNotMatch(trail, /Alice-Demo-2026|wrong-password/, 'passwords never reach logs or the audit trail');
  });

  it('login CSRF: a post without the pre-session cookie, with a forged token, or from another origin is refused', async () => {
    const mark = server.store.writes.length;
    const fields = { account: 'development', username: 'bob', password: PASSWORDS.bob };
    const noCookie = await new Browser().post(`${server.url}/console/signin`, { csrf: 'x'.repeat(43), ...fields });
    assert.equal(noCookie.status, 403);
    assert.equal(errorCode(noCookie.body), 'CSRF_INVALID');
    const browser = new Browser();
    const csrf = await signInPage(browser);
    const forged = await browser.post(`${server.url}/console/signin`, { csrf: csrf.slice(0, -2) + 'AA', ...fields });
    assert.equal(forged.status, 403);
    const missing = await browser.post(`${server.url}/console/signin`, fields);
    assert.equal(missing.status, 403);
    const crossSite = await browser.fetch(`${server.url}/console/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
    });
    assert.equal(crossSite.status, 403);
    const sandboxed = await browser.fetch(`${server.url}/console/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
    });
    assert.equal(sandboxed.status, 403);
    assert.deepEqual(sideEffects(mark), []);
    assert.equal(browser.cookies.get('rg_console'), undefined);
    // What a real browser sends on a same-origin post under Referrer-Policy no-referrer: accepted.
    const sameOrigin = await browser.fetch(`${server.url}/console/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
    });
    assert.equal(sameOrigin.status, 303);
  });

  it('session fixation: a cookie planted before sign-in is never adopted; each sign-in gets a new id', async () => {
    const planted = 'attacker-chosen-session-id-0001';
    const browser = new Browser();
    browser.cookies.set('rg_console', planted);
    await signInUser(server, 'bob', browser);
    const first = browser.cookies.get('rg_console')!;
    assert.notEqual(first, planted);
    const attacker = new Browser();
    attacker.cookies.set('rg_console', planted);
    assert.match((await attacker.get(`${server.url}/console`)).body, /Sign in to the console/);
    browser.cookies.set('rg_console', 'x'.repeat(43));
    await signInUser(server, 'bob', browser);
    assert.notEqual(browser.cookies.get('rg_console'), first);
  });

  it('the MFA step: single use, five wrong codes end it, a cross-site post is refused', async () => {
    const browser = new Browser();
    const csrf = await signInPage(browser);
    const step = await browser.post(`${server.url}/console/signin`, { csrf, account: '111111111111', username: 'alice', password: PASSWORDS.alice });
    assert.equal(step.status, 200);
    const mfaCsrf = csrfOf(step.body);
    const crossSite = await browser.fetch(`${server.url}/console/signin/mfa`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ csrf: mfaCsrf, mfaCode: '123456' }).toString(),
    });
    assert.equal(crossSite.status, 403);
    const forged = await browser.post(`${server.url}/console/signin/mfa`, { csrf: 'forged', mfaCode: '123456' });
    assert.equal(forged.status, 403);
    for (let i = 0; i < 5; i++) {
      const wrong = await browser.post(`${server.url}/console/signin/mfa`, { csrf: mfaCsrf, mfaCode: '000000' });
      assert.equal(wrong.status, 401, `attempt ${i + 1}`);
      assert.equal(browser.cookies.get('rg_console'), undefined);
    }
    const ended = await browser.post(`${server.url}/console/signin/mfa`, { csrf: mfaCsrf, mfaCode: freshCode(server) });
    assert.equal(ended.status, 400);
    assert.equal(errorCode(ended.body), 'SIGNIN_STATE_INVALID');

    const again = new Browser();
    const step2 = await again.post(`${server.url}/console/signin`, { csrf: await signInPage(again), account: 'development', username: 'alice', password: PASSWORDS.alice });
    const mfa2 = csrfOf(step2.body);
    const cookie = `rg_mfa=${again.cookies.get('rg_mfa')}; rg_signin=${again.cookies.get('rg_signin')}`;
    assert.equal((await again.post(`${server.url}/console/signin/mfa`, { csrf: mfa2, mfaCode: freshCode(server) })).status, 303);
    const replay = await fetch(`${server.url}/console/signin/mfa`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf: mfa2, mfaCode: freshCode(server) }).toString() });
    assert.equal(replay.status, 400, 'the pending MFA step was consumed');
    assert.deepEqual(replay.headers.getSetCookie(), []);
  });
});

describe('signed-in console attacks', () => {
  it('cross-site or CSRF-less posts switch, upload, delete, act and sign out nothing', async () => {
    const alice = await signInUser(server, 'alice');
    const csrf = csrfOf(await home(server, alice));
    const attempts: Array<[string, Record<string, string>]> = [
      ['/switchrole', { account: 'production', roleName: 'UpdateAPP' }],
      ['/console/s3/dev-scratch/upload', { key: 'owned.txt', content: 'x' }],
      ['/console/s3/dev-scratch/delete', { key: 'hello.txt' }],
      ['/console/ec2/i-0a1b2c3d4e5f67890/stop', {}],
      ['/console/roles/pin', { account: 'production', roleName: 'UpdateAPP' }],
      ['/console/exitrole', {}],
      ['/console/signout', {}],
    ];
    for (const [path, fields] of attempts) {
      const mark = server.store.writes.length;
      const missing = await alice.post(`${server.url}${path}`, fields);
      assert.equal(missing.status, 403, `${path} without csrf`);
      assert.equal(errorCode(missing.body), 'CSRF_INVALID');
      for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }] as Array<Record<string, string>>) {
        const res = await alice.fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ csrf, ...fields }).toString() });
        assert.equal(res.status, 403, `${path} ${JSON.stringify(headers)}`);
      }
      assert.deepEqual(sideEffects(mark), [], path);
    }
    assert.equal(testId(await home(server, alice), 'identity'), 'alice @ development', 'still signed in, nothing switched');
  });

  it('signed out: every console page and form answers 401 and sets nothing', async () => {
    const stranger = new Browser();
    for (const path of ['/console/s3', '/console/s3/productionapp', '/console/ec2', '/console/instances']) {
      const res = await stranger.get(`${server.url}${path}`);
      assert.equal(res.status, 401, path);
      assert.equal(errorCode(res.body), 'CONSOLE_SESSION_REQUIRED');
    }
    const mark = server.store.writes.length;
    for (const path of ['/switchrole', '/console/exitrole', '/console/signout', '/console/s3/productionapp/upload', '/console/ec2/i-0c0ffee0000c0ffee/terminate']) {
      const res = await stranger.post(`${server.url}${path}`, { csrf: 'x', account: 'production', roleName: 'UpdateAPP', key: 'k', content: 'c' });
      assert.equal(res.status, 401, path);
      assert.deepEqual(res.headers.getSetCookie(), []);
    }
    assert.deepEqual(sideEffects(mark), []);
  });

  it('hostile and malformed input: right status, escaped, nothing stored', async () => {
    const alice = await signInUser(server, 'alice');
    const csrf = csrfOf(await home(server, alice));
    const mark = server.store.writes.length;
    const cases: Array<[Record<string, string>, number]> = [
      [{ account: 'production', roleName: '<script>alert(1)</script>' }, 400],
      [{ account: 'x'.repeat(200), roleName: 'UpdateAPP' }, 400],
      [{ account: 'nosuchalias', roleName: 'UpdateAPP' }, 400],
      [{ account: 'production', roleName: 'UpdateAPP', displayName: 'line\nbreak' }, 400],
      [{ account: 'production', roleName: 'UpdateAPP', mfaCode: '12ab56' }, 400],
      [{ account: 'production', roleName: 'NoSuchRole' }, 403],
      [{ account: '', roleName: '' }, 400],
    ];
    for (const [fields, status] of cases) {
      const res = await alice.post(`${server.url}/switchrole`, { csrf, ...fields });
      assert.equal(res.status, status, JSON.stringify(fields).slice(0, 60));
      assert.doesNotMatch(res.body, /<script>alert/);
    }
    assert.deepEqual(sessionsWrittenSince(server, mark), []);

    // A color outside the allow-list never reaches the page as CSS.
    const link = await alice.get(`${server.url}/switchrole?account=production&roleName=UpdateAPP&displayName=%3Cimg%20src%3Dx%3E&color=red%3Bbackground%3Aurl(x)`);
    assert.equal(link.status, 200);
    assert.match(link.body, /<option value="" selected>None<\/option>/);
    assert.match(link.body, /value="&lt;img src=x&gt;"/);
    const switched = await alice.post(`${server.url}/switchrole`, { csrf, account: 'production', roleName: 'UpdateAPP', displayName: '<img src=x>', color: 'red;background:url(x)' });
    assert.equal(switched.status, 303);
    const page = await home(server, alice);
    assert.match(page, /<header>/, 'no stripe class from an unknown color');
    assert.match(page, /data-testid="identity">&lt;img src=x&gt;</);

    const s3Mark = server.store.writes.length;
    assert.equal((await alice.get(`${server.url}/console/s3/no-such-bucket`)).status, 404);
    assert.equal((await alice.get(`${server.url}/console/s3/..%2F..%2Fetc`)).status, 404);
    assert.equal((await alice.get(`${server.url}/console/s3/productionapp/object`)).status, 400);
    assert.equal((await alice.get(`${server.url}/console/s3/productionapp/object?key=nope`)).status, 404);
    assert.equal((await postForm(server, alice, '/console/s3/productionapp/upload', { key: 'k'.repeat(1025), content: 'x' })).status, 400);
    assert.equal((await postForm(server, alice, '/console/s3/productionapp/upload', { key: 'bad\u0000key', content: 'x' })).status, 400);
    assert.equal((await postForm(server, alice, '/console/s3/productionapp/upload', { key: '', content: 'x' })).status, 400);
    assert.equal((await postForm(server, alice, '/console/s3/productionapp/upload', { key: 'big.txt', content: 'x'.repeat(300 * 1024) })).status, 413);
    assert.equal((await postForm(server, alice, '/console/ec2/i-0c0ffee0000c0ffee/reboot')).status, 404);
    assert.equal((await postForm(server, alice, '/console/ec2/i-ffffffffffffffff0/stop')).status, 404);
    assert.equal((await postForm(server, alice, '/console/ec2/nope/stop')).status, 404);
    assert.deepEqual(sideEffects(s3Mark), []);
  });

  it('pages: CSP without inline script or style, no framing, no inline style attributes; cookies HttpOnly and SameSite', async () => {
    const bob = new Browser();
    const signin = await bob.get(`${server.url}/console`);
    const signinCookie = signin.headers.getSetCookie().find((c) => c.startsWith('rg_signin='))!;
    assert.match(signinCookie, /HttpOnly/);
    assert.match(signinCookie, /SameSite=Lax/);
    const posted = await bob.post(`${server.url}/console/signin`, { csrf: csrfOf(signin.body), account: 'development', username: 'bob', password: PASSWORDS.bob });
    const sessionCookie = posted.headers.getSetCookie().find((c) => c.startsWith('rg_console='))!;
    assert.match(sessionCookie, /HttpOnly/);
    assert.match(sessionCookie, /SameSite=Lax/);
    for (const path of ['/console', '/switchrole', '/console/s3', '/console/s3/dev-scratch', '/console/s3/dev-scratch/object?key=hello.txt', '/console/ec2', '/console/s3/production-secrets']) {
      const res = await bob.get(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy')!;
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src/, 'no script may run at all');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.doesNotMatch(res.body, /<script|\sstyle=|\son[a-z]+=/i, path);
      for (const input of res.body.matchAll(/<(input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/g)) {
        assert.match(res.body, new RegExp(`<label for="${input[2]}">`), `${path}: a label for #${input[2]}`);
      }
    }
  });
});

describe('return paths after sign-in', () => {
  it('a shareable switch-role link survives the sign-in (with the MFA step)', async () => {
    const browser = new Browser();
    const link = await browser.get(`${server.url}/switchrole?account=production&roleName=UpdateAPP&color=blue`);
    assert.equal(link.status, 303);
    assert.equal(link.headers.get('location'), `/console?returnTo=${encodeURIComponent('/switchrole?account=production&roleName=UpdateAPP&color=blue')}`);
    const page = await browser.get(`${server.url}${link.headers.get('location')}`);
    assert.match(page.body, /<input type="hidden" name="returnTo" value="\/switchrole\?account=production&amp;roleName=UpdateAPP&amp;color=blue">/);
    const step = await browser.post(`${server.url}/console/signin`, { ...formFields(page.body), account: 'development', username: 'alice', password: PASSWORDS.alice });
    assert.equal(step.status, 200);
    const done = await browser.post(`${server.url}/console/signin/mfa`, { csrf: csrfOf(step.body), mfaCode: freshCode(server) });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/switchrole?account=production&roleName=UpdateAPP&color=blue');
    const form = await browser.get(`${server.url}${done.headers.get('location')}`);
    assert.match(form.body, /id="roleName" name="roleName" value="UpdateAPP"/);
  });

  it('off-site and non-console return paths fall back to /console', async () => {
    for (const returnTo of ['//evil.example', 'https://evil.example/console', '/\\evil.example', 'javascript:alert(1)', '/idp/saml/start', '/console/../saml/logout', '/%2F%2Fevil.example', 'http://127.0.0.1.evil.example/console']) {
      const shown = await new Browser().get(`${server.url}/console?returnTo=${encodeURIComponent(returnTo)}`);
      assert.doesNotMatch(shown.body, /name="returnTo"/, `not offered: ${returnTo}`);
      const browser = new Browser();
      const csrf = await signInPage(browser);
      const res = await browser.post(`${server.url}/console/signin`, { csrf, account: 'development', username: 'bob', password: PASSWORDS.bob, returnTo });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/console', returnTo);
    }
  });
});

describe('session regeneration on privilege change', () => {
  it('switch role and exit role give the session a new id; the old cookie no longer works', async () => {
    const alice = await signInUser(server, 'alice');
    const before = alice.cookies.get('rg_console')!;
    assert.equal((await switchRole(server, alice, { account: 'production', roleName: 'UpdateAPP' })).status, 303);
    const switched = alice.cookies.get('rg_console')!;
    assert.notEqual(switched, before);
    const stale = new Browser();
    stale.cookies.set('rg_console', before);
    assert.match((await stale.get(`${server.url}/console`)).body, /Sign in to the console/);
    assert.equal((await postForm(server, alice, '/console/exitrole')).status, 303);
    assert.notEqual(alice.cookies.get('rg_console'), switched);
    assert.equal(testId(await home(server, alice), 'identity'), 'alice @ development');
  });
});

describe('password guessing', () => {
  it('after 20 failed sign-ins from one address in 15 minutes, sign-in from it answers 429 until the window ends', async () => {
    const own = await startSamlServer();
    try {
      // Start just after a 15-minute window begins (server clock), so the 20 failures never straddle two windows.
      const windowMs = 15 * 60 * 1000;
      const now = Date.now();
      own.clock.offsetMs = Math.ceil(now / windowMs) * windowMs + 1000 - now;
      const browser = new Browser();
      const csrf = csrfOf((await browser.get(`${own.url}/console`)).body);
      for (let i = 0; i < 20; i++) {
        const res = await browser.post(`${own.url}/console/signin`, { csrf, account: 'development', username: 'bob', password: `guess-${i}` });
        assert.equal(res.status, 401);
      }
      const blocked = await browser.post(`${own.url}/console/signin`, { csrf, account: 'development', username: 'bob', password: PASSWORDS.bob });
      assert.equal(blocked.status, 429);
      assert.equal(errorCode(blocked.body), 'THROTTLED');
      assert.equal(browser.cookies.get('rg_console'), undefined);
      own.clock.offsetMs += 15 * 60 * 1000;
      const later = await browser.post(`${own.url}/console/signin`, { csrf, account: 'development', username: 'bob', password: PASSWORDS.bob });
      assert.equal(later.status, 303);
    } finally {
      await own.close();
    }
  });
});

describe('user enumeration by timing', () => {
  it('with scrypt password hashes, an unknown user or account costs the same hash as a known user with a wrong password', async () => {
    const salt = randomBytes(16);
    const [n, r, p] = [32768, 8, 1];
    const hash = scryptSync('Bob-Hashed-2026!', salt, 32, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
    const configDir = configWith((accounts) => {
      const users = accounts['development']!['users'] as Array<Record<string, unknown>>;
      const bob = users.find((u) => u['name'] === 'bob')!;
      delete bob['password'];
      bob['passwordHash'] = `scrypt$${n}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    });
    const own = await startSamlServer({ configDir });
    try {
      const browser = new Browser();
      const csrf = csrfOf((await browser.get(`${own.url}/console`)).body);
      const timed = async (account: string, username: string, password: string) => {
        const started = process.hrtime.bigint();
        const res = await browser.post(`${own.url}/console/signin`, { csrf, account, username, password });
        assert.equal(res.status, 401, `${account}/${username}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const known: number[] = [];
      const unknown: number[] = [];
      const noAccount: number[] = [];
      for (let i = 0; i < 3; i++) {
        known.push(await timed('development', 'bob', `wrong-${i}`));
        unknown.push(await timed('development', 'mallory', `wrong-${i}`));
        noAccount.push(await timed('999999999999', 'bob', `wrong-${i}`));
      }
      assert.ok(median(unknown) > median(known) / 3, `unknown user ${median(unknown)} ms vs known user ${median(known)} ms`);
      assert.ok(median(noAccount) > median(known) / 3, `unknown account ${median(noAccount)} ms vs known user ${median(known)} ms`);
      const ok = await browser.post(`${own.url}/console/signin`, { csrf, account: 'development', username: 'bob', password: 'Bob-Hashed-2026!' });
      assert.equal(ok.status, 303, 'the hashed password signs in');
    } finally {
      await own.close();
    }
  });
});

describe('switch role refusal leaves the stack intact', () => {
  it('bob is refused and stays bob', async () => {
    const bob = await signInUser(server, 'bob');
    const refused = await switchRole(server, bob, { account: 'production', roleName: 'UpdateAPP' });
    assert.equal(refused.status, 403);
    assert.equal(testId(refused.body, 'identity'), 'bob @ development');
  });
});
