/**
 * Survives SW restarts: which connections are wanted (target, keep-capturing, parent) and
 * where each resumes (ResumeCursor), written to storage.session at most once per
 * `throttleMs`. Never holds keys (the key store does) nor records (rebuilt from history).
 */
import { z } from 'zod';
import { ConnectionTargetSchema } from '../shared/connection';
import { ConnectionPolicySchema } from '../shared/port/messages';
import { GenerationSchema } from '../shared/protocol/generation';
import type { Clock, TimerHandle } from './contracts';
import type { SessionStorageArea } from './key-store';

const STORAGE_KEY = 'cdt.connections';

const PersistedConnectionSchema = z.object({
  target: ConnectionTargetSchema,
  keepCapturing: z.boolean(),
  parentKey: z.string().optional(),
  nextSeq: z.number().int(),
  cursor: z.object({
    generation: GenerationSchema,
    latestEventId: z.number().optional(),
    afterTimestamp: z.string().optional(),
    afterSeq: z.number().optional(),
    recentIds: z.array(z.string()).max(1000),
  }).optional(),
  policy: ConnectionPolicySchema.optional(),
  /** Disconnected by the person, or failed: restored without connecting, until asked to. */
  stopped: z.object({ state: z.enum(['closed', 'failed']), reason: z.string().max(500) }).optional(),
});
export type PersistedConnection = z.infer<typeof PersistedConnectionSchema>;
const PersistedStateSchema = z.array(PersistedConnectionSchema);

export class Persistence {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly area: SessionStorageArea,
    private readonly clock: Clock,
    private readonly collect: () => PersistedConnection[],
    private readonly throttleMs = 1_000,
  ) {}

  /** Something worth persisting changed: write soon, at most once per throttle window. */
  markDirty(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.area.set({ [STORAGE_KEY]: this.collect() }).catch(() => undefined);
    }, this.throttleMs);
  }

  async load(): Promise<PersistedConnection[]> {
    const parsed = PersistedStateSchema.safeParse((await this.area.get(STORAGE_KEY))[STORAGE_KEY]);
    return parsed.success ? parsed.data : [];
  }
}
