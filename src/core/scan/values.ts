/**
 * What a language reader hands the SDK rules: a call's callee as a dotted path and its arguments as values, resolved
 * through the constants and defaults around it where that is possible.
 */
export type Value =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'object'; entries: ReadonlyMap<string, Value> }
  | { kind: 'list'; items: readonly Value[] }
  /** Known only at run time; `text` is the expression as written. */
  | { kind: 'dynamic'; text: string };

export interface CallSite {
  /** The callee as written, e.g. ['client', 'images', 'generate'] or ['fal_client', 'subscribe']. */
  callee: string[];
  /** The class the callee's first name was made from, where the file says (client = OpenAI(...) -> OpenAI). */
  receiverClass?: string;
  /** That constructor's keyword arguments (base_url, model), for hosts reached through another SDK. */
  receiverArgs?: ReadonlyMap<string, Value>;
  positional: Value[];
  /** Python keyword arguments; in JavaScript the properties of the first object argument. */
  keywords: ReadonlyMap<string, Value>;
  /** `new Foo(...)` in JavaScript. */
  isNew: boolean;
  line: number;
  column: number;
  /** Where the call ends (1-based line and column just past it). */
  end: { line: number; column: number };
  evidence: string;
}

/** What a file imports: module names as written (openai, @fal-ai/client, google.genai). */
export type Imports = ReadonlySet<string>;

export function stringOf(value: Value | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

export function numberOf(value: Value | undefined): number | undefined {
  if (value?.kind === 'number') return value.value;
  if (value?.kind === 'string' && /^\d+(\.\d+)?$/.test(value.value.trim())) return Number(value.value);
  return undefined;
}

export function entryOf(value: Value | undefined, key: string): Value | undefined {
  return value?.kind === 'object' ? value.entries.get(key) : undefined;
}

/** The first of several keys an object or keyword list has. */
export function firstOf(entries: ReadonlyMap<string, Value> | undefined, keys: readonly string[]): Value | undefined {
  if (!entries) return undefined;
  for (const key of keys) {
    const value = entries.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A name's binding where it says something; else the name as the call writes it (`r.model`, not its `: str`). */
export function known(value: Value, asWritten: Value): Value {
  return value.kind === 'dynamic' ? asWritten : value;
}

/** The expression text of a value, for a model the code only knows at run time. */
export function describe(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'dynamic') return value.text;
  if (value.kind === 'string') return JSON.stringify(value.value);
  return value.kind;
}

/** The evidence line: the call's text, whitespace folded, at most 160 characters. */
export function evidenceOf(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > 160 ? `${folded.slice(0, 157)}...` : folded;
}

/** 1-based line and column of an offset. */
export function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A client's constructor arguments: its keywords, and its first positional one as `#0` (InferenceClient("model")). */
export function receiverArgs(args: { positional: Value[]; keywords: ReadonlyMap<string, Value> }): Map<string, Value> {
  const map = new Map(args.keywords);
  if (args.positional[0]) map.set('#0', args.positional[0]);
  return map;
}
