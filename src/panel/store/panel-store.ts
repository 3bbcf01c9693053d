/**
 * The panel's state: conversations, the active one, the link's state and visible notices,
 * plus verb-named actions. No browser API: commands go out through the injected `request`
 * (the background link), and the link feeds SW messages in through `receive`.
 */
import { batch, computed, signal } from '@preact/signals';
import type { ConnectionTarget } from '../../shared/connection';
import { GetRecordsAnswerSchema, MAX_HELLO_SUBSCRIPTIONS, MAX_RECORDS_PER_REQUEST, PayloadSearchAnswerSchema, type Command, type PayloadSearchAnswer, type Subscription } from '../../shared/port/messages';
import type { LogRecord } from '../../shared/record';
import { applyMessage, type ApplyContext, type DataMessage } from './apply-message';
import { Conversation, type ImportedHeader } from './conversation';
import { parseConversationList, type ListedConversation } from './conversation-list';
import { RemovalOrder } from './removal-order';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'incompatible';
/** Sends a command to the SW; resolves with its value or rejects with its error. */
export type RequestCommand = (command: Command) => Promise<unknown>;

export interface PanelStoreOptions {
  request: RequestCommand;
  /** Records held per conversation before the oldest are dropped (visible count). */
  recordCap?: number;
}

/** @default 20 notices kept; older ones are counted, not shown */
export const MAX_NOTICES = 20;
/**
 * Conversations whose connection the SW no longer holds stay listed (records, Reattach) up
 * to this many; the ones removed longest ago then leave the list, with a notice.
 * @default 16
 */
export const MAX_REMOVED_KEPT = 16;

export function createPanelStore(options: PanelStoreOptions) {
  const { request } = options;
  const conversations = signal<readonly Conversation[]>([]);
  const activeKey = signal<string | null>(null);
  const active = computed(() => conversations.value.find((c) => c.key === activeKey.value));
  const link = {
    state: signal<LinkState>('connecting'),
    epoch: signal<string | undefined>(undefined),
    /** Why the link is not live (incompatible versions, extension reloaded, last port error). */
    detail: signal<string | undefined>(undefined),
    /** Envelopes from the SW that failed validation (each also raised as a notice). */
    badEnvelopes: signal(0),
  };
  const notices = signal<readonly string[]>([]);
  const noticesDropped = signal(0);
  const subscribed = new Set<string>();

  const find = (key: string) => conversations.peek().find((c) => c.key === key);
  const add = (conversation: Conversation) => {
    conversations.value = [...conversations.peek(), conversation];
    if (activeKey.peek() === null) activeKey.value = conversation.key;
    return conversation;
  };
  const conversationFor = (key: string) => find(key) ?? add(new Conversation(key, { type: 'live' }, options.recordCap));

  function notify(message: string): void {
    const next = [...notices.peek(), message];
    if (next.length > MAX_NOTICES) noticesDropped.value += next.length - MAX_NOTICES;
    notices.value = next.slice(-MAX_NOTICES);
  }

  /**
   * Full records from the SW log, by SW seq and by event id (at most MAX_RECORDS_PER_REQUEST of
   * each). One answer carries what fits one port message; the rest is asked for again until
   * none is left (each answer brings at least one record).
   */
  async function fetchFull(key: string, seqs: number[], eventIds: string[]): Promise<LogRecord[]> {
    const records: LogRecord[] = [];
    let ask: { seqs: number[]; eventIds: string[] } | undefined = { seqs, eventIds };
    while (ask !== undefined) {
      const value = await request({ name: 'getRecords', key, seqs: ask.seqs, ...(ask.eventIds.length > 0 ? { eventIds: ask.eventIds } : {}) });
      const answer = GetRecordsAnswerSchema.safeParse(value);
      if (!answer.success) throw new Error('getRecords answered with something else than records');
      if (answer.data.rest !== undefined && answer.data.records.length === 0) throw new Error('getRecords answered with no records and more to come');
      records.push(...answer.data.records);
      ask = answer.data.rest;
    }
    return records;
  }

  /** Runs a command; a failure becomes a visible notice (prefixed with what was tried) and rethrows. */
  async function run(what: string, command: Command): Promise<unknown> {
    try {
      return await request(command);
    } catch (error) {
      notify(`${what}: ${(error as Error).message}`);
      throw error;
    }
  }

  function subscriptionOf(conversation: Conversation): Subscription {
    return {
      key: conversation.key, lastSeq: conversation.swLastSeq,
      ...(conversation.swFirstSeq !== undefined && conversation.swLastSeq >= 0 ? { firstSeq: conversation.swFirstSeq } : {}),
      ...(conversation.epoch ? { epoch: conversation.epoch } : {}),
    };
  }

  function subscribe(conversation: Conversation, again: boolean): void {
    if (again) void run(`unsubscribe ${conversation.key}`, { name: 'unsubscribe', key: conversation.key }).catch(() => undefined);
    subscribed.add(conversation.key);
    conversation.snapshotLoading.value = true;
    void run(`subscribe ${conversation.key}`, { name: 'subscribe', ...subscriptionOf(conversation) }).catch(() => undefined);
  }

  const removalOrder = new RemovalOrder();

  /** `key` was just removed: past MAX_REMOVED_KEPT removed conversations, the oldest (not the one shown) leave the list. */
  function keepRemovedBounded(key: string): void {
    removalOrder.removed(key);
    const leaving = removalOrder.pastBound(conversations.peek(), MAX_REMOVED_KEPT, activeKey.peek());
    if (leaving.length === 0) return;
    conversations.value = conversations.peek().filter((c) => !leaving.includes(c.key));
    for (const gone of leaving) { removalOrder.forget(gone); subscribed.delete(gone); }
    notify(`${leaving.join(', ')} left the list: at most ${MAX_REMOVED_KEPT} conversations the service worker no longer holds are kept`);
  }

  /** Keys whose `detach` is on its way (see ApplyContext.detaching). */
  const detaching = new Set<string>();
  const applyContext: ApplyContext = { conversationFor, find, epoch: () => link.epoch.peek(), detaching: (key) => detaching.has(key), subscribe };

  function select(key: string, seq: number | null): void {
    const conversation = find(key);
    if (conversation) conversation.selectedSeq.value = seq;
  }

  /** Attaches the SW to a target and follows it; resolves with the conversation key. */
  async function attach(target: ConnectionTarget, sessionApiKey?: string): Promise<string> {
    const value = await run(`attach ${target.conversationId}`, { name: 'attach', target, ...(sessionApiKey ? { sessionApiKey } : {}) });
    if (typeof value !== 'string') throw new Error('attach answered without a conversation key');
    const conversation = conversationFor(value);
    activeKey.value = value;
    if (!subscribed.has(value) || conversation.removed.peek()) {
      conversation.revive(link.epoch.peek());
      subscribe(conversation, false);
    }
    return value;
  }

  const requireLive = (key: string) => {
    const conversation = find(key);
    if (!conversation || conversation.isImported) throw new Error(`${key} is not a live conversation`);
    return conversation;
  };

  return {
    conversations, activeKey, active, link, notices, noticesDropped,

    // ── fed by the background link ──
    /**
     * What `hello` carries: every live conversation whose connection the SW held when last heard
     * of, with the last SW seq and epoch held, at most MAX_HELLO_SUBSCRIPTIONS. A removed one is
     * not asked for again (a hello listing 65 of them was refused, and the panel retried it
     * forever); if the SW holds it again, welcome's listConnections follows it.
     */
    subscriptions(): Subscription[] {
      subscribed.clear();
      const held = conversations.peek().filter((c) => !c.isImported && !c.removed.peek()).slice(0, MAX_HELLO_SUBSCRIPTIONS);
      for (const c of held) { subscribed.add(c.key); c.followOnNewPort(); }
      return held.map(subscriptionOf);
    },
    /** The SW said welcome: follow every connection it holds that we do not follow yet. */
    welcomed(epoch: string): void {
      link.epoch.value = epoch;
      void run('list connections', { name: 'listConnections' }).then((value) => {
        if (!Array.isArray(value)) return;
        for (const status of value as { key?: unknown }[]) {
          if (typeof status?.key !== 'string' || subscribed.has(status.key)) continue;
          const conversation = conversationFor(status.key);
          conversation.revive(link.epoch.peek()); // held again: a new log, whatever we kept from the old one
          subscribe(conversation, false);
        }
      }, () => undefined);
    },
    receive(message: DataMessage): void {
      applyMessage(message, applyContext);
      if (message.type === 'connectionRemoved' && find(message.key)?.removed.peek()) keepRemovedBounded(message.key);
    },
    notify,

    // ── actions ──
    /** Any SW command (composer sends, conversation controls); a failure becomes a notice and rethrows. */
    command: run,
    attach,
    /** Attaches again to a conversation the SW no longer holds (its target comes from the last status). */
    async reattach(key: string): Promise<string> {
      const target = find(key)?.status.peek()?.target;
      if (!target) throw new Error(`no known target for ${key}`);
      return attach(target);
    },
    /** Stops following and closes the SW connection; the conversation leaves the panel. */
    async detach(key: string): Promise<void> {
      const conversation = find(key);
      subscribed.delete(key);
      removalOrder.forget(key);
      batch(() => {
        conversations.value = conversations.peek().filter((c) => c.key !== key);
        if (activeKey.peek() === key) activeKey.value = conversations.peek()[0]?.key ?? null;
      });
      if (!conversation || conversation.isImported) return;
      // Until the SW answers, everything it sent for the key before taking the detach is stale;
      // its answer comes after all of it.
      detaching.add(key);
      try {
        await run(`detach ${key}`, { name: 'detach', key });
      } finally {
        detaching.delete(key);
      }
    },
    disconnect: async (key: string) => run(`disconnect ${key}`, { name: 'disconnect', key: requireLive(key).key }),
    reconnectNow: async (key: string) => run(`reconnect ${key}`, { name: 'reconnectNow', key: requireLive(key).key }),
    /**
     * Drops what the panel holds and takes the SW's log afresh (its own numbering): for records
     * a restarted SW reloaded that could not be placed among ours (`unplacedAfterRestart`).
     * Records only we held (from before the restart) go; live batches wait for the snapshot.
     */
    reloadFromSw(key: string): void {
      const conversation = requireLive(key);
      // The rest of a snapshot still streaming in belongs to the old numbering: it would set
      // our position past the fresh snapshot's records, and they would all be skipped.
      conversation.discardSnapshotInFlight();
      batch(() => {
        conversation.resetFrom('reload', link.epoch.peek());
        conversation.awaitingSnapshot = true;
      });
      subscribe(conversation, true);
    },
    clearLog: async (key: string) => run(`clear ${key}`, { name: 'clearLog', key: requireLive(key).key }),
    setKeepCapturing: async (key: string, on: boolean) => run(`keep capturing ${key}`, { name: 'setKeepCapturing', key: requireLive(key).key, on }),
    activate(key: string): void {
      activeKey.value = key;
    },
    select,
    /** Moves the time-travel position (`null`: back to live); selection follows it. */
    setReplayPosition(key: string, seq: number | null): void {
      const conversation = find(key);
      if (!conversation) return;
      batch(() => {
        conversation.replaySeq.value = seq;
        if (seq !== null) conversation.selectedSeq.value = seq;
      });
    },
    /** Selects the newest record carrying an event id (action ↔ observation links). */
    selectEventId(key: string, eventId: string): boolean {
      const records = find(key)?.source.records ?? [];
      for (let i = records.length - 1; i >= 0; i -= 1) {
        const record = records[i] as LogRecord;
        if (record.eventId === eventId) { select(key, record.seq); return true; }
      }
      notify(`event ${eventId} is not in the records held`);
      return false;
    },
    /**
     * Fetches the full record behind a listing and swaps it in. A record kept from before an SW
     * restart is found by its event id: the restarted SW rebuilt its log from the server.
     */
    async loadFullRecord(key: string, seq: number): Promise<void> {
      const conversation = requireLive(key);
      const held = conversation.source.get(seq);
      const swSeq = conversation.swSeqOf(seq);
      if (swSeq !== undefined) {
        const value = await request({ name: 'getRecord', key, seq: swSeq });
        if (typeof value !== 'object' || value === null || (value as LogRecord).seq !== swSeq) throw new Error('getRecord answered with another record');
        // Another event at that seq means the mapping missed (an SW restart's numbering): never
        // show its payload under this row; look the row's own event up instead.
        if (!isOtherEvent(value as LogRecord, held)) { conversation.replaceFull(value as LogRecord); return; }
      }
      const eventId = held?.eventId;
      if (eventId === undefined) throw new Error('this record came from an earlier service-worker session; only its preview is held');
      const [found] = await fetchFull(key, [], [eventId]);
      if (found?.eventId !== eventId) throw new Error(`event ${eventId} is no longer held by the service worker`);
      if (found.rawTruncated === true) throw new Error(`event ${eventId} is too large to cross to the panel: only its preview can be shown`);
      conversation.replaceHeld({ ...found, seq });
    },
    /** Full records behind listings, for an export: fetched in runs, not swapped into the store (that would hold every payload again). */
    async fullRecords(key: string, records: readonly LogRecord[]): Promise<LogRecord[]> {
      const conversation = requireLive(key);
      const swSeqs: number[] = [];
      for (const record of records) {
        const swSeq = conversation.swSeqOf(record.seq);
        if (swSeq !== undefined) swSeqs.push(swSeq);
      }
      const bySwSeq = new Map<number, LogRecord>();
      for (let i = 0; i < swSeqs.length; i += MAX_RECORDS_PER_REQUEST) {
        for (const record of await fetchFull(key, swSeqs.slice(i, i + MAX_RECORDS_PER_REQUEST), [])) bySwSeq.set(record.seq, record);
      }
      const fetched: (LogRecord | undefined)[] = [];
      const eventIds: string[] = [];
      for (const record of records) {
        const swSeq = conversation.swSeqOf(record.seq);
        const found = swSeq === undefined ? undefined : bySwSeq.get(swSeq);
        const other = isOtherEvent(found, record);
        fetched.push(other ? undefined : found);
        // By event id: records from before an SW restart, and ones whose seq held another event (see loadFullRecord).
        if ((swSeq === undefined || other) && record.eventId !== undefined) eventIds.push(record.eventId);
      }
      const byEventId = new Map<string, LogRecord>();
      for (let i = 0; i < eventIds.length; i += MAX_RECORDS_PER_REQUEST) {
        for (const record of await fetchFull(key, [], eventIds.slice(i, i + MAX_RECORDS_PER_REQUEST))) if (record.eventId !== undefined) byEventId.set(record.eventId, record);
      }
      // Seqs in the panel's numbering; a record the SW no longer holds (or that is too large to cross) stays a listing (marked cut).
      return records.map((record, i) => {
        const found = fetched[i] ?? (record.eventId !== undefined ? byEventId.get(record.eventId) : undefined);
        return found ? { ...found, seq: record.seq } : record;
      });
    },
    /** The filter text over the payloads the SW kept (see PayloadMatches), in the panel's seqs. */
    async searchPayloads(key: string, text: string, afterSeq: number): Promise<PayloadSearchAnswer> {
      const conversation = requireLive(key);
      const epoch = conversation.epoch;
      const offset = conversation.seqOffset;
      // Seqs map linearly (history loaded newest-first numbers below zero, so a cursor at or below
      // zero is a real one, not "from the start"); -Infinity asks for the whole log.
      const value = await request({ name: 'searchPayloads', key, text, ...(Number.isFinite(afterSeq) ? { afterSeq: afterSeq - offset } : {}) });
      if (conversation.epoch !== epoch || conversation.seqOffset !== offset) throw new Error('the service worker restarted during the search');
      const answer = PayloadSearchAnswerSchema.parse(value);
      // A match in a record merged after an SW restart is shown on the row held from before it.
      // One left unplaced among those rows has none.
      const seqs = answer.seqs.flatMap((seq) => conversation.panelSeqOf(seq) ?? []);
      return { seqs, ...(answer.throughSeq === undefined ? {} : { throughSeq: answer.throughSeq + offset }), ...(answer.more ? { more: true as const } : {}) };
    },
    async listConversations(serverUrl: string, sessionApiKey?: string): Promise<ListedConversation[]> {
      const value = await request({ name: 'listConversations', serverUrl, ...(sessionApiKey ? { sessionApiKey } : {}) });
      return parseConversationList(value);
    },
    /** Whether the extension holds site access for the server's host (the background's `permissions.contains`). */
    async hasSiteAccess(serverUrl: string): Promise<boolean> {
      const value = await request({ name: 'hasSiteAccess', serverUrl });
      if (typeof value !== 'boolean') throw new Error('hasSiteAccess answered with something else than true or false');
      return value;
    },
    /** An offline conversation from a recording: no SW connection, status "imported". */
    addImported(header: ImportedHeader, records: readonly LogRecord[]): string {
      let key = `imported:${header.title}`;
      for (let n = 2; find(key); n += 1) key = `imported:${header.title} (${n})`;
      const conversation = new Conversation(key, { type: 'imported', header }, options.recordCap);
      conversation.load(records);
      add(conversation);
      activeKey.value = key;
      return key;
    },
    dismissNotices(): void {
      notices.value = [];
      noticesDropped.value = 0;
    },
  };
}

export type PanelStore = ReturnType<typeof createPanelStore>;

/** True when a record fetched for a held one carries another event id (the seq mapping missed). */
function isOtherEvent(fetched: LogRecord | undefined, held: LogRecord | undefined): boolean {
  return fetched !== undefined && held?.eventId !== undefined && fetched.eventId !== held.eventId;
}
