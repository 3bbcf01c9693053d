import type { LogRecord } from '../record';
import type { RecordingHeader } from './format';

export interface ReadError {
  /** 1-based line (native format); 0 when not tied to one (a HAR's message says its entry and index). */
  line: number;
  message: string;
}

export interface ReadResult {
  header: RecordingHeader;
  records: LogRecord[];
  errors: ReadError[];
  format: 'ndjson' | 'har';
}

export interface ReadLimits {
  maxLineChars: number;
  maxRecords: number;
  maxErrors: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLineChars: 32 * 1024 * 1024,
  maxRecords: 1_000_000,
  maxErrors: 1_000,
};

/** Bounded: records past `maxRecords` and errors past `maxErrors` are counted, then reported once. */
export class ReadCollector {
  readonly records: LogRecord[] = [];
  private readonly errors: ReadError[] = [];
  private extraRecords = 0;
  private extraErrors = 0;

  constructor(private readonly limits: ReadLimits) {}

  record(record: LogRecord): void {
    if (this.records.length >= this.limits.maxRecords) this.extraRecords += 1;
    else this.records.push(record);
  }

  /** Records the reader left out itself because they came after the first `maxRecords`. */
  pastLimit(count: number): void {
    this.extraRecords += count;
  }

  error(line: number, message: string): void {
    if (this.errors.length >= this.limits.maxErrors) this.extraErrors += 1;
    else this.errors.push({ line, message });
  }

  result(header: RecordingHeader, format: ReadResult['format']): ReadResult {
    const errors = [...this.errors];
    if (this.extraErrors > 0) errors.push({ line: 0, message: `${this.extraErrors} more errors not listed` });
    if (this.extraRecords > 0) errors.push({ line: 0, message: `${this.extraRecords} records past the limit of ${this.limits.maxRecords} were not imported` });
    return { header, records: this.records, errors, format };
  }
}
