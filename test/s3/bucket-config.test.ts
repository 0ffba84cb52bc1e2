/**
 * Bucket configuration mistakes are reported with file, path and reason (config/bucket-schema.ts,
 * config/load-buckets.ts), all at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyOfDemoConfig, edit, issuesOf } from '../helpers/config-copy.js';
import { ConfigError, loadDirectoryData, loadSettings } from '../../src/config/index.js';

describe('bucket configuration', () => {
  it('the demo buckets load with their owners, policies and initial objects', () => {
    const data = loadDirectoryData('config');
    const byName = new Map((data.buckets ?? []).map((b) => [b.name, b]));
    assert.equal(byName.get('productionapp')?.account, '222222222222');
    assert.equal(byName.get('dev-scratch')?.account, '111111111111');
    assert.ok(byName.get('production-reports')?.policy, 'production-reports has a bucket policy');
    assert.equal(byName.get('productionapp')?.objects.find((o) => o.key === 'index.html')?.contentType, 'text/html');
  });

  it('schema mistakes (an invalid bucket name, content and contentBase64 together) are reported with file and path', () => {
    const dir = copyOfDemoConfig('rolegate-buckets-');
    edit(dir, 'accounts/development.json', (json) => {
      json['buckets'].push(
        { name: 'productionapp' },
        { name: 'Bad_Name' },
        { name: 'dev-policy', bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::dev-policy/*' }] } },
        { name: 'dev-foreign', bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::productionapp/*' }] } },
        { name: 'dev-big', objects: { 'big.bin': { contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64') } } },
        { name: 'dev-both', objects: { 'x.txt': { content: 'a', contentBase64: 'YQ==' } } },
      );
    });
    const issues = issuesOf(dir).map((i) => `${i.file.split('/').pop()}: ${i.path}: ${i.message}`);
    const has = (pattern: RegExp) => assert.ok(issues.some((i) => pattern.test(i)), `expected ${pattern} in\n${issues.join('\n')}`);
    has(/development\.json: buckets\[3\]\.name: .*lower-case/);
    has(/development\.json: buckets\[7\]\.objects\.x\.txt: give exactly one of content or contentBase64/);
  });

  it('semantic checks run once the files parse', () => {
    const dir = copyOfDemoConfig('rolegate-buckets-');
    edit(dir, 'accounts/development.json', (json) => {
      json['buckets'].push(
        { name: 'productionapp' },
        { name: 'dev-policy', bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::dev-policy/*' }] } },
        { name: 'dev-foreign', bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::productionapp/*' }] } },
        { name: 'dev-big', objects: { 'big.bin': { contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64') } } },
      );
    });
    const issues = issuesOf(dir).map((i) => `${i.file.split('/').pop()}: ${i.path}: ${i.message}`);
    const has = (pattern: RegExp) => assert.ok(issues.some((i) => pattern.test(i)), `expected ${pattern} in\n${issues.join('\n')}`);
    has(/(development|production)\.json: buckets\[\d\]\.name: duplicate bucket name "productionapp"/);
    has(/development\.json: buckets\[3\]\.bucketPolicy: .*Principal/i);
    has(/development\.json: buckets\[4\]\.bucketPolicy\.Statement\[0\]: Policy has invalid resource/);
    has(/development\.json: buckets\[5\]\.objects\.big\.bin: object is 5242881 bytes/);
  });

  it('S3_PORT and S3_HOST are settings (default 8081 on 127.0.0.1; off disables)', () => {
    const defaults = loadSettings({});
    assert.equal(defaults.s3Port, 8081);
    assert.equal(defaults.s3Host, '127.0.0.1');
    assert.equal(loadSettings({ S3_PORT: 'off' }).s3Port, undefined);
    assert.equal(loadSettings({ S3_PORT: '9000', S3_HOST: '0.0.0.0' }).s3Port, 9000);
    assert.throws(() => loadSettings({ S3_PORT: 'many' }), ConfigError);
  });
});
