/**
 * @module store/memory-pubsub — in-process publish/subscribe with Redis-like delivery.
 *
 * Delivery is asynchronous (a later macrotask), as it is over a Redis connection, so code that is
 * tested against memory cannot come to depend on a publisher running its subscribers inline.
 * Messages reach only subscribers of the same hub, i.e. of the same store instance.
 */

import type { StoreLogger } from './logger.js';
import { describeError } from './logger.js';

interface Subscription {
  active: boolean;
  readonly onMessage: (message: string) => void;
}

export interface MemoryPubSub {
  publish(channel: string, message: string): void;
  /** Returns a function that stops delivery to this subscription (idempotent). */
  subscribe(channel: string, onMessage: (message: string) => void): () => void;
  clear(): void;
}

export function createMemoryPubSub(logger: StoreLogger): MemoryPubSub {
  const channels = new Map<string, Set<Subscription>>();

  const deliver = (channel: string, subscription: Subscription, message: string): void => {
    // Checked at delivery time so that nothing arrives after unsubscribe has returned.
    if (!subscription.active) return;
    try {
      subscription.onMessage(message);
    } catch (err) {
      // One faulty subscriber must not stop delivery to the others nor crash the process.
      logger.error({ channel, err: describeError(err) }, 'store subscriber threw');
    }
  };

  return {
    publish(channel, message) {
      const subscriptions = channels.get(channel);
      if (subscriptions === undefined) return;
      for (const subscription of subscriptions) {
        setImmediate(deliver, channel, subscription, message);
      }
    },
    subscribe(channel, onMessage) {
      const subscription: Subscription = { active: true, onMessage };
      let subscriptions = channels.get(channel);
      if (subscriptions === undefined) {
        subscriptions = new Set();
        channels.set(channel, subscriptions);
      }
      subscriptions.add(subscription);
      return () => {
        subscription.active = false;
        const current = channels.get(channel);
        current?.delete(subscription);
        if (current?.size === 0) channels.delete(channel);
      };
    },
    clear() {
      for (const subscriptions of channels.values()) {
        for (const subscription of subscriptions) subscription.active = false;
      }
      channels.clear();
    },
  };
}
