/**
 * A linked pair of runtime-port-like ends with real disconnect semantics: a message posted on
 * one end arrives (asynchronously, like the browser) on the other; disconnect() on one end
 * fires onDisconnect on the OTHER end only, and posting on a disconnected end throws. Messages
 * an end posted before its own disconnect() still arrive, first (as in Chromium: the SW's
 * `goodbye` before it closes a port); ones in flight to an end that disconnected do not.
 * `maxMessageChars` plays Chrome's port-message size limit: a larger message (as JSON) throws.
 */
export interface FakePortEnd {
  readonly name: string;
  readonly sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
  readonly connected: boolean;
}

interface EndState {
  messageListeners: ((message: unknown) => void)[];
  disconnectListeners: (() => void)[];
}

export function createFakePortPair(name: string, sender?: { id?: string; url?: string }, options: { maxMessageChars?: number } = {}): [FakePortEnd, FakePortEnd] {
  /** The end that disconnected, once one did. */
  let closedBy: EndState | undefined;
  const states: [EndState, EndState] = [
    { messageListeners: [], disconnectListeners: [] },
    { messageListeners: [], disconnectListeners: [] },
  ];
  const makeEnd = (own: EndState, other: EndState): FakePortEnd => ({
    name,
    sender,
    get connected() { return closedBy === undefined; },
    postMessage(message) {
      if (closedBy !== undefined) throw new Error('Attempting to use a disconnected port object');
      if (options.maxMessageChars !== undefined && JSON.stringify(message).length > options.maxMessageChars) {
        throw new Error('Message exceeded maximum allowed size of 64MiB.');
      }
      const copy: unknown = structuredClone(message);
      queueMicrotask(() => { if (closedBy === undefined || closedBy === own) for (const fn of other.messageListeners) fn(copy); });
    },
    disconnect() {
      if (closedBy !== undefined) return;
      closedBy = own;
      queueMicrotask(() => { for (const fn of other.disconnectListeners) fn(); });
    },
    onMessage: { addListener: (fn) => { own.messageListeners.push(fn); } },
    onDisconnect: { addListener: (fn) => { own.disconnectListeners.push(fn); } },
  });
  return [makeEnd(states[0], states[1]), makeEnd(states[1], states[0])];
}
