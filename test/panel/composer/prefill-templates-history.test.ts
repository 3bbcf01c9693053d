import { describe, expect, it } from 'vitest';
import { draftFromRecord, sendAgainFromRecord, sendAgainNeedsFullRecord } from '../../../src/panel/composer/prefill';
import { BUILT_IN_TEMPLATES, exportTemplates, parseTemplateFile, templateStorageIn, upsertTemplate } from '../../../src/panel/composer/templates';
import { emptyHistory, recordSend, summarizeDraft } from '../../../src/panel/composer/history';
import { buildFrame } from '../../../src/panel/composer/build-frame';
import type { LogRecord } from '../../../src/shared/record';
import { decodeFrame } from '../../../src/shared/protocol/decode-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';
import type { Generation } from '../../../src/shared/protocol/generation';

function record(direction: 'in' | 'out', protocol: Generation, value: unknown, seq = 1): LogRecord {
  const text = JSON.stringify(value);
  const decoded = direction === 'out' ? decodeOutgoing(protocol, text) : decodeFrame(protocol, text);
  return { ...decoded, seq, conversationKey: 'k', direction, receivedAt: 1000, protocol };
}

describe('Send again (draftFromRecord)', () => {
  it('keeps only inline image data: a remote URL would be fetched by showing the draft, and is counted as left out', () => {
    const inline = 'data:image/png;base64,AA==';
    const v1 = { id: 'e1', timestamp: '2026-01-01T00:00:00', source: 'user', kind: 'MessageEvent', llm_message: { role: 'user',
      content: [{ type: 'text', text: 'hi' }, { type: 'image', image_urls: ['http://tracker.test/pixel.png', inline, 'javascript:x', 42] }] } };
    expect(sendAgainFromRecord(record('in', 'v1-events', v1))).toEqual({ draft: { mode: 'message', text: 'hi', images: [inline] }, imagesLeftOut: 3 });
    const v0 = { id: 5, source: 'user', action: 'message', message: 'hi', args: { content: 'hi', image_urls: ['https://tracker.test/p.gif', inline] } };
    expect(sendAgainFromRecord(record('in', 'v0-socketio', v0))).toEqual({ draft: { mode: 'message', text: 'hi', images: [inline] }, imagesLeftOut: 1 });
  });

  it('a template file drops remote image URLs and says how many', () => {
    const file = JSON.stringify({ format: JSON.parse(exportTemplates([])).format, version: 1, templates: [
      { name: 't', draft: { mode: 'message', text: 'a', images: ['http://tracker.test/pixel.png', 'data:image/gif;base64,R0lG'] } },
    ] });
    expect(parseTemplateFile(file)).toEqual({ ok: true, imagesLeftOut: 1,
      templates: [{ name: 't', draft: { mode: 'message', text: 'a', images: ['data:image/gif;base64,R0lG'] } }] });
  });

  it('puts a received user MessageEvent back as text and images', () => {
    const event = { id: 'e1', timestamp: '2026-01-01T00:00:00', source: 'user', kind: 'MessageEvent', llm_message: { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image', image_urls: ['data:image/png;base64,AA=='] }] } };
    expect(draftFromRecord(record('in', 'v1-events', event))).toEqual({ mode: 'message', text: 'hello', images: ['data:image/png;base64,AA=='] });
    expect(draftFromRecord(record('in', 'v1-session', { type: 'durable', seq: 3, event }))).toMatchObject({ mode: 'message', text: 'hello' });
  });

  it('puts an outgoing frame back verbatim, in the mode of its generation, and it builds again', () => {
    const frame = { role: 'user', content: [{ type: 'text', text: 'again' }], run: true };
    const draft = draftFromRecord(record('out', 'v1-events', frame));
    expect(draft).toMatchObject({ mode: 'raw' });
    expect(draft && buildFrame(draft, 'v1-events')).toMatchObject({ ok: true, frame: { as: 'json', value: frame } });
    const v0 = draftFromRecord(record('out', 'v0-socketio', { action: 'message', args: { content: 'x' } }));
    expect(v0?.mode).toBe('v0-action');
  });

  it('a preview (rawTruncated) of a user message or an outgoing frame needs the full record; others never', () => {
    const cut = (r: LogRecord): LogRecord => ({ ...r, raw: r.raw.slice(0, 10), rawTruncated: true });
    const user = { id: 'e1', timestamp: 't', source: 'user', kind: 'MessageEvent', llm_message: { role: 'user', content: [{ type: 'text', text: 'long' }] } };
    const agent = { ...user, source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'long' }] } };
    expect(sendAgainNeedsFullRecord(cut(record('out', 'v1-events', { role: 'user', content: 'long' })))).toBe(true);
    expect(sendAgainNeedsFullRecord(cut(record('in', 'v1-events', user)))).toBe(true);
    expect(sendAgainNeedsFullRecord(record('in', 'v1-events', user))).toBe(false); // whole: no fetch needed
    expect(sendAgainNeedsFullRecord(cut(record('in', 'v1-events', agent)))).toBe(false);
    expect(sendAgainNeedsFullRecord(cut(record('out', 'v1-events', { type: 'auth', session_api_key: 'k' })))).toBe(false);
  });

  it('offers nothing for agent messages, auth frames and meta records', () => {
    const agent = { id: 'e2', timestamp: 't', source: 'agent', kind: 'MessageEvent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'hi' }] } };
    expect(draftFromRecord(record('in', 'v1-events', agent))).toBeUndefined();
    expect(draftFromRecord(record('out', 'v1-events', { type: 'auth', session_api_key: 'secret' }))).toBeUndefined();
  });
});

describe('templates', () => {
  it('every built-in template builds a valid frame for some generation', () => {
    for (const template of BUILT_IN_TEMPLATES) {
      const ok = (['v1-events', 'v0-socketio'] as const).some((g) => buildFrame(template.draft, g).ok);
      expect(ok, template.name).toBe(true);
    }
  });

  it('saves to and loads from a storage area', async () => {
    const data: Record<string, unknown> = {};
    const area = { get: async (k: string) => ({ [k]: data[k] }), set: async (items: Record<string, unknown>) => { Object.assign(data, items); } };
    const storage = templateStorageIn(area);
    expect(await storage.load()).toEqual({ templates: [], dropped: 0 });
    await storage.update((stored) => upsertTemplate(stored, { name: 'mine', draft: { mode: 'message', text: 'a', images: [] } }));
    await storage.update((stored) => upsertTemplate(stored, { name: 'mine', draft: { mode: 'message', text: 'b', images: [] } }));
    expect(await storage.load()).toEqual({ templates: [{ name: 'mine', draft: { mode: 'message', text: 'b', images: [] } }], dropped: 0 });
  });

  it('round-trips a template file and refuses a bad one with the reason', () => {
    const templates = [{ name: 't', draft: { mode: 'raw' as const, text: '{}', images: [] } }];
    expect(parseTemplateFile(exportTemplates(templates))).toEqual({ ok: true, templates, imagesLeftOut: 0 });
    expect(parseTemplateFile('nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(parseTemplateFile('{"format":"x","version":1,"templates":[]}')).toMatchObject({ ok: false, error: expect.stringMatching(/^not a template file: format/) });
  });
});

describe('history', () => {
  it('keeps the newest entries up to the cap and counts what fell off', () => {
    let history = emptyHistory();
    for (let i = 0; i < 5; i++) history = recordSend(history, { at: i, draft: { mode: 'message', text: `m${i}`, images: [] }, via: 'socket', summary: `m${i}` }, 3);
    expect(history.entries.map((e) => e.summary)).toEqual(['m4', 'm3', 'm2']);
    expect(history.dropped).toBe(2);
    expect(summarizeDraft({ mode: 'message', text: 'a\n b', images: ['x', 'y'] })).toBe('a b [+2 images]');
  });
});
