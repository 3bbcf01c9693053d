import { createServer, type Server, type Socket } from 'node:net';

/** A port whose handshakes never complete (Chrome serialises handshakes per host). */
export async function startHangServer(host: string): Promise<{ port: number; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const server: Server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => held.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of held) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
