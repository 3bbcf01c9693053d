/**
 * What every panel test file sets up: one mock agent server (a quick demo agent) and one
 * Chromium with the built extension, started before the file's tests and closed after them.
 * Read `rig.server` and `rig.browser` inside tests (they are set once `beforeAll` has run).
 */
import { afterAll, beforeAll } from 'vitest';
import { createMockServer, type MockServer } from '../../../src/server/index';
import { launchWithExtension, type ExtensionBrowser } from './browser';

export interface PanelRig {
  server: MockServer;
  browser: ExtensionBrowser;
}

export function usePanelRig(): PanelRig {
  const rig = {} as PanelRig;
  beforeAll(async () => {
    rig.server = await createMockServer({ port: 0, knobs: { agentStepMs: 20 } });
    rig.browser = await launchWithExtension();
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.close();
  });
  return rig;
}
