import type { DemoAgent } from './demo-agent';
import type { LiveSocketRegistry } from './live-sockets';
import type { Knobs } from './options';
import type { ConversationStore } from './store';

/** What every route and socket handler of one server instance shares. */
export interface ServerContext {
  readonly store: ConversationStore;
  readonly knobs: Knobs;
  /** Mutable so tests can switch auth on and off on a running server. */
  sessionApiKeys: string[];
  readonly registry: LiveSocketRegistry;
  readonly agent: DemoAgent;
  readonly version: string;
  readonly pathPrefix: string;
  readonly corsOrigins: string[];
  /** Origin of the listening server, e.g. http://127.0.0.1:8000. */
  origin(): string;
}
