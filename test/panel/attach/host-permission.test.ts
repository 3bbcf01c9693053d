import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { needsHostPermission } from '../../../src/panel/attach';
import { originPattern } from '../../../src/shared/site-access';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { host_permissions: string[] };
/** A declared pattern without a port covers every port of its scheme and host. */
const declared = (url: string) => {
  const u = new URL(url);
  return manifest.host_permissions.some((p) => {
    const m = /^(\*|https?):\/\/([^/]+)\//.exec(p);
    return m !== null && (m[1] === '*' || `${m[1]}:` === u.protocol) && m[2] === u.hostname;
  });
};

it('asks for site access for every server the manifest does not grant at install, loopback spellings included', () => {
  for (const url of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'https://localhost:8443', 'https://127.0.0.1:8443', 'https://agent.example.com']) {
    expect({ url, asks: needsHostPermission(url) }).toEqual({ url, asks: !declared(url) });
  }
});

it('asks for the host without its port, a pattern Firefox accepts (Chrome reads it as every port)', () => {
  expect(originPattern('https://agent.example.com:8443/runtime')).toBe('https://agent.example.com/*');
  expect(originPattern('http://[::1]:8000')).toBe('http://[::1]/*');
  expect(originPattern('https://agent.example.com')).toBe('https://agent.example.com/*');
});
