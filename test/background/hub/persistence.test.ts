import { describe, expect, it } from 'vitest';
import { Persistence, type PersistedConnection } from '../../../src/background/persistence';
import type { ConnectionStatus } from '../../../src/shared/connection';
import { FakeClock } from '../../fakes/fake-clock';

function memoryArea() {
  const data = new Map<string, unknown>();
  let writes = 0;
  return {
    writes: () => writes,
    get: async (k: string | string[]) => Object.fromEntries([k].flat().filter((x) => data.has(x)).map((x) => [x, data.get(x)])),
    set: async (items: Record<string, unknown>) => { writes += 1; for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v)); },
    remove: async (k: string | string[]) => { for (const x of [k].flat()) data.delete(x); },
  };
}

const state: PersistedConnection[] = [{
  target: { serverUrl: 'http://127.0.0.1:3000', conversationId: 'c1', protocol: 'v1-session' },
  keepCapturing: true, nextSeq: 42, cursor: { generation: 'v1-session', afterSeq: 41, recentIds: ['e41'] },
}];

describe('Persistence', () => {
  it('throttles writes and restores what it wrote', async () => {
    const area = memoryArea();
    const clock = new FakeClock();
    const persistence = new Persistence(area, clock, () => state, 1000);
    for (let i = 0; i < 50; i += 1) persistence.markDirty();
    expect(area.writes()).toBe(0);
    clock.advance(1000);
    await Promise.resolve();
    expect(area.writes()).toBe(1);
    expect(await new Persistence(area, clock, () => []).load()).toEqual(state);
  });

  it('restores nothing from corrupt storage', async () => {
    const area = memoryArea();
    await area.set({ 'cdt.connections': [{ bogus: true }] });
    expect(await new Persistence(area, new FakeClock(), () => []).load()).toEqual([]);
  });

  it('restores a stored target in canonical form, and drops only a target the server-URL check now refuses', async () => {
    const area = memoryArea();
    const stored = (serverUrl: string, conversationId: string) => ({ ...state[0], target: { serverUrl, conversationId, protocol: 'v1-session' } });
    await area.set({ 'cdt.connections': [stored('http://LOCALHOST:3000/', 'c1'), stored('http://h:1/?session_api_key=x', 'c2'), stored('http://h:1', 'c3')] });
    const loaded = await new Persistence(area, new FakeClock(), () => []).load();
    expect(loaded.map((c) => `${c.target.serverUrl}#${c.target.conversationId}`)).toEqual(['http://localhost:3000#c1', 'http://h:1#c3']);
  });

  describe('what decides a restart is written at once', () => {
    const state1 = state[0] as PersistedConnection;
    const statusOf = (state: ConnectionStatus['state'], keepCapturing = true): ConnectionStatus => ({
      key: 'http://127.0.0.1:3000#c1', target: state1.target, state, attempt: 0, historyLoading: false,
      counts: { records: 0, bytes: 0, dropped: 0, duplicates: 0, gaps: 0, errors: 0 }, keepCapturing, subscribers: 1, hasKey: false,
    });
    const setup = () => {
      const area = memoryArea();
      const clock = new FakeClock();
      let current: PersistedConnection[] = state;
      const persistence = new Persistence(area, clock, () => current, 1000);
      return { area, clock, persistence, set: (next: PersistedConnection[]) => { current = next; } };
    };

    it('writes a new connection, a disconnect and keep-capturing at once; other changes wait for the throttle', async () => {
      const { area, clock, persistence } = setup();
      persistence.noteStatus(statusOf('connecting'));
      expect(area.writes()).toBe(1);
      persistence.noteStatus(statusOf('open'));
      expect(area.writes()).toBe(1); // still running, still keep-capturing: a cursor change at most
      persistence.noteStatus(statusOf('closed'));
      expect(area.writes()).toBe(2);
      persistence.noteStatus(statusOf('closed', false));
      expect(area.writes()).toBe(3);
      clock.advance(1000);
      expect(area.writes()).toBe(3); // the throttled write of the open status was folded into the first immediate one
    });

    it('writes a detach at once', async () => {
      const { area, persistence, set } = setup();
      persistence.noteStatus(statusOf('open'));
      set([]);
      persistence.noteRemoved(statusOf('open').key);
      expect(area.writes()).toBe(2);
      expect(await persistence.load()).toEqual([]);
    });

    it('releases held writes when the restore failed', async () => {
      const { area, persistence } = setup();
      let failed!: (err: Error) => void;
      persistence.holdWritesUntil(new Promise<void>((_resolve, reject) => { failed = reject; }));
      persistence.noteStatus(statusOf('connecting'));
      failed(new Error('storage.session unreadable'));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(area.writes()).toBe(1);
    });

    it('writes nothing while a restarted SW restores, then what is due', async () => {
      const { area, persistence } = setup();
      let restored!: () => void;
      persistence.holdWritesUntil(new Promise<void>((resolve) => { restored = resolve; }));
      persistence.noteStatus(statusOf('connecting'));
      expect(area.writes()).toBe(0);
      restored();
      await Promise.resolve();
      await Promise.resolve();
      expect(area.writes()).toBe(1);
      expect(await persistence.load()).toEqual(state);
    });
  });
});
