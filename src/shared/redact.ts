/**
 * Secret redaction for every export and copy. Exports are shared (bug reports, chat), so a
 * session key, token or password must never leave in one, whatever frame it hides in: auth
 * frames, token-like fields at any depth, URL query strings, `KEY=value` lines in terminal
 * output, or anywhere at all when it is a key we know (the person's own session keys).
 * JSON text is redacted structurally and re-serialised only when something changed; a final
 * pass replaces any remaining occurrence of a secret seen, so nothing depends on formatting.
 */
import { REDACTED } from './protocol/client-frames';
import { utf8Length } from './protocol/decode-frame';
import type { LogRecord } from './record';

export { REDACTED };

export type RedactionReason = 'known secret' | 'auth frame' | 'sensitive field' | 'url query' | 'authorization header' | 'key=value';

/** Where something was redacted (dotted path inside the frame) and why; never the value. */
export interface Redaction {
  path: string;
  reason: RedactionReason;
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

const EXACT_SENSITIVE = new Set([
  'apikey', 'sessionapikey', 'xsessionapikey', 'authorization', 'proxyauthorization', 'cookie', 'setcookie',
  'password', 'passwd', 'secret', 'secrets', 'token', 'credentials', 'credential', 'privatekey',
]);

/**
 * `session_api_key`, `X-Session-API-Key`, `access_token`, `GITHUB_TOKEN`, `client_secret`, `db_password`,
 * `AWS_SECRET_ACCESS_KEY`, `SECRET_KEY`, `ssh_private_key`, and the agent server's own
 * `session_api_keys` / `OH_SESSION_API_KEYS_0`. Plural `tokens` stays harmless: it is the LLM
 * usage counts (`prompt_tokens`, `max_tokens`), never a credential; so do names that only start
 * with a secret word (`secret_key_id`, `private_key_path`).
 */
export function isSensitiveName(name: string): boolean {
  const plural = name.toLowerCase().replace(/[-_. ]/g, '').replace(/\d+$/, '');
  const n = /(?:key|secret|password)s$/.test(plural) ? plural.slice(0, -1) : plural;
  return EXACT_SENSITIVE.has(n) || n.endsWith('apikey') || n.endsWith('token') || n.endsWith('secret') || n.endsWith('password')
    || n.endsWith('secretkey') || n.endsWith('secretaccesskey') || n.endsWith('privatekey');
}

/** Same names as isSensitiveName, in text: `OH_SESSION_API_KEYS_0=…` too (not `max_tokens=4096`). */
const NAME = String.raw`[A-Za-z0-9_.-]*(?:api[-_]?keys?|token|secrets?|passwords?|passwd|authorization|(?:secret[-_]?(?:access[-_]?)?|private[-_]?)keys?)(?:[-_]?\d+)?`;
/** `?session_api_key=abc&x=1` — value up to the next separator. */
const URL_QUERY = new RegExp(String.raw`([?&;])(${NAME})=([^&#\s"'<>\\]+)`, 'gi');
/** `Bearer abc.def` in free text or a header value. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{6,})/g;
/** `OPENAI_API_KEY=sk-…`, `"password": "hunter2"`, `token: abc` in free text. */
const KEY_VALUE = new RegExp(String.raw`(["']?)\b(${NAME})\1(\s*[:=]\s*)(["']?)([^\s"',;&}]{4,})\4`, 'gi');


/**
 * Sets an own member, whatever its name: `out["__proto__"] = v` set the prototype instead, and a
 * frame's "__proto__" member silently vanished from the export.
 */
function setMember(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

class Redactor {
  readonly redactions: Redaction[] = [];
  /** Every secret value met, so the final pass can remove copies of it anywhere. */
  readonly seen = new Set<string>();

  constructor(private readonly secrets: readonly string[]) {}

  note(path: string, reason: RedactionReason, value?: string): void {
    this.redactions.push({ path: path === '' ? '(text)' : path, reason });
    if (value !== undefined && value.length >= 6 && value !== REDACTED) this.seen.add(value);
  }

  /** Free text: known secrets, URL query keys, auth schemes, KEY=value. */
  text(input: string, path: string): string {
    let out = input;
    for (const secret of this.secrets) {
      if (secret !== '' && out.includes(secret)) {
        out = out.split(secret).join(REDACTED);
        this.note(path, 'known secret');
      }
    }
    out = out.replace(URL_QUERY, (_m, sep: string, name: string, value: string) => {
      if (value === REDACTED || value === encodeURIComponent(REDACTED)) return `${sep}${name}=${value}`;
      this.note(`${path}?${name}`, 'url query', value);
      return `${sep}${name}=${REDACTED}`;
    });
    out = out.replace(AUTH_SCHEME, (m, scheme: string, value: string) => {
      if (value === REDACTED) return m;
      this.note(path, 'authorization header', value);
      return `${scheme} ${REDACTED}`;
    });
    out = out.replace(KEY_VALUE, (m, q: string, name: string, sep: string, vq: string, value: string) => {
      if (value === REDACTED || value.startsWith('<redacted')) return m;
      this.note(`${path}${path ? '.' : ''}${name}`, 'key=value', value);
      return `${q}${name}${q}${sep}${vq}${REDACTED}${vq}`;
    });
    return out;
  }

  /** Replaces every string leaf under a sensitive key. */
  all(value: unknown, path: string, reason: RedactionReason): unknown {
    if (typeof value === 'string') {
      // Already masked by the server (`**********`): nothing secret left, keep the frame as is.
      if (value === '' || value === REDACTED || /^\*+$/.test(value)) return value;
      this.note(path, reason, value);
      return REDACTED;
    }
    if (Array.isArray(value)) return value.map((v, i) => this.all(v, `${path}.${i}`, reason));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setMember(out, k, this.all(v, `${path}.${k}`, reason));
      return out;
    }
    return value;
  }

  json(value: unknown, path: string): unknown {
    if (typeof value === 'string') return this.text(value, path);
    if (Array.isArray(value)) return value.map((v, i) => this.json(v, join(path, String(i))));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    // HAR-style header/query arrays: {name: "X-Session-API-Key", value: "…"}.
    const headerName = typeof obj['name'] === 'string' && 'value' in obj ? obj['name'] : undefined;
    const isAuthFrame = obj['type'] === 'auth';
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(obj)) {
      const here = join(path, key);
      if (isAuthFrame && key === 'session_api_key') setMember(out, key, this.all(inner, here, 'auth frame'));
      else if (isSensitiveName(key)) setMember(out, key, this.all(inner, here, 'sensitive field'));
      else if (key === 'value' && headerName !== undefined && isSensitiveName(headerName)) setMember(out, key, this.all(inner, here, 'sensitive field'));
      else setMember(out, key, this.json(inner, here));
    }
    return out;
  }

  /** Last line of defence: no copy of a secret seen or known survives, however it was encoded. */
  sweep(text: string): string {
    let out = text;
    for (const secret of [...this.secrets, ...this.seen]) {
      if (secret === '') continue;
      for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
        if (out.includes(form)) {
          out = out.split(form).join(REDACTED);
          this.note('(text)', 'known secret');
        }
      }
    }
    return out;
  }
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Every rule above needs one of these words in the text (or a `\u` escape that could hide one). */
const MAY_HOLD_SECRET = /api[-_.]?key|token|secret|passw|authoriz|bearer|basic|cookie|credential|private[-_.]?key|\\u/i;

function mayHoldSecret(text: string, secrets: readonly string[]): boolean {
  if (MAY_HOLD_SECRET.test(text)) return true;
  return secrets.some((s) => s !== '' && (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)) || text.includes(encodeURIComponent(s))));
}

/** Redacts one text (a frame, a URL, a copied value); JSON is redacted field by field. */
export function redactText(text: string, secrets: readonly string[] = []): RedactedText {
  // Fast path: most frames mention nothing secret-like; an export of 100k records must not parse each twice.
  if (!mayHoldSecret(text, secrets)) return { text, redactions: [] };
  let redactor = new Redactor(secrets);
  let out = text;
  const trimmed = text.trimStart();
  let parsed: unknown;
  let isJson = false;
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      parsed = JSON.parse(text);
      isJson = true;
    } catch {
      isJson = false;
    }
  }
  if (isJson) {
    try {
      const redacted = redactor.json(parsed, '');
      if (redactor.redactions.length > 0) out = JSON.stringify(redacted);
    } catch {
      // Nested deeper than the stack allows (JSON.parse copes with depths the field walk does
      // not): the text rules below instead. Thrown, it failed the whole export.
      redactor = new Redactor(secrets);
      out = redactor.text(text, '');
    }
  } else {
    out = redactor.text(text, '');
  }
  out = redactor.sweep(out);
  return { text: out, redactions: redactor.redactions };
}

function redactBinary(record: LogRecord, secrets: readonly string[]): { raw: string; redactions: Redaction[] } {
  let decoded = '';
  try {
    decoded = atob(record.raw);
  } catch {
    return { raw: record.raw, redactions: [] };
  }
  // Binary frames are opaque; if one carries a known secret, drop its bytes rather than guess.
  const leaks = secrets.some((s) => s !== '' && decoded.includes(s));
  return leaks ? { raw: '', redactions: [{ path: '(binary)', reason: 'known secret' }] } : { raw: record.raw, redactions: [] };
}

/** Redacts a record's frame and every human string derived from it. */
export function redactRecord(record: LogRecord, secrets: readonly string[] = []): { record: LogRecord; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  const free = (value: string, where: string): string => {
    const result = redactText(value, secrets);
    redactions.push(...result.redactions.map((r) => ({ path: r.path === '(text)' ? where : `${where}:${r.path}`, reason: r.reason })));
    return result.text;
  };
  const out: LogRecord = { ...record };
  if (record.rawEncoding === 'base64') {
    const binary = redactBinary(record, secrets);
    out.raw = binary.raw;
    redactions.push(...binary.redactions);
  } else if (record.raw !== '') {
    const raw = redactText(record.raw, secrets);
    redactions.push(...raw.redactions);
    if (raw.redactions.length > 0) { out.raw = raw.text; out.size = utf8Length(raw.text); }
  }
  out.summary = free(record.summary, 'summary');
  if (record.meta) {
    const meta = { ...record.meta };
    if (meta.type === 'transition') { meta.cause = free(meta.cause, 'meta.cause'); if (meta.reason !== undefined) meta.reason = free(meta.reason, 'meta.reason'); }
    else meta.message = free(meta.message, 'meta.message');
    out.meta = meta;
  }
  if (record.streamItem) {
    const item = { ...record.streamItem, text: free(record.streamItem.text, 'streamItem.text') };
    if (item.reasoning !== undefined) item.reasoning = free(item.reasoning, 'streamItem.reasoning');
    out.streamItem = item;
  }
  return { record: out, redactions };
}
