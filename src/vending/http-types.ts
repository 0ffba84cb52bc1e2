/**
 * @module vending/http-types — the wire-level request and response of the vending endpoints.
 *
 * The HTTP shell (`src/http/imds-router.ts`) turns an Express request into a `VendingRequest`
 * and writes the `VendingResponse` back; everything between is plain code, testable without HTTP.
 */

export interface VendingRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Lower-case header names, as Node delivers them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly sourceIp?: string;
  readonly requestId: string;
}

export interface VendingResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Catalog code of a refusal (for logs and metrics; never sent as such). */
  readonly errorCode?: string;
  /** Internal detail of a refusal (logged, never sent). */
  readonly errorDetail?: string;
}

export function headerValue(headers: VendingRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the form IMDS uses (botocore parses exactly this; sts.md §10.1). */
export function metadataTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
