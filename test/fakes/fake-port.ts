/**
 * A linked pair of runtime-port-like ends with real disconnect semantics: a message posted on
 * one end arrives (asynchronously, like the browser) on the other; disconnect() on one end
 * fires onDisconnect on the OTHER end only, and posting on a disconnected end throws.
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

export function createFakePortPair(name: string, sender?: { id?: string; url?: string }): [FakePortEnd, FakePortEnd] {
  let connected = true;
  const states: [EndState, EndState] = [
    { messageListeners: [], disconnectListeners: [] },
    { messageListeners: [], disconnectListeners: [] },
  ];
  const makeEnd = (own: EndState, other: EndState): FakePortEnd => ({
    name,
    sender,
    get connected() { return connected; },
    postMessage(message) {
      if (!connected) throw new Error('Attempting to use a disconnected port object');
      const copy: unknown = structuredClone(message);
      queueMicrotask(() => { if (connected) for (const fn of other.messageListeners) fn(copy); });
    },
    disconnect() {
      if (!connected) return;
      connected = false;
      queueMicrotask(() => { for (const fn of other.disconnectListeners) fn(); });
    },
    onMessage: { addListener: (fn) => { own.messageListeners.push(fn); } },
    onDisconnect: { addListener: (fn) => { own.disconnectListeners.push(fn); } },
  });
  return [makeEnd(states[0], states[1]), makeEnd(states[1], states[0])];
}
