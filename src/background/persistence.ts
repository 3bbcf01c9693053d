/**
 * Survives SW restarts: which connections are wanted (target, keep-capturing, parent) and
 * where each resumes (ResumeCursor), written to storage.session: cursors at most once per
 * `throttleMs`, what decides whether a restart reconnects (attach, detach, disconnect, failure,
 * keep-capturing) at once. Never holds keys (the key store does) nor records (rebuilt from history).
 */
import { z } from 'zod';
import { ConnectionTargetSchema } from '../shared/connection';
import { ConnectionPolicySchema } from '../shared/port/messages';
import { GenerationSchema } from '../shared/protocol/generation';
import type { ConnectionStatus } from '../shared/connection';
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

export class Persistence {
  private timer: TimerHandle | undefined;
  /** Per connection, what decides whether a restart brings it back and connects it (see wantedOf). */
  private readonly wanted = new Map<string, string>();
  private holding = false;
  private heldWrite = false;

  constructor(
    private readonly area: SessionStorageArea,
    private readonly clock: Clock,
    private readonly collect: () => PersistedConnection[],
    private readonly throttleMs = 1_000,
  ) {}

  /** Something worth persisting changed: write soon, at most once per throttle window. */
  markDirty(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => this.writeNow(), this.throttleMs);
  }

  /**
   * A connection's status changed. Attaching, disconnecting, a failure and keep-capturing are
   * written at once: an SW stopped within the throttle window restored what the person had just
   * undone (a detached or disconnected connection came back). Everything else (cursors) waits.
   */
  noteStatus(status: ConnectionStatus): void {
    const wanted = wantedOf(status);
    if (this.wanted.get(status.key) === wanted) return this.markDirty();
    this.wanted.set(status.key, wanted);
    this.writeNow();
  }

  /** A connection was detached: written at once (see noteStatus). */
  noteRemoved(key: string): void {
    this.wanted.delete(key);
    this.writeNow();
  }

  /** Writes now; a write that was due later is folded into this one. */
  writeNow(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.holding) {
      this.heldWrite = true;
      return;
    }
    this.area.set({ [STORAGE_KEY]: this.collect() }).catch(() => undefined);
  }

  /**
   * Writes nothing until `restored` settles, then what is due. While a restarted SW restores its
   * connections one by one, a write would store only those restored so far, and an SW stopped
   * right then would forget the rest.
   */
  holdWritesUntil(restored: Promise<unknown>): void {
    this.holding = true;
    const release = (): void => {
      this.holding = false;
      if (this.heldWrite) {
        this.heldWrite = false;
        this.writeNow();
      }
    };
    // Released however the restore ended; its failure is the restore's to report, not ours.
    restored.then(release, release);
  }

  /**
   * Entry by entry: one connection the schema now refuses (a server URL with a query, stored
   * before server URLs were checked) is dropped, not every connection with it.
   */
  async load(): Promise<PersistedConnection[]> {
    const stored: unknown = (await this.area.get(STORAGE_KEY))[STORAGE_KEY];
    if (!Array.isArray(stored)) return [];
    return stored.flatMap((entry: unknown) => {
      const parsed = PersistedConnectionSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }
}

/** Whether a restart connects it, stops it, or captures with no panel open. */
function wantedOf(status: ConnectionStatus): string {
  const stopped = status.state === 'closed' || status.state === 'failed';
  return `${stopped ? 'stopped' : 'running'} ${status.keepCapturing ? 'keep' : 'panel'}`;
}
