/**
 * @module iam/pagination — `MaxItems` / `Marker` / `IsTruncated` for the simulator results.
 *
 * Stateless: a marker is `v1.<offset>.<fingerprint>`, where the fingerprint is a digest of the
 * request members that decide the result list. A marker from another request, a tampered offset
 * or anything else is `InvalidInput` ("Invalid Marker"), so nothing is ever stored for paging.
 */
import { validationError } from '../core/index.js';

export interface Page {
  readonly offset: number;
  readonly end: number;
  readonly nextMarker: string | undefined;
}

export function pageOf(total: number, maxItems: number, marker: string | undefined, fingerprint: string): Page {
  let offset = 0;
  if (marker !== undefined) {
    const m = /^v1\.(\d{1,9})\.([0-9a-f]{24})$/.exec(marker);
    if (!m || m[2] !== fingerprint || Number(m[1]) <= 0 || Number(m[1]) >= total) {
      throw validationError('Invalid Marker: it does not belong to this request.');
    }
    offset = Number(m[1]);
  }
  const end = Math.min(total, offset + maxItems);
  return { offset, end, nextMarker: end < total ? `v1.${end}.${fingerprint}` : undefined };
}
