import { describe, expect, it } from 'vitest';
import { buildFrame, MAX_FRAME_BYTES } from '../../../src/panel/composer/build-frame';
import { decodeOutgoing } from '../../../src/shared/protocol/client-frames';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('buildFrame', () => {
  it('builds a V1 Message with text and images that the log decodes as a valid Message', () => {
    const result = buildFrame({ mode: 'message', text: 'run the tests', images: [PNG] }, 'v1-events');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frame).toEqual({ as: 'json', value: { role: 'user', content: [{ type: 'text', text: 'run the tests' }, { type: 'image', image_urls: [PNG] }] } });
    expect(result.message).toEqual(result.frame.as === 'json' ? result.frame.value : undefined);
    const decoded = decodeOutgoing('v1-events', JSON.stringify(result.message));
    expect(decoded).toMatchObject({ validity: 'ok', kind: 'Message', summary: 'user: run the tests [image]' });
  });

  it('builds a V0 oh_user_action message on a V0 conversation', () => {
    const result = buildFrame({ mode: 'message', text: 'hi', images: [] }, 'v0-socketio');
    expect(result).toMatchObject({ ok: true, frame: { as: 'v0-action', event: 'oh_user_action', value: { action: 'message', args: { content: 'hi', image_urls: [] } } } });
  });

  it('refuses an empty message and a non-image data URL, saying where', () => {
    expect(buildFrame({ mode: 'message', text: '  ', images: [] }, 'v1-events')).toEqual({ ok: false, issues: [{ path: 'text', message: expect.stringMatching(/type a message/) }] });
    const bad = buildFrame({ mode: 'message', text: 'x', images: [PNG, 'https://example.com/a.png'] }, 'v1-session');
    expect(bad).toEqual({ ok: false, issues: [{ path: 'images.1', message: expect.stringMatching(/data URL/) }] });
  });

  it('validates raw frames with the client-frame schema and reports zod paths', () => {
    expect(buildFrame({ mode: 'raw', text: '{"role":"user",', images: [] }, 'v1-events')).toMatchObject({ ok: false, issues: [{ path: '(json)', message: expect.stringMatching(/^not JSON/) }] });
    const wrongRole = buildFrame({ mode: 'raw', text: '{"role":"robot","content":"x"}', images: [] }, 'v1-events');
    expect(wrongRole).toMatchObject({ ok: false, issues: [{ path: 'role' }] });
    const ok = buildFrame({ mode: 'raw', text: '{"role":"user","content":"x","run":true}', images: [] }, 'v1-events');
    expect(ok).toEqual({ ok: true, frame: { as: 'json', value: { role: 'user', content: 'x', run: true } }, message: { role: 'user', content: 'x', run: true } });
  });

  it('never sends an auth frame typed into the composer', () => {
    const result = buildFrame({ mode: 'raw', text: '{"type":"auth","session_api_key":"k"}', images: [] }, 'v1-events');
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'type', message: expect.stringMatching(/auth frames/) }] });
  });

  it('validates oh_user_action dicts and keeps modes to the generation that understands them', () => {
    expect(buildFrame({ mode: 'v0-action', text: '{"args":{}}', images: [] }, 'v0-socketio')).toMatchObject({ ok: false, issues: [{ path: 'action' }] });
    expect(buildFrame({ mode: 'v0-action', text: '{"action":"change_agent_state","args":{"agent_state":"stopped"}}', images: [] }, 'v0-socketio'))
      .toMatchObject({ ok: true, frame: { as: 'v0-action', event: 'oh_user_action' } });
    expect(buildFrame({ mode: 'v0-action', text: '{"action":"x"}', images: [] }, 'v1-events')).toMatchObject({ ok: false, issues: [{ path: 'mode' }] });
    expect(buildFrame({ mode: 'raw', text: '{"role":"user","content":"x"}', images: [] }, 'v0-socketio')).toMatchObject({ ok: false, issues: [{ path: 'mode' }] });
  });

  it('refuses frames over the size limit', () => {
    const result = buildFrame({ mode: 'message', text: 'x'.repeat(MAX_FRAME_BYTES + 1), images: [] }, 'v1-events');
    expect(result).toMatchObject({ ok: false, issues: [{ path: '(frame)' }] });
  });
});
