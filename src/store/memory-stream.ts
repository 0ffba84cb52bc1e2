/**
 * @module store/memory-stream — a capped, append-only log with Redis stream ids.
 *
 * Ids are `<ms>-<seq>` like Redis and strictly increasing even if the clock steps back, so ids
 * from either store sort and compare the same way.
 */

export interface StreamRecord {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface MemoryStream {
  append(nowMs: number, fields: Readonly<Record<string, string>>, maxLength: number): string;
  /** Newest first. */
  latest(count: number): Array<{ id: string; fields: Record<string, string> }>;
}

export function createMemoryStream(): MemoryStream {
  const records: StreamRecord[] = [];
  let lastMs = 0;
  let lastSeq = 0;

  const nextId = (nowMs: number): string => {
    if (nowMs > lastMs) {
      lastMs = nowMs;
      lastSeq = 0;
    } else {
      lastSeq += 1;
    }
    return `${lastMs}-${lastSeq}`;
  };

  return {
    append(nowMs, fields, maxLength) {
      const id = nextId(nowMs);
      // Copy so a caller mutating its object later cannot rewrite history.
      records.push({ id, fields: { ...fields } });
      // Redis `MAXLEN ~` keeps at least maxLength entries; trimming exactly is the tightest
      // bound that honours it and keeps memory flat.
      if (records.length > maxLength) records.splice(0, records.length - maxLength);
      return id;
    },
    latest(count) {
      const out: Array<{ id: string; fields: Record<string, string> }> = [];
      for (let i = records.length - 1; i >= 0 && out.length < count; i--) {
        const record = records[i];
        if (record !== undefined) out.push({ id: record.id, fields: { ...record.fields } });
      }
      return out;
    },
  };
}
