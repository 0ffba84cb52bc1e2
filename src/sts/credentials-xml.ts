/**
 * @module sts/credentials-xml — the `Credentials` structure shared by every issuing action.
 */
import type { QueryStruct } from '../aws-query/index.js';
import type { IssuedCredentials } from '../core/index.js';

export function credentialsStruct(credentials: IssuedCredentials): QueryStruct {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration,
  };
}
