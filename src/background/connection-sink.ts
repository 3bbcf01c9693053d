/**
 * The ConversationSink one connection writes to: its bounded event log, plus the echo
 * tracker that settles outgoing user messages (pending → echoed / no-echo).
 */
import type { ConnectionTarget } from '../shared/connection';
import type { LogRecord } from '../shared/record';
import type { Clock, ConversationSink, SocketStatus } from './contracts';
import { EventLog, type EventLogLimits } from './event-log';
import { sentUserText } from '../shared/protocol/user-message-text';
import { DEFAULT_ECHO_TIMEOUT_MS, EchoTracker } from './outgoing-echo';

export interface ConversationSinkParts {
  sink: ConversationSink;
  log: EventLog;
  echo: EchoTracker;
}

export interface ConversationSinkOptions {
  key: string;
  target: ConnectionTarget;
  clock: Clock;
  logLimits?: Partial<EventLogLimits>;
  firstSeq?: number;
  echoTimeoutMs?: number;
  onRecord: (record: LogRecord) => void;
  onRecordUpdated: (record: LogRecord) => void;
  onRecordsPrepended?: (records: LogRecord[]) => void;
  onSocketStatus: (status: SocketStatus) => void;
}

export function createConversationSink(options: ConversationSinkOptions): ConversationSinkParts {
  const { clock, target } = options;
  const log = new EventLog({
    conversationKey: options.key, protocol: target.protocol === 'auto' ? 'v1-events' : target.protocol,
    now: () => clock.now(), limits: options.logLimits, firstSeq: options.firstSeq,
    onAppend: options.onRecord, onUpdate: options.onRecordUpdated, onPrepend: options.onRecordsPrepended,
  });
  const echo = new EchoTracker(clock, () => options.echoTimeoutMs ?? DEFAULT_ECHO_TIMEOUT_MS, (seq, outgoing) => { log.update(seq, { outgoing }); });
  const sink: ConversationSink = {
    appendInbound: (frame, via) => {
      const record = log.appendInbound(frame, via);
      if (record !== null) echo.observe(record, frame, via);
      return record;
    },
    prependHistory: (frames) => log.prependHistory(frames),
    appendOutbound: (frame, outgoing) => {
      // A user message waits for its echo; anything else (auth, raw frames) is just sent.
      const awaitsEcho = outgoing.status === 'sent' && sentUserText(frame.raw) !== undefined;
      const record = log.appendOutbound(frame, awaitsEcho ? { ...outgoing, status: 'pending' } : outgoing);
      if (awaitsEcho) echo.track(record);
      return record;
    },
    appendMeta: (meta, summary) => log.appendMeta(meta, summary),
    countGap: (n) => log.countGap(n),
    hasEventId: (id) => log.hasEventId(id),
    statusChanged: (status) => {
      if (status.generation !== undefined) log.setProtocol(status.generation);
      options.onSocketStatus(status);
    },
  };
  return { sink, log, echo };
}
