import type { LogRecord } from '../../../shared/record';
import type { Generation } from '../../../shared/protocol/generation';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, type ReadResult, type RecordingHeader } from '../../../shared/recording';
import type { Conversation, ImportedHeader } from '../../store/conversation';
import { ExportRecording } from './ExportRecording';
import { ImportRecording } from './ImportRecording';
import { usePerFrame } from '../per-frame';

export interface ConversationRecordingToolsProps {
  /** The active conversation (export); undefined shows import only. */
  conversation: Conversation | undefined;
  /** Adds an offline conversation from a recording (the store's `addImported`). */
  addImported(header: ImportedHeader, records: readonly LogRecord[]): string;
  /** Fetches the full records behind listings (the store's `fullRecords`), without keeping them. */
  fullRecords?(key: string, records: readonly LogRecord[]): Promise<LogRecord[]>;
  /** Session keys this panel was given (held in memory only): redacted wherever they appear. */
  secrets?: readonly string[];
  tool?: { name: string; version: string };
  now?: () => Date;
}

function headerOf(conversation: Conversation, tool: RecordingHeader['tool'], now: Date): RecordingHeader {
  const status = conversation.status.peek();
  const origin = conversation.origin;
  const imported = origin.type === 'imported' ? origin.header : undefined;
  const dropped = conversation.source.droppedBefore.peek();
  return {
    format: RECORDING_FORMAT, version: RECORDING_FORMAT_VERSION, tool, createdAt: now.toISOString(),
    server: status?.target.serverUrl ?? imported?.serverUrl ?? '',
    conversationId: status?.target.conversationId ?? imported?.conversationId ?? conversation.key,
    protocol: status?.generation ?? imported?.protocol ?? protocolOfRecords(conversation.source.records),
    ...(dropped > 0 ? { droppedBefore: dropped } : {}),
  };
}

/**
 * A log's generation from its records, when nobody said: meta records carry the log's guess
 * before an `auto` target connected (v1-events), and a session log also holds REST-loaded
 * events stamped v1-events, so any other generation found wins.
 */
function protocolOfRecords(records: readonly LogRecord[]): Generation {
  let found: Generation | undefined;
  for (const record of records) {
    if (record.direction === 'meta') continue;
    if (record.protocol !== 'v1-events') return record.protocol;
    found = record.protocol;
  }
  return found ?? 'v1-events';
}

/** Export of the active conversation and import of a recording, for the toolbar. */
export function ConversationRecordingTools({ conversation, addImported, fullRecords, secrets, tool = { name: 'conversation-devtools', version: 'dev' }, now = () => new Date() }: ConversationRecordingToolsProps) {
  const records = conversation?.source.records ?? [];
  usePerFrame(...(conversation ? [conversation.source.version] : [])); // the record count is on the Save button
  const loadFull = conversation && !conversation.isImported && fullRecords
    ? (cut: readonly LogRecord[]) => fullRecords(conversation.key, cut)
    : undefined;
  const onImported = (result: ReadResult, fileName: string) => {
    addImported({ title: fileName, serverUrl: result.header.server, conversationId: result.header.conversationId, protocol: result.header.protocol,
      format: result.format, ...(result.header.droppedBefore !== undefined ? { droppedBefore: result.header.droppedBefore } : {}), origin: fileName }, result.records);
  };
  return (
    <span class="recording-tools">
      {conversation && <ExportRecording key={conversation.key} header={headerOf(conversation, tool, now())} records={records} {...(secrets ? { secrets } : {})} {...(loadFull ? { loadFull } : {})} />}
      <ImportRecording onImported={onImported} />
    </span>
  );
}
