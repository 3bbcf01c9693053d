/** Fallback when the panel store is not buildable: records are held in a plain array per key. */
import type { LogRecord } from '../../src/shared/record';
import type { PipelineSink, Request } from './sink';

export function createSink(request: Request): PipelineSink {
  const byKey = new Map<string, LogRecord[]>();
  const held = (key: string) => byKey.get(key) ?? (byKey.set(key, []), byKey.get(key)!);
  return {
    label: 'port client in an extension page (panel store not built)',
    subscriptions: () => [],
    welcomed: () => undefined,
    receive(message) {
      if (message.type === 'snapshot' || message.type === 'recordsAppended') held(message.key).push(...message.records);
    },
    async attach(target) {
      const key = await request({ name: 'attach', target }) as string;
      await request({ name: 'subscribe', key, lastSeq: -1 });
      return key;
    },
    async detach(key) {
      byKey.delete(key);
      await request({ name: 'detach', key });
    },
    records: (key) => byKey.get(key) ?? [],
  };
}
