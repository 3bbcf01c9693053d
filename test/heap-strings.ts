/**
 * Reads the test process's own heap snapshot: which strings are held as strings of their own
 * (snapshot node type 'string', not a slice or concatenation view of another). Lets tests show
 * that a text is no longer kept alive, without asserting sizes.
 */
import { getHeapSnapshot } from 'node:v8';

/** Heap-snapshot nodes of type 'string' whose text starts with `prefix`. */
export async function seqStringsStartingWith(prefix: string): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snap = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const [type, name] = [fields.indexOf('type'), fields.indexOf('name')];
  const stringType = snap.snapshot.meta.node_types[0].indexOf('string');
  let count = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (snap.nodes[i + type] === stringType && snap.strings[snap.nodes[i + name]!]!.startsWith(prefix)) count += 1;
  }
  return count;
}
