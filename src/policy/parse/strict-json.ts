/**
 * @module policy/parse/strict-json — a small JSON reader that rejects duplicate object keys.
 *
 * Why not `JSON.parse`: it silently keeps the last of two duplicate keys, while IAM rejects the
 * document ("Duplicate keys in one element are invalid", IAM JSON policy grammar). The reader
 * follows RFC 8259 and reports errors with the element path, e.g.
 * `Statement[0]: duplicate key "Effect"`.
 */
import { childPath, indexPath, malformed } from './values.js';

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  private i = 0;
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    const ch = this.text[this.i];
    const seen = ch === undefined ? 'end of input' : `character ${JSON.stringify(ch)}`;
    throw malformed('', `invalid JSON (${reason}: unexpected ${seen} at position ${this.i})`);
  }

  ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.i++;
    }
  }

  document(): unknown {
    this.ws();
    const value = this.value('', 0);
    this.ws();
    if (this.i < this.text.length) this.fail('after the document');
    return value;
  }

  private value(path: string, depth: number): unknown {
    if (depth > MAX_DEPTH) throw malformed(path, `nested more than ${MAX_DEPTH} levels deep`);
    const ch = this.text[this.i];
    if (ch === '{') return this.object(path, depth);
    if (ch === '[') return this.array(path, depth);
    if (ch === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail('expected a value');
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    if (j >= t.length) {
      this.i = t.length;
      return this.fail('unterminated string');
    }
    this.i = j + 1;
    try {
      return JSON.parse(t.slice(start, j + 1)) as string;
    } catch {
      this.i = start;
      return this.fail('invalid string');
    }
  }

  private object(path: string, depth: number): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const seen = new Set<string>();
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return { ...out };
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      if (seen.has(key)) throw malformed(path, `duplicate key ${JSON.stringify(key)}`);
      seen.add(key);
      this.ws();
      if (this.text[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      this.ws();
      out[key] = this.value(childPath(path, key), depth + 1);
      this.ws();
      const sep = this.text[this.i++];
      if (sep === '}') return { ...out };
      if (sep !== ',') {
        this.i--;
        this.fail('expected "," or "}"');
      }
    }
  }

  private array(path: string, depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(indexPath(path, out.length), depth + 1));
      this.ws();
      const sep = this.text[this.i++];
      if (sep === ']') return out;
      if (sep !== ',') {
        this.i--;
        this.fail('expected "," or "]"');
      }
    }
  }
}

/** Parses JSON text, rejecting duplicate keys; errors are MALFORMED_POLICY with the element path. */
export function parseStrictJson(text: string): unknown {
  return new Reader(text).document();
}
