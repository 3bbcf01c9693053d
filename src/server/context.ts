import type { DemoAgent } from './demo-agent';
import type { WireFeatures } from './features';
import type { LiveSocketRegistry } from './live-sockets';
import type { Knobs, ServerGeneration } from './options';
import type { ConversationStore } from './store';
import type { V0EventLog } from './v0/v0-log';

/** What every route and socket handler of one server instance shares. */
export interface ServerContext {
  readonly store: ConversationStore;
  /** Integer-id event logs of the V0 conversations. */
  readonly v0: V0EventLog;
  readonly knobs: Knobs;
  /** Mutable so tests can switch auth on and off on a running server. */
  sessionApiKeys: string[];
  readonly registry: LiveSocketRegistry;
  readonly agent: DemoAgent;
  readonly generation: ServerGeneration;
  /** Reported by /server_info. */
  readonly version: string;
  /** What the deployment and release it plays offer (from `generation` and `version`). */
  readonly features: WireFeatures;
  readonly pathPrefix: string;
  readonly corsOrigins: string[];
  /** Origin of the listening server, e.g. http://127.0.0.1:8000. */
  origin(): string;
}
