import { parseArgs } from 'node:util';
import { createMockServer } from '../src/server/index';

/** npm run mock-server -- [--port P] [--key K]… [--version V] [--prefix /runtime/1] [--step-ms N] [--auth-deadline-ms N] */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    key: { type: 'string', multiple: true, default: [] },
    version: { type: 'string' },
    prefix: { type: 'string', default: '' },
    'step-ms': { type: 'string' },
    'auth-deadline-ms': { type: 'string' },
    'no-interleave': { type: 'boolean', default: false },
  },
});

const knobs = {
  ...(values['step-ms'] ? { agentStepMs: Number(values['step-ms']) } : {}),
  ...(values['auth-deadline-ms'] ? { authDeadlineMs: Number(values['auth-deadline-ms']) } : {}),
  ...(values['no-interleave'] ? { interleaveReplay: false } : {}),
};
const server = await createMockServer({
  port: Number(values.port), sessionApiKeys: values.key, pathPrefix: values.prefix, knobs,
  ...(values.version ? { version: values.version } : {}),
});

const ws = server.url.replace(/^http/, 'ws');
console.log(`mock agent server   ${server.url}`);
console.log(`app server + pages  ${server.appUrl}  (e.g. ${server.appUrl}/conversations/${server.conversations.demo})`);
console.log(`hung handshakes     ${server.hangUrl}`);
console.log(`conversations       demo ${server.conversations.demo}  planning ${server.conversations.planning}  v0demo ${server.conversations.v0demo}`);
console.log(`events socket       ${ws}/sockets/events/${server.conversations.demo}?resend_mode=all`);
console.log(`session socket      ${ws}/sockets/session/${server.conversations.demo}?after_seq=-1`);
console.log(`auth                ${values.key.length > 0 ? `${values.key.length} session key(s) required` : 'open (no keys)'}`);

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
