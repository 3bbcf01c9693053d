/**
 * Applies the SW's data messages (everything but welcome/incompatible/result) to the
 * conversations. A whole `recordsAppended` batch lands inside one signals `batch()`, so the
 * list re-renders once per batch however many records it carries.
 */
import { batch } from '@preact/signals';
import type { BackgroundToPanel } from '../../shared/port/messages';
import type { Conversation } from './conversation';

export type DataMessage = Exclude<BackgroundToPanel, { type: 'welcome' } | { type: 'incompatible' } | { type: 'result' } | { type: 'goodbye' }>;

export interface ApplyContext {
  /** The conversation for a key, created (as live) when unknown. */
  conversationFor(key: string): Conversation;
  find(key: string): Conversation | undefined;
  /** The SW epoch of the current port (undefined before welcome). */
  epoch(): string | undefined;
  /** True while our `detach` of the key is on its way: its connection's messages are stale. */
  detaching(key: string): boolean;
  /** Sends `subscribe` (and `unsubscribe` first when `again`) for a conversation. */
  subscribe(conversation: Conversation, again: boolean): void;
}

export function applyMessage(message: DataMessage, ctx: ApplyContext): void {
  switch (message.type) {
    case 'snapshot': {
      // Answers a subscribe sent before our detach: following it would bring the conversation back.
      if (ctx.detaching(message.key)) return;
      const conversation = ctx.conversationFor(message.key);
      if (conversation.skipsStaleSnapshot(message.done)) return;
      batch(() => {
        conversation.awaitingSnapshot = false;
        conversation.removed.value = false;
        conversation.status.value = message.status;
        conversation.epoch ??= ctx.epoch();
        conversation.source.setSwDropped(message.droppedBefore);
        conversation.admit(message.records);
        conversation.snapshotLoading.value = !message.done;
      });
      return;
    }
    case 'recordsAppended': {
      const conversation = ctx.find(message.key);
      if (conversation && !conversation.awaitingSnapshot) batch(() => { conversation.admit(message.records); });
      return;
    }
    case 'recordsPrepended': {
      const conversation = ctx.find(message.key);
      if (conversation && !conversation.awaitingSnapshot) batch(() => { conversation.source.setSwDropped(message.droppedBefore); conversation.prependOlder(message.records, message.done); });
      return;
    }
    case 'recordsUpdated': {
      const conversation = ctx.find(message.key);
      if (conversation && !conversation.awaitingSnapshot) batch(() => { conversation.replace(message.records); });
      return;
    }
    case 'reset':
      batch(() => { ctx.find(message.key)?.resetFrom(message.reason, ctx.epoch()); });
      return;
    case 'resync': {
      const conversation = ctx.find(message.key);
      if (conversation) ctx.subscribe(conversation, true);
      return;
    }
    case 'status': {
      // Sent before the SW took our detach: following it would bring back what we just let go.
      if (ctx.detaching(message.status.key)) return;
      const known = ctx.find(message.status.key);
      const conversation = known ?? ctx.conversationFor(message.status.key);
      conversation.status.value = message.status;
      // A connection we do not follow yet (attached by another panel, or restored by a
      // restarted SW after our hello was answered with connectionRemoved): follow it.
      if (known === undefined || conversation.removed.peek()) {
        conversation.revive(ctx.epoch());
        ctx.subscribe(conversation, false);
      }
      return;
    }
    case 'connectionRemoved': {
      const conversation = ctx.find(message.key);
      if (conversation) batch(() => { conversation.markRemoved(); });
      return;
    }
    case 'logCleared':
      batch(() => { ctx.find(message.key)?.logCleared(); });
      return;
  }
}
