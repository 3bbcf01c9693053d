import { describe, expect, it } from 'vitest';
import { Persistence, type PersistedConnection } from '../../../src/background/persistence';
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
});
