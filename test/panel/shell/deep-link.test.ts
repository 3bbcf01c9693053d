import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../../src/panel/deep-link';

describe('deep link', () => {
  it('is absent without server/conversation parameters', () => {
    expect(parseDeepLink('')).toBeUndefined();
    expect(parseDeepLink('?foo=1')).toBeUndefined();
  });

  it('parses server (path prefix kept, pasted conversation_url trimmed), id and protocol (auto by default)', () => {
    expect(parseDeepLink('?server=http%3A%2F%2F127.0.0.1%3A8000%2Fruntime%2Fx%2F&conversation=abc&protocol=v1-session'))
      .toEqual({ ok: true, target: { serverUrl: 'http://127.0.0.1:8000/runtime/x', conversationId: 'abc', protocol: 'v1-session' } });
    const pasted = parseDeepLink(`?server=${encodeURIComponent('http://h:1/api/conversations/abc')}&conversation=abc`);
    expect(pasted).toEqual({ ok: true, target: { serverUrl: 'http://h:1', conversationId: 'abc', protocol: 'auto' } });
  });

  it('reads prefill=1 (an "Open as tab" link) as fill-the-form, not attach', () => {
    expect(parseDeepLink(`?server=${encodeURIComponent('http://agent.test:8000')}&conversation=abc&protocol=auto&prefill=1`))
      .toEqual({ ok: true, prefill: true, target: { serverUrl: 'http://agent.test:8000', conversationId: 'abc', protocol: 'auto' } });
    expect(parseDeepLink('?server=http://h:1&conversation=a&prefill=1&key=s')).toMatchObject({ ok: false });
  });

  it('refuses a key in the URL and explains a bad link', () => {
    expect(parseDeepLink('?server=http://h:1&conversation=a&session_api_key=s')).toMatchObject({ ok: false, error: expect.stringMatching(/never carry a session key/) });
    expect(parseDeepLink('?server=http://h:1&conversation=a&protocol=v9')).toMatchObject({ ok: false, error: expect.stringMatching(/Bad deep link \(protocol\)/) });
    expect(parseDeepLink('?conversation=a')).toMatchObject({ ok: false, error: expect.stringMatching(/serverUrl/) });
  });
});

describe('deep link server and id', () => {
  it('takes only http(s) servers without credentials, and ids as the manual form does', () => {
    for (const search of [
      '?server=javascript:alert(1)&conversation=abc',
      '?server=file:///etc&conversation=abc',
      '?server=http://user:pass@host:8000&conversation=abc',
      '?server=http://host:8000&conversation=..',
      '?server=http://host:8000&conversation=a/b%3Fx',
    ]) expect(parseDeepLink(search)).toMatchObject({ ok: false });
  });

  it('refuses a key hidden in the server URL\'s own query', () => {
    expect(parseDeepLink(`?server=${encodeURIComponent('http://host:8000/?session_api_key=SECRET')}&conversation=abc`))
      .toEqual({ ok: false, error: expect.stringMatching(/put the key in its own field/) });
  });
});
