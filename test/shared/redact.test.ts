import { describe, expect, it } from 'vitest';
import { REDACTED, isSensitiveName, redactRecord, redactText } from '../../src/shared/redact';
import { CLIENT_FRAMES, V1_EXAMPLES } from '../fixtures/protocol/examples';
import { RecordBuilder } from './recording/make-records';

describe('redactText', () => {
  it('redacts the key of an auth frame and says where and why', () => {
    const result = redactText(CLIENT_FRAMES.auth);
    expect(result.text).not.toContain('sk-oh-secret-123');
    expect(JSON.parse(result.text)).toEqual({ type: 'auth', session_api_key: REDACTED });
    expect(result.redactions).toEqual([{ path: 'session_api_key', reason: 'auth frame' }]);
  });

  it('redacts keys in URL query strings and keeps the other parameters', () => {
    const url = 'ws://h:8000/sockets/events/abc?resend_mode=all&session_api_key=qwerty12345&x=1';
    const result = redactText(url);
    expect(result.text).toBe(`ws://h:8000/sockets/events/abc?resend_mode=all&session_api_key=${REDACTED}&x=1`);
    expect(result.redactions).toEqual([{ path: '?session_api_key', reason: 'url query' }]);
  });

  it('redacts nested token-like fields at any depth, header arrays and bearer values', () => {
    const frame = JSON.stringify({
      kind: 'ConversationStateUpdateEvent', key: 'full_state',
      value: { agent: { llm: { model: 'm', api_key: 'sk-live-99999' } }, secrets: { GITHUB_TOKEN: 'ghp_abcdef', note: 'x' } },
      headers: [{ name: 'X-Session-API-Key', value: 'hdr-secret-1' }, { name: 'Accept', value: 'json' }],
      log: 'Authorization: Bearer abc.def.ghi-jkl', access_token: 'tok-00000', password: 'hunter22',
    });
    const result = redactText(frame);
    for (const secret of ['sk-live-99999', 'ghp_abcdef', 'hdr-secret-1', 'abc.def.ghi-jkl', 'tok-00000', 'hunter22']) expect(result.text).not.toContain(secret);
    const value = JSON.parse(result.text);
    expect(value.value.agent.llm).toEqual({ model: 'm', api_key: REDACTED });
    expect(value.headers[1]).toEqual({ name: 'Accept', value: 'json' });
    expect(result.redactions.map((r) => r.path)).toEqual(expect.arrayContaining(['value.agent.llm.api_key', 'value.secrets.GITHUB_TOKEN', 'value.secrets.note', 'headers.0.value', 'log', 'access_token', 'password']));
  });

  it('redacts KEY=value lines in terminal output inside an event', () => {
    const frame = JSON.stringify({ kind: 'ObservationEvent', observation: { kind: 'TerminalObservation', content: [{ type: 'text', text: 'export OPENAI_API_KEY=sk-proj-777777\nls' }] } });
    const result = redactText(frame);
    expect(result.text).not.toContain('sk-proj-777777');
    expect(result.text).toContain('ls');
    expect(result.redactions).toEqual([{ path: 'observation.content.0.text.OPENAI_API_KEY', reason: 'key=value' }]);
  });

  it('removes a known secret wherever it hides, in every encoding', () => {
    const secret = 'only-known "quoted" \\ key';
    const frame = JSON.stringify({ kind: 'MessageEvent', text: `here: ${secret}`, url: `http://x/?q=${encodeURIComponent(secret)}` });
    const result = redactText(frame, [secret]);
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) expect(result.text).not.toContain(form);
    expect(result.redactions.some((r) => r.reason === 'known secret')).toBe(true);
    expect(redactText(`plain ${secret} text`, [secret]).text).toBe(`plain ${REDACTED} text`);
  });

  it('leaves frames without secrets byte-identical (no re-serialisation) and numbers alone', () => {
    const raw = '{ "kind":"ConversationStateUpdateEvent", "value": {"max_tokens": 1.0, "prompt_tokens": 12, "token": 5} }';
    expect(redactText(raw)).toEqual({ text: raw, redactions: [] });
    const event = V1_EXAMPLES['ActionEvent_TerminalAction'] ?? '';
    expect(redactText(event).text).toBe(event);
  });

  it('a frame nested deeper than the stack allows is still redacted, by the text rules, without throwing', () => {
    const depth = 50_000;
    const raw = `{"token":"sk-deep-1","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(() => JSON.parse(raw)).not.toThrow(); // decoding copes with it
    // Before: RangeError (call stack), and with it every export while such a record was held.
    const result = redactText(raw);
    expect(result.text).not.toContain('sk-deep-1');
    expect(result.redactions.length).toBeGreaterThan(0);
  });

  it('redacts the agent server\'s own session-key variables without being told the key', () => {
    // The agent's terminal inherits the server's environment (OH_SESSION_API_KEYS_0…, protocol §1.3): `env` shows the key.
    const observation = JSON.stringify({ kind: 'ObservationEvent', observation: { content: 'HOME=/root\nOH_SESSION_API_KEYS_0=sk-live-abcdef123456\nPATH=/usr/bin' } });
    const out = redactText(observation).text;
    expect(out).not.toContain('sk-live-abcdef123456');
    expect(out).toContain('PATH=/usr/bin');
    expect(redactText('export OH_SESSION_API_KEYS_0="sk-live-abcdef123456"').text).not.toContain('sk-live-abcdef123456');
    expect(redactText(JSON.stringify({ session_api_keys: ['sk-live-abcdef123456'] })).text).not.toContain('sk-live-abcdef123456');
    // LLM usage counts are no secret.
    const usage = 'max_tokens=4096 completion_tokens: 1234 "prompt_tokens": 5678';
    expect(redactText(usage).text).toBe(usage);
  });

  it('redacts secret keys, secret access keys and private keys, not names that only start with one', () => {
    const env = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\nOH_SECRET_KEY=3f9a0c1d2e4b5a6978\nSECRET_KEY=django-insecure-abcdef\nSSH_PRIVATE_KEY=b3BlbnNzaC1rZXktdjE';
    const out = redactText(JSON.stringify({ kind: 'ObservationEvent', observation: { content: env } })).text;
    for (const value of ['wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', '3f9a0c1d2e4b5a6978', 'django-insecure-abcdef', 'b3BlbnNzaC1rZXktdjE']) expect(out).not.toContain(value);
    expect(redactText('{"aws_secret_access_key": "wJalrXUtnFEMIK7MDENG"}').text).not.toContain('wJalrXUtnFEMIK7MDENG');
    expect(redactText('http://x/?aws_secret_access_key=wJalrXUtnFEMIK7MDENG&x=1').text).toBe(`http://x/?aws_secret_access_key=${REDACTED}&x=1`);
    const harmless = 'secret_key_id=abc123 private_key_path=/root/.ssh/id_ed25519 token_count=1234 "public_key": "ssh-ed25519-AAAA" secret_keys_rotated=yes1';
    expect(redactText(harmless).text).toBe(harmless);
  });

  it('names sensitive fields as the brief lists them', () => {
    for (const name of ['api_key', 'session_api_key', 'token', 'secret', 'password', 'authorization', 'X-Session-API-Key', 'refresh_token', 'apiKey'])
      expect(isSensitiveName(name)).toBe(true);
    for (const name of ['session_api_keys', 'OH_SESSION_API_KEYS_0', 'client_secrets', 'db_passwords', 'GITHUB_TOKEN_2'])
      expect(isSensitiveName(name)).toBe(true);
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'secret_key', 'ssh_private_keys', 'privateKey']) expect(isSensitiveName(name)).toBe(true);
    for (const name of ['key', 'kind', 'prompt_tokens', 'max_tokens', 'tool_call_id', 'id', 'sha256', 'monkeys', 'public_key', 'secret_key_id', 'token_count'])
      expect(isSensitiveName(name)).toBe(false);
  });
});

describe('redactRecord', () => {
  it('redacts raw, size, summary, meta and stream text of a record', () => {
    const b = new RecordBuilder('v1-events');
    const message = b.in(JSON.stringify({ kind: 'MessageEvent', id: 'e1', timestamp: '2026-01-01T00:00:00', source: 'user', llm_message: { role: 'user', content: [{ type: 'text', text: 'key K-123456 here' }] } }));
    const { record, redactions } = redactRecord(message, ['K-123456']);
    expect(record.raw).not.toContain('K-123456');
    expect(record.summary).not.toContain('K-123456');
    expect(record.size).toBe(new TextEncoder().encode(record.raw).length);
    expect(redactions.map((r) => r.path)).toEqual(expect.arrayContaining(['llm_message.content.0.text', 'summary']));
    const meta = b.meta({ type: 'error', origin: 'connection', message: 'failed ws://h/x?session_api_key=abcdefgh' }, 'failed ws://h/x?session_api_key=abcdefgh');
    const redactedMeta = redactRecord(meta).record;
    expect(JSON.stringify(redactedMeta)).not.toContain('abcdefgh');
  });

  it('drops a binary frame that carries a known secret', () => {
    const b = new RecordBuilder('v1-events');
    const binary = b.in(new TextEncoder().encode('xx secret-bytes-1 yy'));
    expect(redactRecord(binary, ['secret-bytes-1']).record.raw).toBe('');
    expect(redactRecord(binary, ['other']).record.raw).toBe(binary.raw);
  });
});

describe('a "__proto__" member', () => {
  it('is kept in the redacted text (assigning it set the prototype, and the member vanished from exports)', () => {
    const raw = '{"kind":"ObservationEvent","__proto__":{"note":"kept"},"api_key":{"__proto__":"sk-x"},"output":"GITHUB_TOKEN=ghp_abcdefgh1234"}';
    const out = JSON.parse(redactText(raw).text) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ note: 'kept' });
    expect(Object.getOwnPropertyDescriptor(out.api_key, '__proto__')?.value).toBe(REDACTED);
  });
});
