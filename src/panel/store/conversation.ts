/**
 * One conversation in the panel: its records, the SW's status for it, selection, replay
 * position and the conversation state derived up to that position. Knows nothing of ports:
 * the panel store feeds it with what the link received (seqs already mapped, see `admit`).
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ConversationState } from '../../shared/conversation-state';
import type { ConnectionStatus } from '../../shared/connection';
import type { LogRecord } from '../../shared/record';
import type { Generation } from '../../shared/protocol/generation';
import type { ReadResult } from '../../shared/recording';
import { indexAtOrBefore } from '../replay/controller';
import { compactRecord } from '../../shared/compact-record';
import { ConnectionStory } from './connection-story';
import { PANEL_RECORD_CAP, RecordBuffer } from './record-buffer';
import { StateFolder } from './state-folder';
import { wholeStreamUpdate } from './stream-merge';
import { createComposerState } from '../composer/composer-state';

/** Describes an offline (imported) conversation; panel-features fills it from a recording. */
export interface ImportedHeader {
  title: string;
  serverUrl?: string;
  conversationId?: string;
  /** The recording's generation: its records alone may not say (REST events of a session log are v1-events). */
  protocol?: Generation;
  /** Records the recorded log had dropped before its first one: the imported log says so as the live one did. */
  droppedBefore?: number;
  /** Where the recording came from (file name). */
  origin?: string;
  /** The file's format: two imports of one conversation (its NDJSON and its HAR) differ by it. */
  format?: ReadResult['format'];
}

/** @default 64 full records held for listings at once (the detail's recent selections) */
export const EXPANDED_RECORDS_KEPT = 64;

export type ConversationOrigin = { type: 'live' } | { type: 'imported'; header: ImportedHeader };

export class Conversation {
  readonly source: RecordBuffer;
  readonly status = signal<ConnectionStatus | undefined>(undefined);
  readonly selectedSeq = signal<number | null>(null);
  /** Time-travel position: `null` means live (the end). */
  readonly replaySeq = signal<number | null>(null);
  /** A snapshot is streaming in (between subscribe and the chunk marked done). */
  readonly snapshotLoading = signal(false);
  /** The SW no longer has this connection (SW restarted without it, or another panel detached it). */
  readonly removed = signal(false);
  /** Transitions and errors, kept apart from the capped records. */
  readonly story = new ConnectionStory();
  /** Records skipped because their event id was already held (epoch merge). */
  readonly mergedDuplicates = signal(0);
  /**
   * Records a restarted SW reloaded that are new to us but number among the records kept from
   * before the restart (see `admit`): counted, not shown; `reloadFromSw` shows the SW's log.
   */
  readonly unplacedAfterRestart = signal(0);
  /** The composer's draft, send history and pending REST choice: they outlive the composer's remounts. */
  readonly composer = createComposerState();
  /** After `reloadFromSw`: live batches are ignored until the fresh snapshot arrives (it holds them). */
  awaitingSnapshot = false;
  /**
   * Snapshot streams still to come that answer a subscribe made before a reset (`reloadFromSw`
   * while a snapshot was loading): their chunks are skipped, up to each one's last (done).
   * The SW posts each stream in one go, so they come whole and before the fresh one.
   */
  private staleSnapshots = 0;
  /** The position views follow: the replay position, else the selection, else the end. */
  readonly position: ReadonlySignal<number | null>;
  readonly state: ReadonlySignal<ConversationState>;

  /** SW epoch the held records' seqs belong to. */
  epoch: string | undefined;
  /** Highest SW seq received in the current epoch (what `subscribe` resumes from). */
  swLastSeq = -1;
  /**
   * Lowest SW seq the current epoch has sent (older records the log gains later come as prepends):
   * the subscription's cursor, past records placed, merged away or left unplaced alike.
   */
  swFirstSeq: number | undefined;
  /** Panel seq = SW seq + offset; grows on an epoch merge so seqs never collide. */
  seqOffset = 0;
  /**
   * After an epoch merge: the lowest panel seq of the rows kept from the old log (they run
   * through `seqOffset`). Those numbers map by offset onto unrelated SW records of the new log
   * (its history below zero lands among them), so they are found by event id instead. Raised
   * past records later placed before (possible once the cap dropped the lowest kept rows).
   */
  private keptFromOldLogFrom: number | undefined;
  /** True after an epoch change: records whose event id is held are skipped from then on. */
  private dedupeByEventId = false;
  /**
   * The merge index: event ids held, built at the first epoch change and kept from then on.
   * Before that nothing reads it, and 100k ids cost the panel 12–16 B/record.
   */
  private readonly eventIds = new Map<string, number>();
  /**
   * After an epoch merge: the SW seq of each record skipped as a duplicate → the panel seq of the
   * record held for it (from before the restart). A payload search answers in SW seqs, and these
   * are how a match in the SW's copy finds the row the panel shows. Per epoch, and at most the
   * record cap (oldest forgotten first: a match there would then find no row, as before).
   */
  private readonly mergedSwSeqs = new Map<number, number>();
  private readonly mergedSwSeqsCap: number;
  private readonly folder: StateFolder;
  /** Listings whose full record is swapped in (by panel seq), oldest first. */
  private readonly expanded = new Map<number, LogRecord>();
  /** `recordsPrepended` chunks gathered until the one marked done (one prepend, one re-index). */
  private olderPending: LogRecord[] = [];

  constructor(readonly key: string, readonly origin: ConversationOrigin, cap?: number) {
    this.mergedSwSeqsCap = cap ?? PANEL_RECORD_CAP;
    this.source = new RecordBuffer(cap, (dropped) => {
      for (const record of dropped) if (record.eventId !== undefined && this.eventIds.get(record.eventId) === record.seq) this.eventIds.delete(record.eventId);
    });
    this.folder = new StateFolder(this.source.records);
    this.position = computed(() => this.replaySeq.value ?? this.selectedSeq.value);
    this.state = computed(() => {
      this.source.version.value;
      this.source.generation.value;
      const seq = this.position.value;
      if (seq === null) return this.folder.atEnd();
      return this.folder.at(indexAtOrBefore(this.source.records, seq));
    });
  }

  get isImported(): boolean {
    return this.origin.type === 'imported';
  }

  /**
   * Appends SW records (SW seqs) after mapping them into the panel's seq space. After an epoch
   * merge the restarted SW's log may start with history numbered below zero: mapped, those fall
   * before or among the records kept from the old epoch. Ones before are placed before; ones
   * among them are new to us only if the old epoch missed them (events while the SW was down,
   * or history it had not reached), and have no seq free there, so they are counted.
   */
  admit(records: readonly LogRecord[]): number {
    const fresh: LogRecord[] = [];
    const before: LogRecord[] = [];
    const firstHeld = this.source.records[0]?.seq;
    let lastHeld = this.source.records[this.source.records.length - 1]?.seq;
    for (const record of records) {
      // swLastSeq -1 means "none held yet", not a bound: a snapshot taken after a newest-first
      // backfill starts with older records numbered below zero, and all of them are new.
      if (this.swFirstSeq !== undefined && record.seq <= this.swLastSeq) continue;
      this.swLastSeq = record.seq;
      this.swFirstSeq ??= record.seq;
      if (this.skipsAsMerged(record)) continue;
      const seq = record.seq + this.seqOffset;
      if (this.dedupeByEventId && lastHeld !== undefined && seq <= lastHeld) {
        if (firstHeld !== undefined && seq < firstHeld) before.push(record);
        else this.unplacedAfterRestart.value += 1;
        continue;
      }
      if (record.eventId !== undefined && this.dedupeByEventId) this.eventIds.set(record.eventId, seq);
      compactRecord(record);
      lastHeld = seq;
      fresh.push(this.seqOffset === 0 ? record : { ...record, seq });
    }
    const placed = before.length > 0 ? this.placeBefore(before) : 0;
    const generation = this.source.generation.peek();
    const kept = this.source.append(fresh);
    this.story.take(fresh);
    if (this.source.generation.peek() !== generation) this.folder.invalidateFrom(0);
    return kept + placed;
  }

  /**
   * Older records from the SW (history loaded newest-first, SW seqs below our first): gathered
   * over the chunks, then placed before everything held in one step.
   */
  prependOlder(records: readonly LogRecord[], done: boolean): number {
    for (const record of records) this.olderPending.push(record);
    if (!done) return 0;
    const older = this.olderPending;
    this.olderPending = [];
    const first = this.swFirstSeq ?? Infinity;
    const firstHeld = this.source.records[0]?.seq ?? Infinity;
    const fresh: LogRecord[] = [];
    for (const record of older) {
      if (record.seq >= first) continue;
      if (this.skipsAsMerged(record)) continue;
      // Only after an epoch merge can an older SW record map among the records held (see admit).
      if (this.dedupeByEventId && record.seq + this.seqOffset >= firstHeld) { this.unplacedAfterRestart.value += 1; continue; }
      fresh.push(record);
    }
    // Past all of them, placed or not: ones the cap refused (counted as dropped) or skipped as
    // merged must not come, and be counted, again with every re-subscribe's firstSeq.
    const lowest = older.find((record) => record.seq < first);
    if (lowest !== undefined) this.swFirstSeq = lowest.seq;
    return this.placeBefore(fresh);
  }

  /** SW records (ascending, all mapping below the first held) placed before everything held. */
  private placeBefore(records: readonly LogRecord[]): number {
    const mapped = records.map((record) => {
      compactRecord(record);
      return this.seqOffset === 0 ? record : { ...record, seq: record.seq + this.seqOffset };
    });
    const kept = this.source.prepend(mapped);
    if (kept.length === 0) return 0;
    const lastPlaced = kept[kept.length - 1]!.seq;
    if (this.keptFromOldLogFrom !== undefined && lastPlaced >= this.keptFromOldLogFrom) this.keptFromOldLogFrom = lastPlaced + 1;
    this.story.takeOlder(kept);
    if (this.dedupeByEventId) for (const record of kept) if (record.eventId !== undefined) this.eventIds.set(record.eventId, record.seq);
    this.folder.invalidateFrom(0);
    return kept.length;
  }

  /**
   * Records changed in place on the SW side. A listing remembered for one of them (see
   * replaceHeld) is older than this version: reverting to it later would bring back, say, a
   * streamed item's earlier attempt over its newer one, so the update takes its place. A
   * streamed item held whole (load full record) stays whole: the update's end is joined to it.
   */
  replace(records: readonly LogRecord[]): void {
    for (const record of records) compactRecord(record);
    const mapped = this.seqOffset === 0 ? records : records.map((r) => ({ ...r, seq: r.seq + this.seqOffset }));
    this.swapIn(mapped.map((update) => this.keptWhole(update)));
  }

  /** The update as held from now on: joined to the whole record held for its listing, if it can be. */
  private keptWhole(update: LogRecord): LogRecord {
    const wasExpanded = this.expanded.delete(update.seq);
    const held = wasExpanded ? this.source.get(update.seq) : undefined;
    const whole = held && wholeStreamUpdate(held, update);
    if (whole === undefined) return update;
    this.expanded.set(update.seq, update); // the newest listing, should it go back to one
    return compactRecord(whole);
  }

  /**
   * Sends still waiting for their echo when the SW restarted: the new SW does not know them,
   * so they would say `pending` for good. They say `untracked`; the echo, if it came, is in
   * the log as the user's message.
   */
  private untrackPending(): void {
    const pending = this.source.records.filter((r) => r.outgoing?.status === 'pending');
    if (pending.length > 0) this.swapIn(pending.map((r) => ({ ...r, outgoing: { ...r.outgoing!, status: 'untracked' as const } })));
  }

  /** The SW log no longer continues ours in the same numbering. */
  resetFrom(reason: string, currentEpoch: string | undefined): void {
    if (reason === 'epoch') {
      // The SW restarted and rebuilt its log from server history: keep what we have and merge
      // its records by event id, numbered after ours (its seqs start again from 1).
      this.untrackPending();
      this.source.keepSwDropped();
      this.seqOffset = this.source.lastSeq;
      this.keptFromOldLogFrom = this.source.records[0]?.seq;
      if (!this.dedupeByEventId) for (const record of this.source.records) if (record.eventId !== undefined) this.eventIds.set(record.eventId, record.seq);
      this.dedupeByEventId = true;
    } else {
      // Evicted past our position, or the person asked for the SW's log (reloadFromSw): what
      // comes next is the SW's log in its own numbering, with nothing of ours to merge into.
      this.clearRecords();
      this.seqOffset = 0;
      this.dedupeByEventId = false;
      this.unplacedAfterRestart.value = 0;
      this.mergedDuplicates.value = 0;
    }
    this.mergedSwSeqs.clear();
    this.epoch = currentEpoch;
    this.swLastSeq = -1;
    this.swFirstSeq = undefined;
    this.olderPending = [];
  }

  /**
   * Follows the key again after `connectionRemoved` (attached again, or restored): the SW's log
   * for it is a new one whatever the epoch, its seqs start again, so our position in the old
   * one means nothing there. Kept and merged as after an SW restart. Without this a re-attach
   * subscribed from the old log's last seq, and the new log's records up to it never came.
   */
  revive(currentEpoch: string | undefined): void {
    if (!this.removed.peek()) return;
    this.removed.value = false;
    this.resetFrom('epoch', currentEpoch);
  }

  /**
   * The SW no longer holds the connection. Any snapshot stream we were waiting for has come
   * before this (or never will: a subscribe to a removed key is answered with this).
   */
  markRemoved(): void {
    this.removed.value = true;
    this.snapshotLoading.value = false;
    this.staleSnapshots = 0;
  }

  /** Subscribed again on a new port (hello): a fresh snapshot comes; the old port's streams never will. */
  followOnNewPort(): void {
    this.snapshotLoading.value = true;
    this.staleSnapshots = 0;
  }

  /** The snapshot stream in flight, if any, answers a subscribe made before now: skip it. */
  discardSnapshotInFlight(): void {
    if (this.snapshotLoading.peek()) this.staleSnapshots += 1;
  }

  /** True for a chunk of a stale snapshot stream (see `discardSnapshotInFlight`). */
  skipsStaleSnapshot(done: boolean): boolean {
    if (this.staleSnapshots === 0) return false;
    if (done) this.staleSnapshots -= 1;
    return true;
  }

  /**
   * The SW cleared its log. Older history it still loads (newest-first) goes before whatever
   * it holds next, numbered down from its next seq: below our last, so our first moves past it
   * or those records would count as already held.
   */
  logCleared(): void {
    this.clearRecords();
    if (this.swFirstSeq !== undefined) this.swFirstSeq = this.swLastSeq + 1;
  }

  /** Everything held is gone (log cleared, or evicted before our position). */
  clearRecords(swDropped = 0): void {
    this.source.clear(swDropped);
    this.keptFromOldLogFrom = undefined;
    this.expanded.clear();
    this.olderPending = [];
    this.story.clear();
    this.eventIds.clear();
    this.mergedSwSeqs.clear();
    this.folder.invalidateFrom(0);
    this.selectedSeq.value = null;
    this.replaySeq.value = null;
  }

  /** Fills an imported (offline) conversation; seqs are the recording's own. */
  load(records: readonly LogRecord[]): void {
    for (const record of records) compactRecord(record);
    if (this.origin.type === 'imported') this.source.setSwDropped(this.origin.header.droppedBefore ?? 0);
    this.source.append(records);
    this.story.take(records);
  }

  /** Swaps in the full record fetched with getRecord (SW seq; the port carried a listing). */
  replaceFull(record: LogRecord): void {
    this.replaceHeld(this.seqOffset === 0 ? record : { ...record, seq: record.seq + this.seqOffset });
  }

  /**
   * Swaps in a full record numbered in the panel's seqs. The listing it replaces is remembered:
   * past EXPANDED_RECORDS_KEPT full records, the oldest go back to their listings, so selecting
   * (or time-travelling through) thousands of records does not refill the panel with payloads.
   */
  replaceHeld(record: LogRecord): void {
    const held = this.source.get(record.seq);
    if (held === undefined) return;
    if (held.rawTruncated) {
      this.expanded.delete(record.seq);
      this.expanded.set(record.seq, held);
    }
    this.swapIn([compactRecord(record)]);
    const reverts: LogRecord[] = [];
    for (const [seq, listing] of this.expanded) {
      if (this.expanded.size <= EXPANDED_RECORDS_KEPT) break;
      this.expanded.delete(seq);
      // Unless the SW replaced it meanwhile (then the held version is newer than the listing).
      if (this.source.get(seq)?.rawTruncated !== true) reverts.push(listing);
    }
    if (reverts.length > 0) this.swapIn(reverts);
  }

  /** Full records currently swapped in for listings (see replaceHeld). */
  expandedCount(): number {
    return this.expanded.size;
  }

  /** Replaces held records by seq; the folded state is recomputed from the first one replaced. */
  private swapIn(records: readonly LogRecord[]): void {
    let first = Infinity;
    for (const record of records) {
      const index = this.source.indexOfSeq(record.seq);
      if (index >= 0) first = Math.min(first, index);
    }
    if (this.source.update(records) > 0) this.folder.invalidateFrom(first);
  }

  /** How many event ids the merge index holds (none before an epoch change; bounded by the record cap). */
  heldEventIds(): number {
    return this.eventIds.size;
  }

  /** After an epoch merge, a record whose event id is held is skipped (and remembered for searches). */
  private skipsAsMerged(record: LogRecord): boolean {
    if (record.eventId === undefined || !this.dedupeByEventId) return false;
    const held = this.eventIds.get(record.eventId);
    if (held === undefined) return false;
    this.mergedDuplicates.value += 1;
    this.mergedSwSeqs.set(record.seq, held);
    if (this.mergedSwSeqs.size > this.mergedSwSeqsCap) this.mergedSwSeqs.delete(this.mergedSwSeqs.keys().next().value!);
    return true;
  }

  /**
   * The panel seq showing an SW seq of the current epoch: its own record, or the one held for it
   * from before a restart; undefined for one left unplaced among those (no row shows it).
   */
  panelSeqOf(swSeq: number): number | undefined {
    const merged = this.mergedSwSeqs.get(swSeq);
    if (merged !== undefined) return merged;
    const seq = swSeq + this.seqOffset;
    return this.keptFromOldLog(seq) ? undefined : seq;
  }

  /** The SW seq for a panel seq of the current epoch (undefined: the record predates it, find it by event id). */
  swSeqOf(panelSeq: number): number | undefined {
    return this.keptFromOldLog(panelSeq) ? undefined : panelSeq - this.seqOffset;
  }

  private keptFromOldLog(panelSeq: number): boolean {
    return this.keptFromOldLogFrom !== undefined && panelSeq >= this.keptFromOldLogFrom && panelSeq <= this.seqOffset;
  }
}
