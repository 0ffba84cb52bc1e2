/**
 * Issue 7: "The console's resource pages and this service agree on every decision." On ONE running
 * rolegate, each caller acts twice — through the console's S3 pages (a console session for the
 * caller's credentials) and through the S3 demo service (@aws-sdk/client-s3, path-style) — over a
 * matrix of buckets × {list objects, read, upload, delete}, plus the bucket list and a read of a
 * missing key; every cell's outcome must be the same on both sides, side effects included.
 *
 * Console sessions: IAM-user sign-in (password, and MFA for alice), switch role through the
 * console's form, and the federation endpoint for session credentials made with
 * @aws-sdk/client-sts (the same credentials the SDK side uses). Memory and Redis stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Bucket } from '../../src/core/index.js';
import { ADMIN, ALICE, AUDITOR, BOB, credentialsOf, EXTERNAL_ID, PRODUCTION_READ_ONLY, sdkError, stsClient, THIRD_PARTY_AUDITOR } from '../helpers/demo.js';
import { assumeUpdateApp, s3Client, sdkOutcome, startRolegateWithS3, type S3TestServer } from '../helpers/s3.js';
import { Browser, csrfOf, home, signInUser, switchRole, testId, type SamlServer } from './helpers.js';

/** The demo buckets and an object each that the matrix reads (never written or deleted here). */
const SEEDED: Record<string, string> = {
  productionapp: 'index.html',
  'production-secrets': 'database/credentials.txt',
  'production-reports': 'README.txt',
  'dev-scratch': 'hello.txt',
  'dev-builds': 'app/1.4.2/build-info.json',
};

type Outcome = Awaited<ReturnType<typeof sdkOutcome>>;
type Operation = 'list buckets' | 'list objects' | 'read' | 'read missing' | 'upload' | 'delete';
type Side = 'console' | 'service';

interface CallerCase {
  readonly name: string;
  readonly slug: string;
  /** The console identity the header shows, to prove whose session the pages act with. */
  readonly identity: string;
  readonly browser: Browser;
  readonly sdk: AwsCredentialIdentity;
}

const policy = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const sessionParam = (c: AwsCredentialIdentity) => JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });

/**
 * Expectations from the roles guide and config/accounts/*.json, so agreement cannot hold vacuously
 * (e.g. both sides denying everything). Cells not listed are only compared with each other.
 */
const EXPECTED: Record<string, Array<[Operation, string, Outcome]>> = {
  bob: [['list objects', 'dev-scratch', 'allowed'], ['read', 'dev-builds', 'allowed'], ['read', 'production-reports', 'allowed'], ['upload', 'dev-scratch', 'denied'], ['read', 'productionapp', 'denied']],
  alice: [['upload', 'dev-scratch', 'allowed'], ['delete', 'dev-builds', 'allowed'], ['read', 'production-reports', 'allowed'], ['upload', 'production-reports', 'denied'], ['read', 'productionapp', 'denied']],
  admin: [['upload', 'dev-scratch', 'allowed'], ['read', 'production-reports', 'allowed'], ['read', 'production-secrets', 'denied']],
  'alice-updateapp-switched': [['upload', 'productionapp', 'allowed'], ['read', 'production-secrets', 'denied'], ['upload', 'dev-scratch', 'denied']],
  updateapp: [
    ['list objects', 'productionapp', 'allowed'],
    ['read', 'productionapp', 'allowed'],
    ['upload', 'productionapp', 'allowed'],
    ['delete', 'productionapp', 'allowed'],
    ['read missing', 'productionapp', 'missing'],
    ['read', 'production-secrets', 'denied'],
    ['list objects', 'production-reports', 'denied'],
    ['upload', 'dev-scratch', 'denied'],
  ],
  'updateapp-get-list': [['read', 'productionapp', 'allowed'], ['list objects', 'productionapp', 'allowed'], ['upload', 'productionapp', 'denied'], ['delete', 'productionapp', 'denied'], ['list buckets', '*', 'denied']],
  // GetObject without ListBucket: a missing key is AccessDenied, as S3 answers (no existence leak).
  'updateapp-get-only': [['read', 'productionapp', 'allowed'], ['read missing', 'productionapp', 'denied'], ['list objects', 'productionapp', 'denied']],
  'production-read-only': [['read', 'production-secrets', 'allowed'], ['list objects', 'production-reports', 'allowed'], ['upload', 'productionapp', 'denied'], ['delete', 'production-reports', 'denied']],
  'third-party-auditor': [['read', 'production-secrets', 'allowed'], ['list buckets', '*', 'allowed'], ['upload', 'productionapp', 'denied'], ['read', 'dev-scratch', 'denied']],
  'alice-federated-dev-scratch': [['upload', 'dev-scratch', 'allowed'], ['upload', 'dev-builds', 'denied'], ['read', 'production-reports', 'denied']],
};

/** Allowed = the page (200) or the redirect back to the bucket (303); denied = the access-denied page. */
function consoleOutcome(page: { status: number; body: string; headers: Headers }, cell: string): Outcome {
  if (page.status === 200 || page.status === 303) return 'allowed';
  if (page.status === 403 && /<h1>Access denied<\/h1>/.test(page.body)) {
    assert.ok(testId(page.body, 'denial-explanation'), `${cell}: the denial carries its explanation`);
    return 'denied';
  }
  if (page.status === 404 && /NO_SUCH_KEY/.test(page.body)) return 'missing';
  assert.fail(`${cell}: unexpected console answer ${page.status}: ${page.body.slice(0, 400)}`);
}

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`console S3 pages and the S3 service agree (${storeKind} store)`, () => {
    let server: S3TestServer;
    let pages: SamlServer;
    const callers: CallerCase[] = [];

    async function federatedBrowser(credentials: AwsCredentialIdentity): Promise<Browser> {
      const issued = await fetch(`${server.url}/federation?Action=getSigninToken&Session=${encodeURIComponent(sessionParam(credentials))}`);
      assert.equal(issued.status, 200);
      const { SigninToken } = (await issued.json()) as { SigninToken: string };
      const browser = new Browser();
      const landed = await browser.get(`${server.url}/federation?Action=login&SigninToken=${encodeURIComponent(SigninToken)}&Destination=${encodeURIComponent('/console')}`);
      assert.equal(landed.status, 302, landed.body);
      return browser;
    }

    before(async () => {
      server = await startRolegateWithS3({ storeKind });
      pages = { ...server, acsUrl: `${server.url}/saml` };
      const updateApp = await assumeUpdateApp(server, 'agree');
      const getList = await assumeUpdateApp(server, 'agree-get-list', { Policy: policy(['s3:GetObject', 's3:ListBucket']) });
      const getOnly = await assumeUpdateApp(server, 'agree-get-only', { Policy: policy(['s3:GetObject']) });
      const readOnly = credentialsOf(await stsClient(server.url, updateApp).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'agree-chained' })));
      const auditor = credentialsOf(
        await stsClient(server.url, AUDITOR).send(new AssumeRoleCommand({ RoleArn: THIRD_PARTY_AUDITOR, RoleSessionName: 'agree-audit', ExternalId: EXTERNAL_ID })),
      );
      const federated = credentialsOf(
        await stsClient(server.url, ALICE).send(
          new GetFederationTokenCommand({ Name: 'agree-contractor', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::dev-scratch', 'arn:aws:s3:::dev-scratch/*'] }] }) }),
        ),
      );
      // Switch role in the console's own form; the SDK side assumes the same role with alice's keys.
      const switched = await signInUser(pages, 'alice');
      assert.equal((await switchRole(pages, switched, { account: 'production', roleName: 'UpdateAPP' })).status, 303);
      const switchedSdk = await assumeUpdateApp(server, 'agree-switched');

      callers.push(
        { name: 'bob (IAM user sign-in) / bob long-term keys', slug: 'bob', identity: 'bob @ development', browser: await signInUser(pages, 'bob'), sdk: BOB },
        { name: 'alice (sign-in with MFA) / alice long-term keys', slug: 'alice', identity: 'alice @ development', browser: await signInUser(pages, 'alice'), sdk: ALICE },
        { name: 'admin (IAM user sign-in) / admin long-term keys', slug: 'admin', identity: 'admin @ development', browser: await signInUser(pages, 'admin'), sdk: ADMIN },
        { name: 'alice switched to UpdateAPP / AssumeRole UpdateAPP', slug: 'alice-updateapp-switched', identity: 'UpdateAPP/alice', browser: switched, sdk: switchedSdk },
        { name: 'UpdateAPP session (federation)', slug: 'updateapp', identity: 'UpdateAPP/agree', browser: await federatedBrowser(updateApp), sdk: updateApp },
        { name: 'UpdateAPP narrowed to Get/List (federation)', slug: 'updateapp-get-list', identity: 'UpdateAPP/agree-get-list', browser: await federatedBrowser(getList), sdk: getList },
        { name: 'UpdateAPP narrowed to GetObject (federation)', slug: 'updateapp-get-only', identity: 'UpdateAPP/agree-get-only', browser: await federatedBrowser(getOnly), sdk: getOnly },
        { name: 'ProductionReadOnly chained from UpdateAPP (federation)', slug: 'production-read-only', identity: 'ProductionReadOnly/agree-chained', browser: await federatedBrowser(readOnly), sdk: readOnly },
        { name: 'ThirdPartyAuditor (federation)', slug: 'third-party-auditor', identity: 'ThirdPartyAuditor/agree-audit', browser: await federatedBrowser(auditor), sdk: auditor },
        { name: 'alice GetFederationToken for dev-scratch (federation)', slug: 'alice-federated-dev-scratch', identity: 'agree-contractor @ development', browser: await federatedBrowser(federated), sdk: federated },
      );
    });
    after(() => server?.close());

    it('every caller × bucket × operation has the same outcome on both sides, with the same side effects', async () => {
      const objects = server.rolegate.s3.objects;
      const bucketOf = (name: string): Bucket => server.rolegate.services.directory.bucket(name)!;
      const outcomes = new Map<string, Outcome>();
      const mismatches: string[] = [];
      const tally = { allowed: 0, denied: 0, missing: 0 };

      for (const caller of callers) {
        const homePage = await home(pages, caller.browser);
        assert.equal(testId(homePage, 'identity'), caller.identity, `${caller.name}: the console acts as the caller`);
        const csrf = csrfOf(homePage);
        const client: S3Client = s3Client(server.s3Url, caller.sdk);
        const record = (operation: Operation, bucket: string, results: Record<Side, Outcome>, detail = '') => {
          outcomes.set(`${caller.slug}|${operation}|${bucket}`, results.console);
          tally[results.console]++;
          tally[results.service]++;
          if (results.console !== results.service) mismatches.push(`${caller.name}: ${operation} ${bucket}${detail}: console ${results.console}, service ${results.service}`);
        };
        const viaPages = {
          get: async (path: string) => consoleOutcome(await caller.browser.get(`${server.url}${path}`), `${caller.slug} GET ${path}`),
          post: async (path: string, fields: Record<string, string>) => consoleOutcome(await caller.browser.post(`${server.url}${path}`, { csrf, ...fields }), `${caller.slug} POST ${path}`),
        };

        record('list buckets', '*', { console: await viaPages.get('/console/s3'), service: await sdkOutcome(client.send(new ListBucketsCommand({}))) });

        for (const [bucketName, seededKey] of Object.entries(SEEDED)) {
          const bucket = bucketOf(bucketName);
          const path = `/console/s3/${bucketName}`;
          // Keys of this caller and side only: no cell depends on the order the others ran in.
          const keyOf = (side: Side, what: string) => `agree/${caller.slug}/${side}/${what}.txt`;

          record('list objects', bucketName, { console: await viaPages.get(path), service: await sdkOutcome(client.send(new ListObjectsV2Command({ Bucket: bucketName }))) });
          record('read', bucketName, {
            console: await viaPages.get(`${path}/object?key=${encodeURIComponent(seededKey)}`),
            service: await sdkOutcome(client.send(new GetObjectCommand({ Bucket: bucketName, Key: seededKey }))),
          });
          record('read missing', bucketName, {
            console: await viaPages.get(`${path}/object?key=${encodeURIComponent(keyOf('console', 'never-written'))}`),
            service: await sdkOutcome(client.send(new GetObjectCommand({ Bucket: bucketName, Key: keyOf('service', 'never-written') }))),
          });

          const uploaded: Record<Side, Outcome> = {
            console: await viaPages.post(`${path}/upload`, { key: keyOf('console', 'upload'), content: `console ${caller.slug}` }),
            service: await sdkOutcome(client.send(new PutObjectCommand({ Bucket: bucketName, Key: keyOf('service', 'upload'), Body: `service ${caller.slug}` }))),
          };
          for (const side of ['console', 'service'] as const) {
            const stored = await objects.get(bucket, keyOf(side, 'upload'));
            assert.equal(stored?.body.toString('utf8'), uploaded[side] === 'allowed' ? `${side} ${caller.slug}` : undefined, `${caller.slug} ${side} upload ${bucketName}: stored only when allowed`);
          }
          record('upload', bucketName, uploaded);

          // The object to delete exists first (written straight to the shared store, not through either side).
          for (const side of ['console', 'service'] as const) {
            await objects.put(bucket, { key: keyOf(side, 'delete'), body: Buffer.from('to delete'), contentType: 'text/plain', metadata: {} });
          }
          const deleted: Record<Side, Outcome> = {
            console: await viaPages.post(`${path}/delete`, { key: keyOf('console', 'delete') }),
            service: await sdkOutcome(client.send(new DeleteObjectCommand({ Bucket: bucketName, Key: keyOf('service', 'delete') }))),
          };
          for (const side of ['console', 'service'] as const) {
            const left = await objects.head(bucket, keyOf(side, 'delete'));
            assert.equal(left === undefined, deleted[side] === 'allowed', `${caller.slug} ${side} delete ${bucketName}: gone only when allowed`);
          }
          record('delete', bucketName, deleted);
        }
      }

      assert.deepEqual(mismatches, [], 'the console and the S3 service decide alike');
      const unmet: string[] = [];
      for (const [slug, cells] of Object.entries(EXPECTED)) {
        for (const [operation, bucket, expected] of cells) {
          const actual = outcomes.get(`${slug}|${operation}|${bucket}`);
          if (actual !== expected) unmet.push(`${slug} ${operation} ${bucket}: expected ${expected}, got ${actual}`);
        }
      }
      assert.deepEqual(unmet, [], 'known outcomes from the roles guide');
      for (const { slug } of callers) {
        const mine = [...outcomes].filter(([cell]) => cell.startsWith(`${slug}|`)).map(([, outcome]) => outcome);
        assert.equal(mine.length, 1 + 5 * 5, slug);
        assert.ok(mine.includes('allowed') && mine.includes('denied'), `${slug} has both allowed and denied cells`);
      }
      assert.ok(tally.allowed > 100 && tally.denied > 200 && tally.missing > 10, `both outcomes in quantity: ${JSON.stringify(tally)}`);
    });

    it('a missing key is AccessDenied, explained by s3:ListBucket, to a caller that may read but not list (as S3 answers)', async () => {
      const readOnlyKeys = callers.find((c) => c.slug === 'updateapp-get-only')!;
      const lister = callers.find((c) => c.slug === 'updateapp')!;
      const missing = `/console/s3/productionapp/object?key=${encodeURIComponent('agree/explained/never-written.txt')}`;
      const mark = server.store.writes.length;
      const denied = await readOnlyKeys.browser.get(`${server.url}${missing}`);
      assert.equal(denied.status, 403);
      assert.match(testId(denied.body, 'denial-explanation')!, /not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::productionapp/);
      const error = await sdkError(s3Client(server.s3Url, readOnlyKeys.sdk).send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'agree/explained/never-written.txt' })));
      assert.equal(error.name, 'AccessDenied');
      assert.equal((await readOnlyKeys.browser.get(`${server.url}/console/s3/productionapp/object?key=index.html`)).status, 200, 'an existing key is still readable');
      const found = await lister.browser.get(`${server.url}${missing}`);
      assert.equal(found.status, 404, 'a caller that may list learns the key is missing');
      assert.match(found.body, /NO_SUCH_KEY/);
      assert.deepEqual(server.store.writtenSince(mark, 's3:'), [], 'reads store no object');
    });
  });
}
