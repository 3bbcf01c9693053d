/**
 * Site access (host permission) names a server by scheme and host, every port: Firefox refuses
 * a match pattern with a port (bugs 1362809, 1468162), and Chrome reads a pattern without one as
 * any port, as the manifest's loopback patterns are. The panel asks for this pattern and the
 * background checks it, so both name the same host either way.
 */
export function originPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
