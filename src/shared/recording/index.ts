/** Recording files: the native NDJSON format and HAR 1.2 (Chrome's WebSocket shape), both ways. */
export { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RecordingHeaderSchema, RecordLineSchema } from './format';
export type { RecordingHeader, RecordLine } from './format';
export { writeNdjson, WRITE_CHUNK_CHARS } from './ndjson';
export type { RecordSource, WriteOptions } from './ndjson';
export { writeHar } from './har-write';
export { readRecording } from './read';
export type { ChunkSource, ReadOptions } from './read';
export { DEFAULT_READ_LIMITS } from './read-result';
export type { ReadError, ReadLimits, ReadResult } from './read-result';
export { parseSocketUrl, socketUrl } from './har-shape';
export { previewRedactions, RedactionTally } from './preview';
export type { RedactionPreview } from './preview';
