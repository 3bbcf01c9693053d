/** Where the pipeline page puts what the SW sends: the panel's store, or (fallback) a plain array. */
import type { ConnectionTarget } from '../../src/shared/connection';
import type { BackgroundToPanel, Command } from '../../src/shared/port/messages';
import type { LogRecord } from '../../src/shared/record';

export type DataMessage = Exclude<BackgroundToPanel, { type: 'welcome' } | { type: 'incompatible' } | { type: 'result' } | { type: 'goodbye' }>;

export interface PipelineSink {
  /** What the figure is measured into, for the report. */
  readonly label: string;
  subscriptions(): { key: string; lastSeq: number; epoch?: string }[];
  welcomed(epoch: string): void;
  receive(message: DataMessage): void;
  attach(target: ConnectionTarget): Promise<string>;
  detach(key: string): Promise<void>;
  records(key: string): readonly LogRecord[];
}

export type Request = (command: Command) => Promise<unknown>;
