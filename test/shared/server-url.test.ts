import { describe, expect, it } from 'vitest';
import { conversationKeyOf, parseServerUrl } from '../../src/shared/connection';
import { validateManualEntry } from '../../src/panel/attach';

const entry = (serverUrl: string, conversationId = 'abc') => ({ serverUrl, conversationId, sessionApiKey: '', protocol: 'auto' as const });

describe('server URL', () => {
  it('takes only http(s), and refuses credentials, query and fragment with the key\'s own field as the fix', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc', 'ftp://h', 'not a url']) {
      expect(parseServerUrl(url)).toEqual({ ok: false, error: 'Enter an http:// or https:// server URL.' });
    }
    for (const url of ['http://user:pass@host:8000', 'http://localhost:8000/?session_api_key=x', 'http://localhost:8000/#/conversations/abc']) {
      expect(parseServerUrl(url)).toEqual({ ok: false, error: expect.stringMatching(/put the key in its own field/) });
    }
  });

  it('manual entry refuses a server URL with a query or fragment and says why', () => {
    const { target, errors } = validateManualEntry(entry('http://localhost:8000/?token=x'));
    expect(target).toBeUndefined();
    expect(errors.serverUrl).toMatch(/query and fragment/);
  });

  it('one server spelled differently is one conversation key (host case, default port, trailing slash)', () => {
    const keyOf = (url: string) => conversationKeyOf(validateManualEntry(entry(url)).target!);
    expect(keyOf('http://LOCALHOST:8000')).toBe(keyOf('http://localhost:8000'));
    expect(keyOf('https://agent.example.com:443/runtime/')).toBe(keyOf('https://agent.example.com/runtime'));
    expect(validateManualEntry(entry('http://h:80/runtime/x/api/conversations/abc')).target?.serverUrl).toBe('http://h/runtime/x');
  });
});
