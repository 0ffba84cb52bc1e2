/**
 * OIDC provider configuration (config/oidc-schema.ts) and the web identity settings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadOidcProviders, loadWebIdentitySettings, oidcProviderSchema } from '../../src/config/index.js';

describe('OIDC provider configuration', () => {
  it('the demo configuration: the corporate provider of Production, with its ARN and condition-key prefix', () => {
    const [corp] = loadOidcProviders('config');
    assert.equal(corp?.arn, 'arn:aws:iam::222222222222:oidc-provider/corp-idp.example.com');
    assert.equal(corp?.hostPath, 'corp-idp.example.com');
    assert.deepEqual(corp?.clientIds, ['rolegate-corp-app']);
  });

  it('refuses http, ports, trailing slashes, no client ids, bad thumbprints and bad regular expressions', () => {
    const bad = [
      { url: 'http://idp.example.com', clientIds: ['a'] },
      { url: 'https://idp.example.com:8443', clientIds: ['a'] },
      { url: 'https://idp.example.com/', clientIds: ['a'] },
      { url: 'https://idp.example.com', clientIds: [] },
      { url: 'https://idp.example.com', clientIds: ['a'], thumbprints: ['abc'] },
      { url: 'https://idp.example.com', clientIds: ['a'], mappingRules: [{ claim: 'groups', op: 'matches', value: '(', roleArn: 'arn:aws:iam::222222222222:role/X' }] },
      { url: 'https://idp.example.com', clientIds: ['a'], extra: true },
    ];
    for (const config of bad) assert.equal(oidcProviderSchema.safeParse(config).success, false, JSON.stringify(config));
    assert.equal(oidcProviderSchema.safeParse({ url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] }).success, true);
  });

  it('production points the built-in providers at the real ones, with no simulators and no demo apps', () => {
    const prod = loadWebIdentitySettings({ NODE_ENV: 'production' });
    assert.equal(prod.simulatorUrl, undefined);
    assert.equal(prod.google.jwksUrl, 'https://www.googleapis.com/oauth2/v3/certs');
    assert.equal(prod.facebook.apps.size, 0);
    assert.deepEqual(prod.amazon.clientIds, []);
    const dev = loadWebIdentitySettings({});
    assert.match(dev.simulatorUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(dev.amazon.apiUrl, `${dev.simulatorUrl}/amazon`);
    assert.equal(loadWebIdentitySettings({ ROLEGATE_DEV_OIDC: 'off' }).simulatorUrl, undefined);
  });
});
