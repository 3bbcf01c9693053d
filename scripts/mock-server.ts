import { parseArgs } from 'node:util';
import { createMockServer, SCENARIO_NAMES, type MockServer } from '../src/server/index';

/**
 * npm run mock-server -- [--port P] [--key K]… [--version V] [--prefix /runtime/1] [--step-ms N] [--auth-deadline-ms N]
 *   [--v0] [--scenario flood|large-history] [--rate N|max] [--count N] [--size BYTES] [--conversation ID] [--generation v1|v0]
 * --v0: a V0 app server alone (Socket.IO, V0 event REST; no V1 sockets, REST or /server_info version).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    key: { type: 'string', multiple: true, default: [] },
    version: { type: 'string' },
    v0: { type: 'boolean', default: false },
    prefix: { type: 'string', default: '' },
    'step-ms': { type: 'string' },
    'auth-deadline-ms': { type: 'string' },
    'no-interleave': { type: 'boolean', default: false },
    scenario: { type: 'string' },
    rate: { type: 'string' },
    count: { type: 'string' },
    size: { type: 'string' },
    conversation: { type: 'string' },
    generation: { type: 'string' },
  },
});

if (values.scenario !== undefined && !(SCENARIO_NAMES as readonly string[]).includes(values.scenario)) {
  console.error(`unknown --scenario ${values.scenario}; known: ${SCENARIO_NAMES.join(', ')}`);
  process.exit(2);
}
if (values.generation !== undefined && values.generation !== 'v1' && values.generation !== 'v0') {
  console.error(`--generation must be v1 or v0, got ${values.generation}`);
  process.exit(2);
}

const knobs = {
  ...(values['step-ms'] ? { agentStepMs: Number(values['step-ms']) } : {}),
  ...(values['auth-deadline-ms'] ? { authDeadlineMs: Number(values['auth-deadline-ms']) } : {}),
  ...(values['no-interleave'] ? { interleaveReplay: false } : {}),
};
if (values.v0 && values.generation === 'v1') {
  console.error('--generation v1 has no place on a --v0 server');
  process.exit(2);
}
const server = await createMockServer({
  port: Number(values.port), sessionApiKeys: values.key, pathPrefix: values.prefix, knobs,
  ...(values.version ? { version: values.version } : {}),
  ...(values.v0 ? { generation: 'v0' as const } : {}),
}).catch((error: unknown) => {
  // A busy port printed Node's raw EADDRINUSE stack; say what it means and the way out.
  const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(busy
    ? `mock-server: port ${values.port} is busy (something else listens there); choose another with --port N, or --port 0 for any free one`
    : `mock-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

const ws = server.url.replace(/^http/, 'ws');
const { demo, planning, v0demo } = server.conversations;
if (values.v0) {
  console.log(`mock V0 app server  ${server.url}`);
  console.log(`hung handshakes     ${server.hangUrl}`);
  console.log(`conversation        v0demo ${v0demo}`);
  console.log(`socket.io           ${server.url}/socket.io/?conversation_id=${v0demo}&latest_event_id=-1`);
} else {
  console.log(`mock agent server   ${server.url}`);
  console.log(`app server + pages  ${server.appUrl}  (e.g. ${server.appUrl}/conversations/${demo})`);
  console.log(`hung handshakes     ${server.hangUrl}`);
  console.log(`conversations       demo ${demo}  planning ${planning}  v0demo ${v0demo} (protocol v0-socketio; --v0 for auto)`);
  console.log(`events socket       ${ws}/sockets/events/${demo}?resend_mode=all`);
  console.log(`session socket      ${ws}/sockets/session/${demo}?after_seq=-1`);
}
console.log(`auth                ${values.key.length > 0 ? `${values.key.length} session key(s) required` : 'open (no keys)'}`);

if (values.scenario) runScenario(server, values.scenario);

/** Starts the chosen scenario once the server is listening and reports its figures. */
function runScenario(target: MockServer, name: string): void {
  const common = {
    ...(values.conversation ? { conversationId: values.conversation } : {}),
    ...(values.generation === 'v0' || values.v0 ? { generation: 'v0' as const } : {}),
    ...(values.count ? { count: Number(values.count) } : {}),
  };
  if (name === 'large-history') {
    const result = target.scenarios.largeHistory(common);
    console.log(`large-history       ${result.seeded} events in ${result.generation} conversation ${result.conversationId} (seeded in ${result.elapsedMs.toFixed(0)} ms)`);
    return;
  }
  const rate = values.rate === undefined || values.rate === 'max' ? 'max' : Number(values.rate);
  const flood = target.scenarios.flood({ ...common, rate, ...(values.size ? { size: Number(values.size) } : {}) });
  console.log(`flood               conversation ${flood.conversationId}, rate ${rate}/s`);
  void flood.done.then((r) => console.log(`flood done          ${r.sent} events in ${r.elapsedMs.toFixed(0)} ms (${r.eventsPerSecond.toFixed(0)}/s)`));
}

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
