export { EventLog } from './EventLog';
export type { EventLogProps } from './EventLog';
export type { RecordSource } from '../../log/event-log-model';
export { ROW_HEIGHT, OVERSCAN_ROWS } from './LogViewport';
