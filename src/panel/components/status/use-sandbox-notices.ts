/**
 * When a server vanished (close 1006) ask, once per close, whether the app server knows why
 * (sandbox paused or missing), through an injected check (the resolver seam). The notice goes
 * away when the connection is open again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../store/conversation';

/** Resolves to a plain explanation, or undefined when there is none (or nothing to ask). */
export type SandboxCheck = (key: string) => Promise<string | undefined>;

export function useSandboxNotices(conversations: readonly Conversation[], check: SandboxCheck | undefined): Record<string, string> {
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [asked] = useState(() => new Map<string, number>());
  const closes = conversations.map((c) => {
    const status = c.status.value;
    return { key: c.key, open: status?.state === 'open', at: status?.lastClose?.code === 1006 ? status.lastClose.at : undefined };
  });
  const signature = closes.map((c) => `${c.key}:${c.open}:${c.at ?? ''}`).join('|');

  useEffect(() => {
    for (const { key, open, at } of closes) {
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
