/** The real thing: records land in the panel's store (src/panel/store), as the panel's link feeds it. */
import { createPanelStore } from '../../src/panel/store/panel-store';
import type { PipelineSink, Request } from './sink';

export function createSink(request: Request): PipelineSink {
  const store = createPanelStore({ request });
  const find = (key: string) => store.conversations.peek().find((c) => c.key === key);
  return {
    label: 'panel store (src/panel/store)',
    subscriptions: () => store.subscriptions(),
    welcomed: (epoch) => store.welcomed(epoch),
    receive: (message) => store.receive(message),
    attach: (target) => store.attach(target),
    detach: (key) => store.detach(key),
    records: (key) => find(key)?.source.records ?? [],
  };
}
