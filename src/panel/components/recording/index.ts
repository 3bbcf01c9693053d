export { ExportRecording } from './ExportRecording';
export type { ExportRecordingProps } from './ExportRecording';
export { ImportRecording } from './ImportRecording';
export type { ImportRecordingProps } from './ImportRecording';
export { buildExportBlob, exportFileName } from './export-file';
export type { ExportFormat, ExportJob } from './export-file';
export { saveBlob, safeFileName } from './download';
export { ConversationRecordingTools } from './ConversationRecordingTools';
export type { ConversationRecordingToolsProps } from './ConversationRecordingTools';
