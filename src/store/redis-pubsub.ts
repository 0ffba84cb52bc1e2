/**
 * @module store/redis-pubsub — subscriptions over a dedicated connection, opened on first use.
 *
 * A connection in subscribe mode cannot run other commands, so subscribers get a `duplicate()` of
 * the command client (same URL, timeouts and reconnect strategy). After a reconnect node-redis
 * re-subscribes every channel that still has listeners; messages published while the connection
 * was down are lost, as with any Redis pub/sub.
 */

import type { StoreLogger } from './logger.js';
import { describeError } from './logger.js';
import type { RedisClient } from './redis-connection.js';
import { closeClient, startConnecting, watchConnection } from './redis-connection.js';
import { guarded } from './redis-guard.js';
import { storeUnavailable } from './unavailable.js';

export interface RedisSubscriberOptions {
  readonly parent: RedisClient;
  readonly target: string;
  readonly timeoutMs: number;
  /** How long the first subscription waits for the dedicated connection to come up. */
  readonly connectTimeoutMs: number;
  readonly logger: StoreLogger;
}

export interface RedisSubscriber {
  /** `channel` is already prefixed. The returned function never rejects (see below). */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createRedisSubscriber(options: RedisSubscriberOptions): RedisSubscriber {
  const { parent, target, timeoutMs, connectTimeoutMs, logger } = options;
  let client: RedisClient | undefined;
  let firstConnect: Promise<unknown> | undefined;
  let closed = false;

  const connected = async (): Promise<RedisClient> => {
    if (client === undefined) {
      client = parent.duplicate();
      watchConnection(client, 'subscriber', target, logger);
      firstConnect = startConnecting(client, connectTimeoutMs);
    }
    // Only the very first use waits for the connection; afterwards a down connection fails at once.
    await firstConnect;
    if (closed) throw storeUnavailable('subscribe: redis store is closed');
    if (!client.isReady) throw storeUnavailable(`subscribe: redis subscriber is not connected (${target})`);
    return client;
  };

  return {
    async subscribe(channel, onMessage) {
      if (closed) throw storeUnavailable('subscribe: redis store is closed');
      const subscriber = await connected();
      // Each subscription gets its own listener, so unsubscribing one leaves the others in place.
      let active = true;
      const listener = (message: string): void => {
        if (!active) return;
        try {
          onMessage(message);
        } catch (err) {
          // A throwing subscriber must not break the connection's reply parsing.
          logger.error({ channel, err: describeError(err) }, 'store subscriber threw');
        }
      };
      try {
        await guarded('subscribe', timeoutMs, () => subscriber.subscribe(channel, listener));
      } catch (err) {
        // The SUBSCRIBE may still complete after we gave up: make sure it can never deliver.
        active = false;
        Promise.resolve()
          .then(() => subscriber.unsubscribe(channel, listener))
          .catch(() => undefined);
        throw err;
      }
      let unsubscribed = false;
      // Never rejects: delivery stops locally at once, whatever the connection state; the server
      // side follows when reachable (node-redis re-subscribes only channels that still have listeners).
      return async () => {
        if (unsubscribed) return;
        unsubscribed = true;
        active = false;
        try {
          await guarded('unsubscribe', timeoutMs, () => subscriber.unsubscribe(channel, listener));
        } catch (err) {
          logger.warn({ channel, err: describeError(err) }, 'redis UNSUBSCRIBE failed; delivery already stopped locally');
        }
      };
    },

    async close() {
      closed = true;
      if (client !== undefined) await closeClient(client, timeoutMs);
    },
  };
}
