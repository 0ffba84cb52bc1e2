/**
 * @module aws-query/request — a Query API request as the HTTP shell hands it to an adapter.
 */
import type { QueryParams } from './params.js';

export interface QueryHttpRequest {
  readonly method: string;
  /** Raw path as received (percent-encoded). */
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly bodySha256Hex: string;
  readonly params: QueryParams;
  readonly sourceIp: string | undefined;
  readonly secure: boolean;
  readonly requestId: string;
}

export interface QueryHttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Catalog code of a failure, for logs and metrics. */
  readonly errorCode?: string;
  /** Internal detail of a failure (logged, never sent). */
  readonly errorDetail?: string;
}
