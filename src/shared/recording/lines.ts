/**
 * Splits a byte or text stream into lines without ever holding more than one line (plus one
 * chunk): the reader of a 100k-record file must not build the whole text. A line longer than
 * `maxLineChars` is skipped to its end and reported, so one bad line loses nothing else.
 */
export type Chunk = Uint8Array | string;

export interface LineEvent {
  /** 1-based line number. */
  line: number;
  text?: string;
  /** Set instead of `text` when the line was too long. */
  tooLong?: number;
}

export interface LineOptions {
  maxLineChars: number;
}

export async function* splitLines(chunks: AsyncIterable<Chunk> | Iterable<Chunk>, options: LineOptions): AsyncGenerator<LineEvent> {
  const decoder = new TextDecoder('utf-8');
  let parts: string[] = [];
  let partsLength = 0;
  let overflow = 0;
  let line = 0;
  const finish = (): LineEvent => {
    line += 1;
    let event: LineEvent;
    if (overflow > 0) event = { line, tooLong: overflow };
    else {
      const text = parts.join('');
      event = { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
    }
    parts = [];
    partsLength = 0;
    overflow = 0;
    return event;
  };
  const take = (piece: string): void => {
    if (overflow > 0 || partsLength + piece.length > options.maxLineChars) {
      overflow += piece.length + (overflow === 0 ? partsLength : 0);
      parts = [];
      partsLength = 0;
      return;
    }
    parts.push(piece);
    partsLength += piece.length;
  };
  const feed = function* (text: string): Generator<LineEvent> {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < text.length) take(text.slice(start));
  };
  for await (const chunk of chunks) {
    yield* feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* feed(decoder.decode());
  if (partsLength > 0 || overflow > 0) yield finish();
}
