import { expect, it, vi } from 'vitest';
import { ensureHostPermission } from '../../../src/panel/attach';
import { originPattern } from '../../../src/shared/site-access';

it('asks for site access for every server, loopback included (Firefox lets a person switch off even that)', async () => {
  for (const url of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'https://localhost:8443', 'https://agent.example.com']) {
    const request = vi.fn(async () => true);
    expect(await ensureHostPermission(url, { request })).toEqual({ granted: true });
    expect(request).toHaveBeenCalledWith({ origins: [originPattern(url)] });
  }
});

it('asks synchronously: the request is made before the call returns (Chrome needs the user gesture)', () => {
  const request = vi.fn(() => new Promise<boolean>(() => undefined));
  void ensureHostPermission('http://127.0.0.1:8000', { request, has: async () => true });
  expect(request).toHaveBeenCalledTimes(1);
});

it('refuses access the person declined, with the origin', async () => {
  expect(await ensureHostPermission('http://127.0.0.1:8000', { request: async () => false }))
    .toEqual({ granted: false, reason: 'Access to http://127.0.0.1:8000 was not granted.' });
});

it('where the browser will not ask (no real click), goes on with access already held and refuses without it', async () => {
  const noGesture = async (): Promise<boolean> => { throw new Error('This function must be called during a user gesture'); };
  expect(await ensureHostPermission('http://127.0.0.1:8000', { request: noGesture, has: async () => true })).toEqual({ granted: true });
  expect(await ensureHostPermission('http://127.0.0.1:8000', { request: noGesture, has: async () => false }))
    .toEqual({ granted: false, reason: 'This function must be called during a user gesture' });
});

it('asks for the host without its port, a pattern Firefox accepts (Chrome reads it as every port)', () => {
  expect(originPattern('https://agent.example.com:8443/runtime')).toBe('https://agent.example.com/*');
  expect(originPattern('http://[::1]:8000')).toBe('http://[::1]/*');
  expect(originPattern('https://agent.example.com')).toBe('https://agent.example.com/*');
});
