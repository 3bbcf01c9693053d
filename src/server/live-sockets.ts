/** Every live socket of a conversation, of any generation, so faults can reach all of them. */
export interface LiveSocket {
  readonly generation: 'v0-socketio' | 'v1-events' | 'v1-session';
  /** Abrupt loss: no close frame (the client sees 1006 / a transport error). */
  drop(): void;
  close(code: number, reason: string): void;
  /** Sends raw wire data (malformed-frame faults); absent where the transport cannot. */
  sendRaw?(data: string | Buffer): void;
}

export class LiveSocketRegistry {
  private readonly byConversation = new Map<string, Set<LiveSocket>>();

  /** Returns the unregister function; call it when the socket closes. */
  register(conversationId: string, socket: LiveSocket): () => void {
    let set = this.byConversation.get(conversationId);
    if (!set) {
      set = new Set();
      this.byConversation.set(conversationId, set);
    }
    set.add(socket);
    return () => {
      set.delete(socket);
      if (set.size === 0) this.byConversation.delete(conversationId);
    };
  }

  of(conversationId: string): LiveSocket[] {
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  all(): LiveSocket[] {
    return [...this.byConversation.values()].flatMap((set) => [...set]);
  }

  count(conversationId: string, generation?: LiveSocket['generation']): number {
    return this.of(conversationId).filter((s) => !generation || s.generation === generation).length;
  }
}
