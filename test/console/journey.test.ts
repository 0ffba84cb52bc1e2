/**
 * The roles guide's journey in the console, over HTTP against a real rolegate (memory and Redis
 * stores): alice signs in with her password and MFA code, switches to Production UpdateAPP through
 * the shareable link, uploads to productionapp, is denied on production-secrets with the reason,
 * exits the role (its credentials are revoked) and is denied on productionapp; bob is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertText, csrfOf, home, postForm, sessionsWrittenSince, signInUser, startSamlServer, switchRole, testId, type SamlServer } from './helpers.js';

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`console journey (${storeKind} store)`, () => {
    let server: SamlServer;
    before(async () => {
      server = await startSamlServer({ storeKind });
    });
    after(() => server.close());

    it('alice: sign in with MFA, switch to UpdateAPP by link, upload, denied with the reason, exit role, denied', async () => {
      const alice = await signInUser(server, 'alice');
      let page = await home(server, alice);
      assert.equal(testId(page, 'identity'), 'alice @ development');
      assert.equal(testId(page, 'account'), 'development (111111111111)');
      assert.match(testId(page, 'time-left')!, /^(11 h 59|12 h 0) min left$/);
      assert.equal(testId(page, 'original-identity'), undefined, 'not in a switched role yet');

      // The shareable link opens the form filled in; it does not switch by itself.
      const link = await alice.get(`${server.url}/switchrole?account=production&roleName=UpdateAPP&displayName=Prod%20app&color=red`);
      assert.equal(link.status, 200);
      assert.match(link.body, /<h1>Switch Role<\/h1>/);
      assert.match(link.body, /id="account" name="account" value="production"/);
      assert.match(link.body, /id="roleName" name="roleName" value="UpdateAPP"/);
      assert.match(link.body, /id="displayName" name="displayName" value="Prod app"/);
      assert.match(link.body, /<option value="red" selected>/);
      assert.equal(testId(await home(server, alice), 'identity'), 'alice @ development');

      const mark = server.store.writes.length;
      const switched = await alice.post(`${server.url}/switchrole`, { csrf: csrfOf(link.body), account: 'production', roleName: 'UpdateAPP', displayName: 'Prod app', color: 'red' });
      assert.equal(switched.status, 303, switched.body);
      assert.equal(switched.headers.get('location'), '/console');
      const [roleKey] = sessionsWrittenSince(server, mark);
      assert.ok(roleKey, 'a real AssumeRole minted credentials');
      page = await home(server, alice);
      assert.equal(testId(page, 'identity'), 'Prod app');
      assert.equal(testId(page, 'account'), 'production (222222222222)');
      assert.equal(testId(page, 'original-identity'), 'alice @ development');
      assert.match(page, /<header class="stripe-red">/);
      assert.match(page, /<dd id="role">UpdateAPP<\/dd>/);
      assert.match(page, /href="\/switchrole\?account=production&amp;roleName=UpdateAPP&amp;displayName=Prod\+app&amp;color=red"/, 'recently used');
      const audit = await server.rolegate.services.audit.latest(20);
      assert.ok(audit.some((e) => e.type === 'credentials.issued' && e.action === 'sts:AssumeRole' && e.role === 'arn:aws:iam::222222222222:role/UpdateAPP' && e.accessKeyId === roleKey));

      const buckets = await alice.get(`${server.url}/console/s3`);
      assert.equal(buckets.status, 200);
      assert.match(buckets.body, /<h1>Buckets<\/h1>/);
      assert.match(buckets.body, />productionapp<\/a>/);
      assert.match(buckets.body, />production-secrets<\/a>/);

      const upload = await postForm(server, alice, '/console/s3/productionapp/upload', { key: 'notes/<journey>.txt', content: 'shipped <b>1.4.3</b>' });
      assert.equal(upload.status, 303, upload.body);
      const bucket = await alice.get(`${server.url}/console/s3/productionapp`);
      assert.match(bucket.body, />notes\/&lt;journey&gt;\.txt<\/a>/);
      const object = await alice.get(`${server.url}/console/s3/productionapp/object?key=${encodeURIComponent('notes/<journey>.txt')}`);
      assert.equal(object.status, 200);
      assert.equal(testId(object.body, 'object-content'), 'shipped <b>1.4.3</b>');
      assert.match(object.body, /shipped &lt;b&gt;1\.4\.3&lt;\/b&gt;/, 'escaped, never markup');
      // The S3 demo service reads the same object store.
      const stored = await server.rolegate.s3.objects.get(server.rolegate.services.directory.bucket('productionapp')!, 'notes/<journey>.txt');
      assert.equal(stored?.body.toString(), 'shipped <b>1.4.3</b>');

      const secrets = await alice.get(`${server.url}/console/s3/production-secrets`);
      assert.equal(secrets.status, 403);
      assert.match(secrets.body, /<h1>Access denied<\/h1>/);
      const why = testId(secrets.body, 'denial-explanation') ?? '';
      assert.match(secrets.body, /data-testid="denial-explanation"/);
      assert.match(secrets.body, /s3:ListBucket/);
      assert.match(secrets.body, /arn:aws:s3:::production-secrets/);
      assert.match(why, /Nearest miss: Allow identity arn:aws:iam::222222222222:policy\/ProductionAppReadWrite statement 1 \(Sid ListProductionApp\)/);
      assert.match(why, /Resource: "arn:aws:s3:::production-secrets" does not match/);

      const exit = await postForm(server, alice, '/console/exitrole');
      assert.equal(exit.status, 303, exit.body);
      page = await home(server, alice);
      assert.equal(testId(page, 'identity'), 'alice @ development');
      assert.equal(testId(page, 'account'), 'development (111111111111)');
      assert.equal(testId(page, 'original-identity'), undefined);
      server.rolegate.services.resolver.invalidate();
      assert.equal((await server.rolegate.services.resolver.find(roleKey))?.revocation.revoked, true, "the exited role's credentials are revoked");

      const denied = await alice.get(`${server.url}/console/s3/productionapp`);
      assert.equal(denied.status, 403);
      assert.match(denied.body, /<h1>Access denied<\/h1>/);
      assert.match(denied.body, /arn:aws:iam::111111111111:user\/alice is not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::productionapp/);
      // Alice's own reach: her account's buckets and the reports shared by a bucket policy.
      const own = await alice.get(`${server.url}/console/s3`);
      assert.match(own.body, />dev-scratch<\/a>/);
      assert.match(own.body, />production-reports<\/a>.*shared with you/s);
      assert.doesNotMatch(own.body, />productionapp<\/a>/);
    });

    it('bob: switching to UpdateAPP is refused with the reason, and nothing is issued', async () => {
      const bob = await signInUser(server, 'bob');
      assert.equal(testId(await home(server, bob), 'identity'), 'bob @ development');
      const mark = server.store.writes.length;
      const refused = await switchRole(server, bob, { account: '222222222222', roleName: 'UpdateAPP' });
      assert.equal(refused.status, 403);
      assert.match(refused.body, /<h1>Switch Role<\/h1>/);
      const alert = alertText(refused.body)!;
      assert.match(alert, /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/UpdateAPP/);
      assert.match(alert, /ImplicitDeny/);
      assert.deepEqual(sessionsWrittenSince(server, mark), []);
      assert.deepEqual(server.store.writtenSince(mark, 'console:sess:'), []);
      assert.equal(testId(await home(server, bob), 'identity'), 'bob @ development');
    });
  });
}
