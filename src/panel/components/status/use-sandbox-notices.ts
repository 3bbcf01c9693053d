/**
 * When a server vanished (close 1006) ask, once per close, whether the app server knows why
 * (sandbox paused or missing), through an injected check (the resolver seam). The notice goes
 * away when the connection is open again.
 */
import { useComputed, type ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../store/conversation';

/** Resolves to a plain explanation, or undefined when there is none (or nothing to ask). */
export type SandboxCheck = (key: string) => Promise<string | undefined>;

function closesOf(conversations: readonly Conversation[], read: (c: Conversation) => Conversation['status']['value']) {
  return conversations.map((c) => {
    const status = read(c);
    return { key: c.key, open: status?.state === 'open', at: status?.lastClose?.code === 1006 ? status.lastClose.at : undefined };
  });
}

/**
 * The caller re-renders only when a conversation opens or closes, not on every status
 * broadcast (counts, four times a second while streaming): the hook reads the statuses
 * inside a computed signature and the caller subscribes to that string alone.
 */
export function useSandboxNotices(conversations: ReadonlySignal<readonly Conversation[]>, check: SandboxCheck | undefined): Record<string, string> {
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [asked] = useState(() => new Map<string, number>());
  const signature = useComputed(() => closesOf(conversations.value, (c) => c.status.value)
    .map((c) => `${c.key}:${c.open}:${c.at ?? ''}`).join('|')).value;

  useEffect(() => {
    for (const { key, open, at } of closesOf(conversations.peek(), (c) => c.status.peek())) {
      if (open) {
        asked.delete(key);
        setNotices((n) => (key in n ? Object.fromEntries(Object.entries(n).filter(([k]) => k !== key)) : n));
        continue;
      }
      if (!check || at === undefined || asked.get(key) === at) continue;
      asked.set(key, at);
      check(key).then((reason) => { if (reason) setNotices((n) => ({ ...n, [key]: reason })); }, () => undefined);
    }
  }, [signature, check]);
  return notices;
}
