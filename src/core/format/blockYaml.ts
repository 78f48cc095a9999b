import { FINDING_CODES, type Finding } from '../findings/types';
import type { SourceRange } from '../text/lineIndex';
import type { Located, LocatedMap, LocatedScalar, LocatedSeq } from './located';

/**
 * A reader for the plain block YAML that nearly every inference.yaml is written in: block maps and lists, plain,
 * single- and double-quoted one-line scalars, comments. It builds the located tree straight from the text, about
 * twenty times faster than the `yaml` library (whose full parse was half the time of analysing a large file).
 *
 * It gives up, returning undefined, on anything else (anchors, flow collections, tags, block and multi-line
 * scalars, documents markers, tabs, odd indentation, unusual characters or numbers): the `yaml` library then
 * reads the file, as it reads every file this reader cannot. Where it answers, its tree and findings are the
 * library path's, range for range; test/unit/blockYaml.test.ts checks that on generated files.
 */
export function readBlockYaml(text: string): { text: string; root: LocatedMap; findings: Finding[]; fatal: false } | undefined {
  try {
    const reader = new BlockReader(text);
    const root = reader.document();
    return root && { text, root, findings: reader.findings, fatal: false };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/** Thrown inside the reader to hand the file to the library; never escapes readBlockYaml. */
const GIVE_UP = new Error('not plain block YAML');

/** Deeper files are rare and the library reports their depth; the limit keeps recursion shallow here. */
const MAX_DEPTH = 24;

const SPACE = 0x20;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

/** Characters a plain value may not start with here: YAML indicators, quotes handled apart. */
const PLAIN_START_INDICATORS = new Set('[]{}#&*!|>%@`,?:'.split('').map((c) => c.charCodeAt(0)));
/** Flow indicators are legal inside block plain scalars, but the library is the safer judge of them. */
const FLOW_INDICATORS = new Set('[]{}'.split('').map((c) => c.charCodeAt(0)));

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
/** First letters of the null and boolean words. */
const KEYWORD_INITIALS = new Set(['n', 'N', 't', 'T', 'f', 'F']);
const BOOLS = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
/** The YAML 1.2 core schema's decimal int and float forms (hex, octal, .inf and .nan are left to the library). */
const DECIMAL_INT = /^[-+]?[0-9]+$/;
const DECIMAL_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const OTHER_CORE_FORMS = /^(?:0o|0x|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$)/;
/** Keys are identifiers starting with a letter or "_"; anything else (quoted, numeric, keywords) goes to the library. */
function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === DASH;
}

class BlockReader {
  readonly findings: Finding[] = [];
  /** The current content line: where it starts, its indentation, its first and one-past-last characters. */
  private lineStart = 0;
  private indent = 0;
  private content = 0;
  private lineEnd = 0;
  private eof = false;

  constructor(private readonly text: string) {
    this.seekContent(0);
  }

  document(): LocatedMap | undefined {
    if (this.eof) return undefined; // empty or only comments: the library says what is wrong
    if (this.indent !== 0 || this.isSeqItem()) throw GIVE_UP;
    const root = this.map(0, 0);
    if (!this.eof) throw GIVE_UP;
    return root;
  }

  /** Moves to the first line at or after `from` with content, skipping blank and comment-only lines. */
  private seekContent(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      // "\r\n" ends a line; a "\r" anywhere else is content, which the reader then refuses.
      const lineEnd = newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : end;
      let i = start;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i < lineEnd && c !== HASH) {
        this.lineStart = start;
        this.indent = i - start;
        this.content = i;
        this.lineEnd = lineEnd;
        if (this.indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i) || c === 0x25 /* % */)) throw GIVE_UP;
        return;
      }
      start = end + 1;
    }
    this.eof = true;
  }

  private nextLine(): void {
    this.seekContent(this.text.indexOf('\n', this.lineEnd) + 1 || this.text.length);
  }

  private isSeqItem(): boolean {
    if (this.text.charCodeAt(this.content) !== DASH) return false;
    const after = this.content + 1;
    return after >= this.lineEnd || this.text.charCodeAt(after) === SPACE;
  }

  /** A block map whose keys sit at column `column`; the current line is its first key. */
  private map(column: number, depth: number): LocatedMap {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const entries: LocatedMap['entries'] = new Map();
    const start = this.content;
    let end = start;
    while (!this.eof && this.indent === column && !this.isSeqItem()) {
      const keyRange = this.key();
      const key = this.text.slice(keyRange.start, keyRange.end);
      const duplicate = entries.has(key);
      if (duplicate) this.findings.push(duplicateKeyFinding(key, keyRange));
      const reported = this.findings.length;
      const value = this.valueAfterKey(keyRange.end + 1, column, depth);
      end = value.range.end;
      // A duplicate's value is ignored, and so are the problems inside it.
      if (duplicate) this.findings.length = reported;
      else entries.set(key, { key, keyRange, value });
    }
    this.expectDedent(column);
    return { kind: 'map', entries, range: { start, end } };
  }

  /** A block list whose dashes sit at column `column`; the current line is its first item. */
  private seq(column: number, depth: number): LocatedSeq {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const items: Located[] = [];
    const start = this.content;
    while (!this.eof && this.indent === column && this.isSeqItem()) {
      const at = this.skipSpaces(this.content + 1);
      let item: Located;
      if (this.atLineEnd(at)) item = this.nestedOrNull(at, column, depth, false);
      else if (this.isSeqItemAt(at)) throw GIVE_UP; // "- - x": a compact nested list
      else if (this.keyEnd(at) !== undefined) {
        // "- key: value": a map whose keys line up under the first one.
        this.indent = at - this.lineStart;
        this.content = at;
        item = this.map(this.indent, depth + 1);
      } else {
        item = this.inlineScalar(at);
        this.nextLine();
        if (!this.eof && this.indent > column) throw GIVE_UP; // a multi-line scalar
      }
      items.push(item);
    }
    this.expectDedent(column);
    const end = items.length ? items[items.length - 1]!.range.end : start;
    return { kind: 'seq', items, range: { start, end } };
  }

  /** After the collection's items: the next line must belong to an enclosing collection, never sit in between. */
  private expectDedent(column: number): void {
    if (!this.eof && this.indent > column) throw GIVE_UP;
  }

  private valueAfterKey(afterColon: number, column: number, depth: number): Located {
    const at = this.skipSpaces(afterColon);
    if (this.atLineEnd(at)) return this.nestedOrNull(at, column, depth, true);
    const value = this.inlineScalar(at);
    this.nextLine();
    if (!this.eof && this.indent > column) throw GIVE_UP; // a multi-line scalar, or a map where a value was
    return value;
  }

  /**
   * Nothing after "key:" or "-" on its line: the value is the block below it, or null. A list may sit at its key's
   * own column; the null is placed where the library places it, just past the spaces after the indicator.
   */
  private nestedOrNull(at: number, column: number, depth: number, underKey: boolean): Located {
    this.nextLine();
    if (!this.eof && this.indent > column) return this.isSeqItem() ? this.seq(this.indent, depth + 1) : this.map(this.indent, depth + 1);
    if (underKey && !this.eof && this.indent === column && this.isSeqItem()) return this.seq(column, depth + 1);
    return { kind: 'scalar', value: null, range: { start: at, end: at } };
  }

  private key(): SourceRange {
    const start = this.content;
    const end = this.keyEnd(start);
    if (end === undefined || !isKeyStart(this.text.charCodeAt(start))) throw GIVE_UP;
    const key = this.text.slice(start, end);
    if (NULLS.has(key) || BOOLS.has(key)) throw GIVE_UP;
    return { start, end };
  }

  /** Where a key starting here ends, if "key:" and a space or the line's end follow. */
  private keyEnd(at: number): number | undefined {
    let i = at;
    while (i < this.lineEnd && isKeyChar(this.text.charCodeAt(i))) i++;
    return i > at && this.text.charCodeAt(i) === COLON && this.isSeparator(i + 1) ? i : undefined;
  }

  private isSeqItemAt(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 >= this.lineEnd || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** Whether a ":" before this position ends a key: a space or the end of the line follows it. */
  private isSeparator(i: number): boolean {
    return i >= this.lineEnd || this.text.charCodeAt(i) === SPACE;
  }

  private skipSpaces(from: number): number {
    let i = from;
    while (i < this.lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  private atLineEnd(at: number): boolean {
    return at >= this.lineEnd || this.text.charCodeAt(at) === HASH;
  }

  /** A scalar on one line, then nothing but spaces and a comment. */
  private inlineScalar(at: number): LocatedScalar {
    const c = this.text.charCodeAt(at);
    if (c === DQUOTE) return this.afterQuoted(at, doubleQuoted(this.text, at, this.lineEnd));
    if (c === SQUOTE) return this.afterQuoted(at, singleQuoted(this.text, at, this.lineEnd));
    if (PLAIN_START_INDICATORS.has(c) || (c === DASH && this.isSeparator(at + 1))) throw GIVE_UP;
    return this.plain(at);
  }

  private afterQuoted(start: number, quoted: { value: string; end: number } | undefined): LocatedScalar {
    if (!quoted) throw GIVE_UP;
    const rest = this.skipSpaces(quoted.end);
    if (rest < this.lineEnd && (this.text.charCodeAt(rest) !== HASH || rest === quoted.end)) throw GIVE_UP;
    return { kind: 'scalar', value: quoted.value, range: { start, end: quoted.end } };
  }

  private plain(start: number): LocatedScalar {
    const text = this.text;
    let end = start;
    let i = start;
    for (; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) break; // " #" starts a comment
        continue;
      }
      if (c === COLON && this.isSeparator(i + 1)) throw GIVE_UP; // a mapping inside a value
      if (!isPlainChar(c) || FLOW_INDICATORS.has(c)) throw GIVE_UP;
      end = i + 1;
    }
    return { kind: 'scalar', value: resolvePlain(text.slice(start, end)), range: { start, end } };
  }
}

/** Printable characters YAML reads the same everywhere; tabs, controls, BOMs and surrogates go to the library. */
function isPlainChar(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0xd800) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/** The value of a plain scalar under the YAML 1.2 core schema, for the forms this reader accepts. */
function resolvePlain(source: string): unknown {
  // Most values are words: one starting with a letter that begins no keyword is a string, no pattern needed.
  if (isKeyStart(source.charCodeAt(0)) && !KEYWORD_INITIALS.has(source[0]!)) return source;
  if (NULLS.has(source)) return null;
  const bool = BOOLS.get(source);
  if (bool !== undefined) return bool;
  if (DECIMAL_INT.test(source)) return parseInt(source, 10);
  if (DECIMAL_FLOAT.test(source)) return parseFloat(source);
  if (OTHER_CORE_FORMS.test(source)) throw GIVE_UP;
  return source;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };

/** A one-line double-quoted scalar with the common escapes; undefined for anything the library should judge. */
function doubleQuoted(text: string, start: number, lineEnd: number): { value: string; end: number } | undefined {
  let value = '';
  let from = start + 1;
  for (let i = from; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === DQUOTE) return { value: value + text.slice(from, i), end: i + 1 };
    if (!isPlainChar(c) && c !== SPACE) return undefined;
    if (c !== BACKSLASH) continue;
    const escaped = text[i + 1];
    const simple = escaped === undefined ? undefined : SIMPLE_ESCAPES[escaped];
    if (simple === undefined) return undefined;
    value += text.slice(from, i) + simple;
    i++;
    from = i + 1;
  }
  return undefined;
}

/** A one-line single-quoted scalar, where '' stands for a quote. */
function singleQuoted(text: string, start: number, lineEnd: number): { value: string; end: number } | undefined {
  let value = '';
  let from = start + 1;
  for (let i = from; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (!isPlainChar(c) && c !== SPACE) return undefined;
    if (c !== SQUOTE) continue;
    value += text.slice(from, i);
    if (text.charCodeAt(i + 1) !== SQUOTE) return { value, end: i + 1 };
    value += "'";
    i++;
    from = i + 1;
  }
  return undefined;
}

/** The walker of the library's tree reports duplicates with the same words. */
export function duplicateKeyFinding(key: string, range: SourceRange): Finding {
  return { code: FINDING_CODES.duplicateKey, severity: 'error', message: `Duplicate key ${JSON.stringify(key)}: only its first value is used.`, range };
}
