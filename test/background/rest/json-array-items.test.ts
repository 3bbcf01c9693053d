// Each REST event keeps the server's own text: the scanner must cut exactly the elements of
// the `items` array, whatever the strings inside them hold.
import { describe, expect, it } from 'vitest';
import { jsonArrayItemTexts as scan } from '../../../src/background/json-array-items';

const jsonArrayItemTexts = (text: string, property: string) => scan(new TextEncoder().encode(text), property);

describe('jsonArrayItemTexts', () => {
  it('cuts each element of the named array exactly as written', () => {
    const items = [
      { id: 'a', text: 'quote " and \\ backslash, [bracket] {brace}', n: [1, 2, { deep: [] }] },
      { id: 'b', unicode: 'é✓😀 \u2028', nested: { items: [1, 2] } },
      'a bare string, with a comma',
      42,
      null,
    ];
    const body = JSON.stringify({ next_page_id: 'items', before: [{ items: [9] }], items, after: 1 });
    const texts = jsonArrayItemTexts(body, 'items')!;
    expect(texts).toEqual(items.map((item) => JSON.stringify(item)));
    expect(texts.map((t) => JSON.parse(t))).toEqual(items);
  });

  it('ends a string at the first quote after an even run of backslashes, whatever the run', () => {
    // Strings ending in one to four backslashes, and escaped quotes after runs of them.
    const strings = ['\\', '\\\\', '\\\\\\', '\\\\\\\\', '\\"', '\\\\"]', 'a\\\\\\"},{', '"'];
    const items = strings.map((text, i) => ({ id: String(i), text, [text]: [text] }));
    const body = JSON.stringify({ [strings[5]!]: strings, items });
    expect(jsonArrayItemTexts(body, 'items')).toEqual(items.map((item) => JSON.stringify(item)));
    // A string left open ends the scan without an answer.
    expect(jsonArrayItemTexts('{"items":[{"id":"a\\"}]}', 'items')).toBeUndefined();
  });

  it('keeps the server spacing inside elements and trims it between them', () => {
    const body = '{ "items" : [ {"id": "a" , "x" : 1} ,\n  {"id":"b"}\n ], "next_page_id": null }';
    expect(jsonArrayItemTexts(body, 'items')).toEqual(['{"id": "a" , "x" : 1}', '{"id":"b"}']);
  });

  it('gives an empty list for an empty array and undefined when the property is absent', () => {
    expect(jsonArrayItemTexts('{"items":[]}', 'items')).toEqual([]);
    expect(jsonArrayItemTexts('{"other":[1]}', 'items')).toBeUndefined();
    expect(jsonArrayItemTexts('[1,2]', 'items')).toBeUndefined();
  });
});
