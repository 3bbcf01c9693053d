import { parseArgs } from 'node:util';
import { createReplayServer, loadRecordingFile, type ReplaySpeed } from '../src/server/replay/index';

/** npm run replay -- FILE [--port P] [--speed 1|10|max] [--loop] [--wait] [--key K]… [--prefix /runtime/1] */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8000' },
    speed: { type: 'string', default: '1' },
    loop: { type: 'boolean', default: false },
    wait: { type: 'boolean', default: false },
    key: { type: 'string', multiple: true, default: [] },
    prefix: { type: 'string', default: '' },
  },
});

function fail(message: string): never {
  console.error(`replay: ${message}`);
  console.error('usage: npm run replay -- FILE [--port P] [--speed 1|10|max] [--loop] [--wait] [--key K]… [--prefix /runtime/1]');
  process.exit(2);
}

const file = positionals[0];
if (!file) fail('which recording? Give a .ndjson (native) or .har file.');
const speed: ReplaySpeed = values.speed === 'max' ? 'max' : Number(values.speed);
if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) fail(`--speed must be a positive number or max, not ${values.speed}`);

let lastShown = 0;
const recording = await loadRecordingFile(file, (bytes) => {
  if (bytes - lastShown >= 16 * 1024 * 1024) { lastShown = bytes; process.stderr.write(`  read ${Math.round(bytes / 1024 / 1024)} MB…\n`); }
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
for (const error of recording.errors.slice(0, 20)) console.error(`  ${error.line > 0 ? `line ${error.line}: ` : ''}${error.message}`);

const replay = await createReplayServer({
  recording, speed, loop: values.loop, startOn: values.wait ? 'first-client' : 'now',
  mock: { port: Number(values.port), sessionApiKeys: values.key, pathPrefix: values.prefix },
  title: `Replay of ${file}`,
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

const { header } = recording;
const ws = replay.url.replace(/^http/, 'ws');
const id = replay.conversationId;
console.log(`replaying          ${file} (${recording.format}, ${header.protocol}, ${recording.records.length} records, ${replay.plan.steps.length} server frames)`);
console.log(`recorded from      ${header.server} by ${header.tool.name} ${header.tool.version} at ${header.createdAt}`);
console.log(`agent server       ${replay.url}   speed ${speed}${values.loop ? ', looping' : ''}${values.wait ? ', starts when the first client connects' : ''}`);
if (header.protocol === 'v0-socketio') console.log(`socket.io          ${replay.url}/socket.io/?conversation_id=${id}`);
else {
  console.log(`events socket      ${ws}/sockets/events/${id}?resend_mode=all`);
  console.log(`session socket     ${ws}/sockets/session/${id}?after_seq=-1`);
  console.log(`REST               ${replay.url}/api/conversations/${id}/events/search`);
}
console.log(`panel deep link    panel.html?server=${encodeURIComponent(replay.url)}&conversation=${id}&protocol=${header.protocol}`);
void replay.player.finished().then(() => { if (replay.player.state === 'finished') console.log('replay finished; still serving the conversation (Ctrl-C to stop)'); });

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  replay.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
