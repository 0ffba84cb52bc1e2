/**
 * @module s3/handler — the S3-compatible demo service: authenticate, authorize, run, render.
 *
 * Stages, in order (what S3 does first wins when a request has several faults):
 *   1. SigV4 (header or presigned URL; service `s3`, S3 path rules, ±15 min; every `x-amz-*` header
 *      signed). Unsigned requests are anonymous and get AccessDenied (no bucket here is public).
 *   2. the payload: `x-amz-content-sha256` checked against the body (XAmzContentSHA256Mismatch),
 *      `UNSIGNED-PAYLOAD`, or an aws-chunked body decoded with its chunk signatures / trailing
 *      checksum verified (s3/aws-chunked.ts);
 *   3. the operation from method + path + sub-resource (anything else: NotImplemented 501);
 *   4. the bucket (NoSuchBucket 404, before authorization, as S3 does);
 *   5. authorization with the core's `authorizeS3` — the same function the console uses — so
 *      identity policies, session policies, boundaries, the bucket policy and cross-account rules
 *      apply exactly as there. A denial is AccessDenied with the decision's summary in the
 *      `x-rolegate-explanation` header and an audit event;
 *   6. the operation against the core's object store.
 * A missing key is NoSuchKey only for callers allowed `s3:ListBucket` on the bucket, otherwise
 * AccessDenied (S3 "GetObject": "If you don't have the s3:ListBucket permission, Amazon S3 returns
 * an HTTP status code 403").
 */
import { createHash } from 'node:crypto';
import {
  authorizeS3,
  bucketsListedFor,
  CHECKSUM_ALGORITHMS,
  checksumAlgorithmOfHeader,
  checksumHeaderOf,
  computeChecksum,
  MAX_KEY_BYTES,
  requireBucket,
  resolveCaller,
  s3ResourceArn,
  S3_OPERATION_ACTIONS,
  type Bucket,
  type Caller,
  type ChecksumAlgorithm,
  type ObjectInfo,
  type ObjectStore,
  type RequestEnvironment,
  type S3Operation,
  type StsServices,
} from '../core/index.js';
import { BridgeError, ERROR_CATALOG, isBridgeError, toBridgeError } from '../errors.js';
import { deriveSigningKey, detectSigV4, verifySigV4, type VerifiedSignature } from '../sigv4/index.js';
import { decodeAwsChunked, MODE_OF_PAYLOAD } from './aws-chunked.js';
import { S3_CONTEXT_CODES, S3_ERROR_TABLE, type S3ContextCode, type S3WireError } from './error-table.js';
import { decodeContinuationToken, encodeContinuationToken, listPage, parseMaxKeys } from './list.js';
import { header, parseTarget, type S3HttpRequest, type S3HttpResponse, type S3Target } from './request.js';
import { document, el, errorXml, ownerXml, xmlTime, type OwnerXml } from './xml.js';

/** S3 tolerates 15 minutes of clock skew (RequestTimeTooSkewed beyond). */
export const S3_MAX_SKEW_MS = 15 * 60_000;
export const EXPLANATION_HEADER = 'x-rolegate-explanation';

export interface S3HandlerOptions {
  readonly services: StsServices;
  readonly objects: ObjectStore;
  readonly allowedRegions?: readonly string[];
}

export interface S3Adapter {
  handle(request: S3HttpRequest): Promise<S3HttpResponse>;
  /** Renders an error raised outside `handle` (e.g. the HTTP shell's body limit). */
  error(thrown: unknown, request: Pick<S3HttpRequest, 'method' | 'requestId' | 'hostId' | 'headers' | 'rawQuery'>): S3HttpResponse;
}

/** Query parameters naming S3 sub-resources this service does not implement. */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'logging', 'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls',
  'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention',
  'select', 'session', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website',
];
const RESPONSE_OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['response-content-type', 'content-type'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
  ['response-content-language', 'content-language'],
  ['response-cache-control', 'cache-control'],
  ['response-expires', 'expires'],
];
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

interface Authenticated {
  readonly caller: Caller;
  readonly verified: VerifiedSignature;
  readonly secretAccessKey: string;
}

const withS3Code = (error: BridgeError, s3Code: S3ContextCode): BridgeError =>
  new BridgeError(error.code, {
    ...(error.message !== ERROR_CATALOG[error.code].message ? { message: error.message } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
    extra: { ...error.extra, s3Code },
    cause: error,
  });

function notImplemented(what: string): BridgeError {
  return new BridgeError('NOT_IMPLEMENTED', {
    message: 'A header or query you provided implies functionality that is not implemented.',
    detail: `not implemented: ${what}`,
  });
}

/** S3's canonical user id stand-in: 64 hex digits, stable per account. */
function ownerOf(services: StsServices, account: string): OwnerXml {
  return {
    id: createHash('sha256').update(`rolegate-canonical-user:${account}`).digest('hex'),
    displayName: services.directory.account(account)?.alias ?? account,
  };
}

function isoBasic(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Header-safe, short, never a secret: the policy engine's summary of the decision. */
function explanationHeader(summary: string): string {
  return summary.replace(/[^\x20-\x7e]/g, '?').slice(0, 1024);
}

export function createS3Handler(options: S3HandlerOptions): S3Adapter {
  const { services, objects } = options;

  async function authenticate(request: S3HttpRequest): Promise<Authenticated> {
    const form = detectSigV4({ headers: request.headers, rawQuery: request.rawQuery });
    if (form === 'none') {
      const authorization = header(request.headers, 'authorization');
      if ((authorization !== undefined && authorization.trim() !== '') || /(^|&)AWSAccessKeyId=/.test(request.rawQuery)) {
        throw new BridgeError('INVALID_ACTION', {
          message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
          detail: 'not a SigV4 request',
        });
      }
      throw new BridgeError('MISSING_AUTHENTICATION', { message: 'Access Denied', detail: 'anonymous request' });
    }
    let resolved: { caller: Caller; secretAccessKey: string } | undefined;
    const verified = await verifySigV4(
      { method: request.method, path: request.path, rawQuery: request.rawQuery, headers: request.headers, bodySha256Hex: undefined },
      async (accessKeyId, sessionToken) => {
        try {
          const found = await resolveCaller(services, accessKeyId, sessionToken);
          if (!found) return null;
          resolved = found;
          return { secretAccessKey: found.secretAccessKey };
        } catch (error) {
          // S3 names a bad session token InvalidToken (400); a bad long-term key stays InvalidAccessKeyId.
          if (isBridgeError(error) && error.code === 'INVALID_CLIENT_TOKEN' && (sessionToken !== undefined || accessKeyId.startsWith('ASIA'))) {
            throw withS3Code(error, 'invalidToken');
          }
          throw error;
        }
      },
      {
        service: 's3',
        s3PathRules: true,
        allowUnsignedPayload: true,
        allowStreamingPayload: true,
        requireSignedAmzHeaders: true,
        nowMs: services.clock.now(),
        maxSkewMs: S3_MAX_SKEW_MS,
        ...(options.allowedRegions && options.allowedRegions.length > 0 ? { allowedRegions: options.allowedRegions } : {}),
      },
    );
    if (!resolved) throw new BridgeError('INVALID_CLIENT_TOKEN', { detail: 'lookup returned no caller' });
    return { caller: resolved.caller, secretAccessKey: resolved.secretAccessKey, verified };
  }

  /** Stage 2: the payload as the client meant it, integrity-checked. */
  function payloadOf(request: S3HttpRequest, auth: Authenticated): { data: Buffer; trailers: ReadonlyMap<string, string> } {
    const claimed = auth.verified.payloadHash;
    if (HEX_SHA256.test(claimed)) {
      const computed = createHash('sha256').update(request.body).digest('hex');
      if (computed !== claimed.toLowerCase()) {
        throw new BridgeError('CONTENT_SHA256_MISMATCH', { detail: `x-amz-content-sha256 ${claimed} != computed ${computed}` });
      }
      return { data: request.body, trailers: new Map() };
    }
    const mode = MODE_OF_PAYLOAD[claimed];
    if (mode === undefined) return { data: request.body, trailers: new Map() }; // UNSIGNED-PAYLOAD
    const decodedRaw = header(request.headers, 'x-amz-decoded-content-length');
    if (decodedRaw === undefined || !/^\d{1,10}$/.test(decodedRaw)) {
      throw new BridgeError('INCOMPLETE_BODY', { detail: 'aws-chunked upload without a valid x-amz-decoded-content-length', extra: { s3Code: 'missingContentLength' } });
    }
    const v = auth.verified;
    const date = isoBasic(v.signedAt);
    return decodeAwsChunked({
      body: request.body,
      mode,
      decodedLength: Number(decodedRaw),
      announcedTrailers: (header(request.headers, 'x-amz-trailer') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean),
      ...(mode === 'unsigned-trailer'
        ? {}
        : {
            signing: {
              signingKey: deriveSigningKey(auth.secretAccessKey, date.slice(0, 8), v.region, v.service),
              timestamp: date,
              scope: `${date.slice(0, 8)}/${v.region}/${v.service}/aws4_request`,
              seedSignature: v.signature,
            },
          }),
    });
  }

  /** Stage 3. */
  function operationOf(method: string, target: S3Target, request: S3HttpRequest): S3Operation {
    const sub = UNSUPPORTED_SUBRESOURCES.find((name) => target.query.has(name));
    if (target.bucket === undefined) {
      if (method === 'GET') return 'ListBuckets';
      throw new BridgeError('VALIDATION', { detail: `${method} /`, extra: { s3Code: 'methodNotAllowed' } });
    }
    if (target.key === undefined) {
      if (sub !== undefined) throw notImplemented(`bucket sub-resource ?${sub}`);
      if (method === 'GET') {
        if (target.query.has('location')) return 'GetBucketLocation';
        const listType = target.query.get('list-type');
        if (listType === undefined) return 'ListObjects';
        if (listType === '2') return 'ListObjectsV2';
        throw new BridgeError('VALIDATION', { message: 'Invalid List Type specified in Request' });
      }
      if (method === 'HEAD') return 'HeadBucket';
      if (method === 'PUT' || method === 'DELETE') throw notImplemented(`${method} bucket (buckets are defined in rolegate's configuration)`);
      throw new BridgeError('VALIDATION', { detail: `${method} on a bucket`, extra: { s3Code: 'methodNotAllowed' } });
    }
    if (sub !== undefined) throw notImplemented(`object sub-resource ?${sub}`);
    switch (method) {
      case 'GET':
        return 'GetObject';
      case 'HEAD':
        return 'HeadObject';
      case 'PUT':
        if (header(request.headers, 'x-amz-copy-source') !== undefined) throw notImplemented('CopyObject');
        if (header(request.headers, 'if-match') !== undefined || header(request.headers, 'if-none-match') !== undefined) {
          throw notImplemented('conditional writes');
        }
        return 'PutObject';
      case 'DELETE':
        return 'DeleteObject';
      default:
        throw new BridgeError('VALIDATION', { detail: `${method} on an object`, extra: { s3Code: 'methodNotAllowed' } });
    }
  }

  function deniedError(caller: Caller, action: string, resource: string, summary: string): BridgeError {
    return new BridgeError('ACCESS_DENIED', { message: 'Access Denied', detail: `${caller.arn} ${action} ${resource}: ${summary}`, extra: { explanation: summary } });
  }

  async function audited(error: BridgeError, caller: Caller, auth: Authenticated, action: string, resource: string, request: S3HttpRequest): Promise<BridgeError> {
    const summary = typeof error.extra?.['explanation'] === 'string' ? error.extra['explanation'] : error.message;
    await services.audit.record({
      type: 'access.denied',
      action,
      principal: caller.arn,
      ...(caller.session ? { sessionArn: caller.session.arn } : {}),
      ...(caller.session?.sourceIdentity ? { sourceIdentity: caller.session.sourceIdentity } : {}),
      accessKeyId: auth.verified.accessKeyId,
      ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
      requestId: request.requestId,
      result: 'failure',
      reason: `s3 ${resource}: ${summary}`,
    });
    return error;
  }

  function objectHeaders(info: ObjectInfo, request: S3HttpRequest, target: S3Target): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': info.contentType,
      'content-length': String(info.size),
      etag: info.etag,
      'last-modified': new Date(info.lastModified).toUTCString(),
    };
    for (const [name, value] of Object.entries(info.metadata)) headers[`x-amz-meta-${name}`] = value;
    if ((header(request.headers, 'x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED') {
      headers[checksumHeaderOf(info.checksum.algorithm)] = info.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    for (const [param, name] of RESPONSE_OVERRIDES) {
      const value = target.query.get(param);
      if (value !== undefined) headers[name] = value.replace(/[^\x20-\x7e]/g, '');
    }
    return headers;
  }

  /** Verifies `Content-MD5` and any `x-amz-checksum-*` header or trailer; returns the checksum to keep. */
  function verifyIntegrity(data: Buffer, request: S3HttpRequest, trailers: ReadonlyMap<string, string>): { algorithm: ChecksumAlgorithm; value: string } | undefined {
    const md5 = header(request.headers, 'content-md5');
    if (md5 !== undefined) {
      if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw new BridgeError('BAD_DIGEST', { detail: 'Content-MD5 is not a base64 MD5', extra: { s3Code: 'invalidDigest' } });
      if (createHash('md5').update(data).digest('base64') !== md5) {
        throw new BridgeError('BAD_DIGEST', { message: 'The Content-MD5 you specified did not match what we received.', detail: 'Content-MD5 mismatch' });
      }
    }
    const given: Array<{ algorithm: ChecksumAlgorithm; value: string }> = [];
    for (const name of Object.keys(request.headers)) {
      const algorithm = checksumAlgorithmOfHeader(name);
      if (algorithm) given.push({ algorithm, value: header(request.headers, name) ?? '' });
    }
    for (const [name, value] of trailers) {
      const algorithm = checksumAlgorithmOfHeader(name);
      if (algorithm) given.push({ algorithm, value });
    }
    if (given.length > 1) throw new BridgeError('INVALID_ACTION', { message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.' });
    const checksum = given[0];
    if (!checksum) return undefined;
    if (!CHECKSUM_ALGORITHMS.includes(checksum.algorithm)) throw notImplemented(`checksum ${checksum.algorithm}`);
    const computed = computeChecksum(checksum.algorithm, data);
    if (Buffer.from(checksum.value, 'base64').length !== Buffer.from(computed, 'base64').length) {
      throw new BridgeError('BAD_DIGEST', { detail: `malformed ${checksum.algorithm} value`, extra: { s3Code: 'invalidDigest' } });
    }
    if (computed !== checksum.value) {
      throw new BridgeError('BAD_DIGEST', {
        message: `The ${checksum.algorithm} you specified did not match the calculated checksum.`,
        detail: `${checksum.algorithm} mismatch`,
      });
    }
    return checksum;
  }

  function xml(status: number, body: string, operation: S3Operation): S3HttpResponse {
    return { status, headers: { 'content-type': 'application/xml' }, body, operation };
  }

  async function run(request: S3HttpRequest): Promise<S3HttpResponse> {
    const auth = await authenticate(request);
    const { caller, verified } = auth;
    const payload = payloadOf(request, auth);
    const target = parseTarget(request.path, request.rawQuery);
    const method = request.method.toUpperCase();
    const operation = operationOf(method, target, request);
    if (target.key !== undefined && Buffer.byteLength(target.key, 'utf8') > MAX_KEY_BYTES) {
      throw new BridgeError('VALIDATION', { detail: `key of ${Buffer.byteLength(target.key, 'utf8')} bytes`, extra: { s3Code: 'keyTooLong' } });
    }
    const action = S3_OPERATION_ACTIONS[operation];
    const nowMs = services.clock.now();
    const userAgent = header(request.headers, 'user-agent');
    const env: RequestEnvironment = {
      nowMs,
      secureTransport: request.secure,
      ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
      ...(userAgent ? { userAgent } : {}),
    };
    const requestContext: Record<string, string> = {
      's3:authType': verified.form === 'header' ? 'REST-HEADER' : 'REST-QUERY-STRING',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
      's3:signatureAge': String(Math.max(0, nowMs - verified.signedAt.getTime())),
      's3:x-amz-content-sha256': verified.payloadHash,
    };

    if (operation === 'ListBuckets') {
      const decision = authorizeS3(services, caller, { action, env, requestContext });
      if (!decision.allowed) throw await audited(deniedError(caller, action, '*', decision.summary), caller, auth, action, '*', request);
      const prefix = target.query.get('prefix') ?? '';
      const buckets = bucketsListedFor(services, caller).filter((b) => b.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const inner =
        `<Buckets>${buckets.map((b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', xmlTime(b.creationDate))}${el('BucketRegion', verified.region)}</Bucket>`).join('')}</Buckets>` +
        ownerXml(ownerOf(services, caller.account)) +
        (target.query.has('prefix') ? el('Prefix', prefix) : '');
      return xml(200, document('ListAllMyBucketsResult', inner), operation);
    }

    const bucket = requireBucket(services, target.bucket!);
    const expectedOwner = header(request.headers, 'x-amz-expected-bucket-owner');
    if (expectedOwner !== undefined && expectedOwner !== bucket.account) {
      throw new BridgeError('ACCESS_DENIED', { message: 'Access Denied', detail: `x-amz-expected-bucket-owner ${expectedOwner.slice(0, 20)} != ${bucket.account}` });
    }
    const isList = operation === 'ListObjectsV2' || operation === 'ListObjects';
    if (isList) {
      for (const [param, key] of [['prefix', 's3:prefix'], ['delimiter', 's3:delimiter'], ['max-keys', 's3:max-keys']] as const) {
        const value = target.query.get(param);
        if (value !== undefined) requestContext[key] = value;
      }
    }
    const key = operation === 'GetObject' || operation === 'HeadObject' || operation === 'PutObject' || operation === 'DeleteObject' ? target.key : undefined;
    const resource = s3ResourceArn(bucket.name, key);
    const decision = authorizeS3(services, caller, { action, bucket: bucket.name, ...(key !== undefined ? { key } : {}), env, requestContext });
    if (!decision.allowed) throw await audited(deniedError(caller, action, resource, decision.summary), caller, auth, action, resource, request);

    switch (operation) {
      case 'HeadBucket':
        return { status: 200, headers: { 'x-amz-bucket-region': verified.region }, operation };
      case 'GetBucketLocation':
        return xml(200, document('LocationConstraint', verified.region === 'us-east-1' ? '' : verified.region), operation);
      case 'ListObjectsV2':
      case 'ListObjects':
        return list(operation, bucket, target);
      case 'GetObject':
      case 'HeadObject': {
        const found = operation === 'GetObject' ? await objects.get(bucket, key!) : await objects.head(bucket, key!).then((info) => (info ? { info, body: undefined } : undefined));
        if (!found) throw await missingKey(caller, auth, bucket, key!, env, request);
        const headers = objectHeaders(found.info, request, target);
        return operation === 'GetObject' ? { status: 200, headers, body: found.body ?? Buffer.alloc(0), operation } : { status: 200, headers, operation };
      }
      case 'PutObject': {
        const checksum = verifyIntegrity(payload.data, request, payload.trailers);
        const metadata: Record<string, string> = {};
        for (const name of Object.keys(request.headers)) {
          if (name.startsWith('x-amz-meta-') && name.length > 'x-amz-meta-'.length) metadata[name.slice('x-amz-meta-'.length)] = header(request.headers, name) ?? '';
        }
        const contentType = header(request.headers, 'content-type')?.trim() || 'binary/octet-stream';
        const info = await objects.put(bucket, { key: key!, body: payload.data, contentType, metadata, ...(checksum ? { checksum } : {}) });
        const headers: Record<string, string> = { etag: info.etag, 'content-length': '0' };
        if (checksum) {
          headers[checksumHeaderOf(checksum.algorithm)] = checksum.value;
          headers['x-amz-checksum-type'] = 'FULL_OBJECT';
        }
        return { status: 200, headers, body: '', operation };
      }
      case 'DeleteObject':
        await objects.delete(bucket, key!);
        return { status: 204, headers: {}, operation };
    }
  }

  async function missingKey(caller: Caller, auth: Authenticated, bucket: Bucket, key: string, env: RequestEnvironment, request: S3HttpRequest): Promise<BridgeError> {
    const listing = authorizeS3(services, caller, { action: 's3:ListBucket', bucket: bucket.name, env });
    if (listing.allowed) return new BridgeError('NO_SUCH_KEY', { detail: `${bucket.name}/${key.slice(0, 200)}`, extra: { key } });
    const summary = `The key does not exist and ${caller.arn} may not s3:ListBucket on ${bucket.arn}, so S3 answers AccessDenied (${listing.summary})`;
    return audited(deniedError(caller, 's3:GetObject', s3ResourceArn(bucket.name, key), summary), caller, auth, 's3:GetObject', s3ResourceArn(bucket.name, key), request);
  }

  async function list(operation: 'ListObjectsV2' | 'ListObjects', bucket: Bucket, target: S3Target): Promise<S3HttpResponse> {
    const q = target.query;
    const encodingType = q.get('encoding-type');
    if (encodingType !== undefined && encodingType !== 'url') throw new BridgeError('VALIDATION', { message: 'Invalid Encoding Method specified in Request' });
    const enc = (text: string) => (encodingType === 'url' ? encodeURIComponent(text) : text);
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') || undefined;
    const maxKeys = parseMaxKeys(q.get('max-keys'));
    const v2 = operation === 'ListObjectsV2';
    const token = v2 ? q.get('continuation-token') : undefined;
    const startAfter = v2 ? q.get('start-after') : q.get('marker');
    const after = token !== undefined ? decodeContinuationToken(token) : startAfter || undefined;
    const page = listPage(await objects.list(bucket), { prefix, delimiter, maxKeys, after });
    const owner = ownerOf(services, bucket.account);
    const withOwner = !v2 || q.get('fetch-owner') === 'true';
    const contents = page.contents
      .map(
        (o) =>
          `<Contents>${el('Key', enc(o.key))}${el('LastModified', xmlTime(o.lastModified))}${el('ETag', o.etag)}${el('ChecksumAlgorithm', o.checksum.algorithm)}${el('ChecksumType', 'FULL_OBJECT')}${el('Size', o.size)}${withOwner ? ownerXml(owner) : ''}${el('StorageClass', 'STANDARD')}</Contents>`,
      )
      .join('');
    const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes>${el('Prefix', enc(p))}</CommonPrefixes>`).join('');
    let head = el('Name', bucket.name) + el('Prefix', enc(prefix));
    if (v2) {
      head +=
        (token !== undefined ? el('ContinuationToken', token) : '') +
        (page.isTruncated && page.lastItem !== undefined ? el('NextContinuationToken', encodeContinuationToken(page.lastItem)) : '') +
        (startAfter !== undefined && token === undefined ? el('StartAfter', enc(startAfter)) : '') +
        el('KeyCount', page.contents.length + page.commonPrefixes.length);
    } else {
      head += el('Marker', enc(startAfter ?? '')) + (page.isTruncated && delimiter && page.lastItem !== undefined ? el('NextMarker', enc(page.lastItem)) : '');
    }
    head += el('MaxKeys', maxKeys) + (delimiter !== undefined ? el('Delimiter', enc(delimiter)) : '') + (encodingType ? el('EncodingType', encodingType) : '') + el('IsTruncated', page.isTruncated);
    return xml(200, document('ListBucketResult', head + contents + prefixes), operation);
  }

  function wireOf(error: BridgeError, rawQuery: string): S3WireError {
    const s3Code = error.extra?.['s3Code'];
    if (typeof s3Code === 'string' && s3Code in S3_CONTEXT_CODES) return S3_CONTEXT_CODES[s3Code as S3ContextCode];
    if (error.code === 'SIGNATURE_EXPIRED' && error.message === 'Request has expired') return S3_CONTEXT_CODES.presignedExpired;
    if (error.code === 'SIGNATURE_MISMATCH' && error.message === S3_CONTEXT_CODES.unsignedHeaders.message) return S3_CONTEXT_CODES.unsignedHeaders;
    if (error.code === 'INCOMPLETE_SIGNATURE' && /(^|&)X-Amz-Algorithm=/.test(rawQuery)) return S3_CONTEXT_CODES.queryAuthMalformed;
    return S3_ERROR_TABLE[error.code];
  }

  function renderError(thrown: unknown, request: Pick<S3HttpRequest, 'method' | 'requestId' | 'hostId' | 'headers' | 'rawQuery'>): S3HttpResponse {
    const error = toBridgeError(thrown);
    const wire = wireOf(error, request.rawQuery);
    // Skew: S3's own words plus the times, whatever the verifier said.
    const custom = error.message !== ERROR_CATALOG[error.code].message && error.code !== 'SIGNATURE_EXPIRED';
    const message = custom ? error.message : (wire.message ?? error.message);
    const extra: Array<readonly [string, string]> = [];
    const bucketName = error.extra?.['bucketName'];
    if (typeof bucketName === 'string') extra.push(['BucketName', bucketName]);
    const key = error.extra?.['key'];
    if (typeof key === 'string') extra.push(['Key', key]);
    if (typeof error.extra?.['proposedSize'] === 'number') extra.push(['ProposedSize', String(error.extra['proposedSize'])], ['MaxSizeAllowed', String(error.extra['maxSizeAllowed'])]);
    if (wire.code === 'RequestTimeTooSkewed') {
      const sent = header(request.headers, 'x-amz-date') ?? header(request.headers, 'date');
      if (sent !== undefined) extra.push(['RequestTime', sent.slice(0, 40)]);
      extra.push(['ServerTime', new Date(services.clock.now()).toISOString()], ['MaxAllowedSkewMilliseconds', String(S3_MAX_SKEW_MS)]);
    }
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    const explanation = error.extra?.['explanation'];
    if (typeof explanation === 'string') headers[EXPLANATION_HEADER] = explanationHeader(explanation);
    const body = errorXml({ code: wire.code, message, requestId: request.requestId, hostId: request.hostId, extra });
    return {
      status: wire.status,
      headers,
      ...(request.method.toUpperCase() === 'HEAD' ? {} : { body }),
      errorCode: wire.code,
      ...(error.detail ? { errorDetail: error.detail } : {}),
    };
  }

  return {
    async handle(request) {
      try {
        const response = await run(request);
        return { ...response, headers: { ...response.headers, date: new Date(services.clock.now()).toUTCString() } };
      } catch (thrown) {
        const response = renderError(thrown, request);
        return { ...response, headers: { ...response.headers, date: new Date(services.clock.now()).toUTCString() } };
      }
    },
    error: renderError,
  };
}
