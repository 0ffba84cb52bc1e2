/**
 * @module core/audit — structured audit events in a bounded stream (never a secret).
 */
import type { Clock, KeyValueStore } from './ports.js';

export interface AuditEvent {
  readonly type: string;
  readonly action?: string;
  readonly principal?: string;
  readonly role?: string;
  readonly sessionArn?: string;
  readonly accessKeyId?: string;
  readonly sourceIdentity?: string;
  readonly sourceIp?: string;
  readonly requestId?: string;
  readonly result: 'success' | 'failure';
  readonly reason?: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  latest(count: number): Promise<Array<AuditEvent & { id: string; time: string }>>;
}

const STREAM = 'audit';
const MAX_EVENTS = 10_000;

export function createAuditLog(store: KeyValueStore, clock: Clock, onError: (error: unknown) => void): AuditLog {
  return {
    async record(event) {
      const fields: Record<string, string> = { time: new Date(clock.now()).toISOString() };
      for (const [key, value] of Object.entries(event)) if (value !== undefined) fields[key] = String(value);
      // The audit trail must not turn a decided request into a failure; a lost event is logged.
      await store.append(STREAM, fields, MAX_EVENTS).catch(onError);
    },
    async latest(count) {
      const entries = await store.readLatest(STREAM, count);
      return entries.map(({ id, fields }) => ({ id, time: fields['time'] ?? '', ...(fields as unknown as AuditEvent) }));
    },
  };
}
