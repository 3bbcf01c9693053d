/**
 * An incremental JSON scanner that never builds the whole document: it walks the text chunk by
 * chunk, tracks the path of the value it is in, and materialises (JSON.parse) only the values at
 * paths `wanted` selects, one at a time. A 100 MB HAR is read with memory for one WebSocket
 * message, not for the file. Syntax is checked only as far as needed to find value boundaries;
 * every captured value is parsed by JSON.parse, and a document that ends early is reported.
 */
export type JsonPath = ReadonlyArray<string | number>;

interface Frame {
  kind: 'object' | 'array';
  /** Current key (object) or index (array). */
  key: string | number;
  /** Object: the next string is a key. */
  expectKey: boolean;
}

const WS = new Set([' ', '\t', '\n', '\r']);

export class JsonStreamScanner {
  private readonly stack: Frame[] = [];
  private inString = false;
  private escape = false;
  /** The object key being read, when the string is a key. */
  private keyParts: string[] | undefined;
  private capture: { depth: number; parts: string[]; path: JsonPath; primitive: boolean } | undefined;
  private started = false;
  private done = false;

  constructor(
    private readonly wanted: (path: JsonPath) => boolean,
    private readonly emit: (path: JsonPath, value: unknown) => void,
    /**
     * No wanted value lies deeper than this: deeper values are not offered to `wanted`. Each
     * offer copies the path, so a deeply nested file (20k levels: 3.6 s) cost the square of
     * its depth on the panel's thread.
     */
    private readonly maxWantedDepth = Infinity,
  ) {}

  private path(): JsonPath {
    return this.stack.map((f) => f.key);
  }

  write(text: string): void {
    let captureFrom = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i] as string;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === '\\') this.escape = true;
        else if (c === '"') {
          this.inString = false;
          if (this.keyParts) {
            const top = this.stack[this.stack.length - 1];
            if (top) top.key = JSON.parse(`"${this.keyParts.join('')}"`) as string;
            this.keyParts = undefined;
          } else if (this.capture?.primitive && this.stack.length === this.capture.depth) {
            captureFrom = this.finishCapture(text, captureFrom, i + 1);
          }
          continue;
        }
        if (this.keyParts) this.keyParts.push(c);
        continue;
      }
      if (WS.has(c)) { if (this.capture?.primitive) captureFrom = this.finishCapture(text, captureFrom, i); continue; }
      const top = this.stack[this.stack.length - 1];
      if (c === '"' && top?.kind === 'object' && top.expectKey && !this.capture) {
        this.inString = true;
        this.keyParts = [];
        continue;
      }
      if (c === '"' && top?.kind === 'object' && top.expectKey) { this.inString = true; continue; }
      if (c === ':') { if (top) top.expectKey = false; continue; }
      if (c === ',' || c === '}' || c === ']') {
        if (this.capture?.primitive) captureFrom = this.finishCapture(text, captureFrom, i);
        if (c === ',') {
          if (top?.kind === 'array') top.key = (top.key as number) + 1;
          else if (top) top.expectKey = true;
          continue;
        }
        this.stack.pop();
        if (this.capture && this.stack.length === this.capture.depth) captureFrom = this.finishCapture(text, captureFrom, i + 1);
        if (this.stack.length === 0) this.done = true;
        continue;
      }
      // A value starts here.
      if (!this.started) this.started = true;
      if (!this.capture && this.stack.length > 0 && this.stack.length <= this.maxWantedDepth && this.wanted(this.path())) {
        this.capture = { depth: this.stack.length, parts: [], path: this.path(), primitive: c !== '{' && c !== '[' };
        captureFrom = i;
      }
      if (c === '{' || c === '[') {
        this.stack.push({ kind: c === '{' ? 'object' : 'array', key: c === '{' ? '' : 0, expectKey: c === '{' });
        continue;
      }
      if (c === '"') { this.inString = true; continue; }
      // numbers, true, false, null: consumed char by char until a delimiter
    }
    if (this.capture) this.capture.parts.push(text.slice(captureFrom));
  }

  /** Ends a captured value at `end` (exclusive) of `text`; returns where the next capture may start. */
  private finishCapture(text: string, from: number, end: number): number {
    const capture = this.capture;
    if (!capture) return from;
    capture.parts.push(text.slice(from, end));
    this.capture = undefined;
    this.emit(capture.path, JSON.parse(capture.parts.join('')) as unknown);
    return end;
  }

  /** Throws when the document ended inside a value. */
  end(): void {
    if (!this.started) throw new Error('empty JSON document');
    if (!this.done || this.inString) throw new Error('the JSON document ends early (truncated file?)');
  }
}
