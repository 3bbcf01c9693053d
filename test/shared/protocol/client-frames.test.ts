import { describe, expect, it } from 'vitest';
import { decodeOutgoing, redactAuthFrame } from '../../../src/shared/protocol/client-frames';
import { CLIENT_FRAMES, V0_USER_ACTIONS } from '../../fixtures/protocol/examples';

describe('outgoing client frames', () => {
  it('records an auth frame with the key redacted', () => {
    const frame = decodeOutgoing('v1-events', CLIENT_FRAMES.auth);
    expect(frame).toMatchObject({ validity: 'ok', kind: 'auth', category: 'control' });
    expect(frame.raw).not.toContain('sk-oh-secret-123');
    expect(JSON.parse(frame.raw)).toEqual({ type: 'auth', session_api_key: '<redacted>' });
    expect(redactAuthFrame('not json')).toBe('not json');
  });

  it('accepts Message content as a list, a bare string and with images', () => {
    expect(decodeOutgoing('v1-session', CLIENT_FRAMES.messageList)).toMatchObject({ validity: 'ok', kind: 'Message', summary: 'user: Make tests pass' });
    expect(decodeOutgoing('v1-events', CLIENT_FRAMES.messageString).summary).toBe('user: Make tests pass');
    expect(decodeOutgoing('v1-events', CLIENT_FRAMES.messageImage).summary).toBe('user: see [image]');
  });

  it('classifies V0 oh_user_action dicts and rejects a dict without action', () => {
    expect(decodeOutgoing('v0-socketio', V0_USER_ACTIONS.message)).toMatchObject({ validity: 'ok', kind: 'action:message', category: 'message' });
    expect(decodeOutgoing('v0-socketio', V0_USER_ACTIONS.changeAgentState).kind).toBe('action:change_agent_state');
    expect(decodeOutgoing('v0-socketio', V0_USER_ACTIONS.run).validity).toBe('ok');
    expect(decodeOutgoing('v0-socketio', '{"type":"x","message":"hi"}').validity).toBe('invalid');
  });

  it('reports a Message without role as invalid with its path', () => {
    const frame = decodeOutgoing('v1-events', '{"content":"hi"}');
    expect(frame.validity).toBe('invalid');
    expect(frame.issues?.[0]?.path).toBe('role');
  });
});
