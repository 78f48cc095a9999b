import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBlockYaml } from '../../src/core/format/blockYaml';
import type { Located } from '../../src/core/format/located';
import { parseInferenceYaml, parseWithYamlLibrary } from '../../src/core/format/parse';
import { generateFile } from '../../scripts/benchFile';

const ROOT = join(__dirname, '..', '..');
/** ICR_FUZZ_RUNS=200000 for a longer search; the default keeps the suite quick. */
const FUZZ_RUNS = Number(process.env.ICR_FUZZ_RUNS ?? 3_000);
const LONG_SEARCH = process.env.ICR_FUZZ_RUNS !== undefined;
const LONG_SEARCH_MS = 3_600_000;

/** The tree in a form where key order, ranges and -0 all count. */
function canonical(node: Located | undefined): unknown {
  if (!node) return undefined;
  const at = [node.range.start, node.range.end];
  switch (node.kind) {
    case 'scalar':
      return ['scalar', Object.is(node.value, -0) ? '-0' : node.value, at];
    case 'seq':
      return ['seq', node.items.map(canonical), at];
    case 'map':
      return ['map', [...node.entries.values()].map((e) => [e.key, [e.keyRange.start, e.keyRange.end], canonical(e.value)]), at];
  }
}

/** Whether the block reader took the text, after checking that its answer is the library's. */
function agreesWithLibrary(text: string): boolean {
  const fast = readBlockYaml(text);
  if (!fast) return false;
  const library = parseWithYamlLibrary(text);
  expect(library.fatal, `the library failed where the block reader answered:\n${JSON.stringify(text)}\n${JSON.stringify(library.findings)}`).toBe(false);
  expect(canonical(fast.root), JSON.stringify(text)).toEqual(canonical(library.root));
  expect(fast.findings, JSON.stringify(text)).toEqual(library.findings);
  return true;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

// A small tree of YAML, rendered in the many ways people write it.
type Tree = { kind: 'scalar'; text: string } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] };

/** What people write in inference.yaml: words, ids, numbers, booleans, nulls, simply quoted strings. */
const safeScalars = fc.constantFrom('a', 'flux-dev', 'replicate/a40', 'x y  z', 'a#b', 'http://x.y/z:80', "it's", 'say "hi"', '1', '-5', '+12', '007', '-0', '1.5', '.5', '1.', '1e3', '-.5e-2', '12345678901234567890', '2026-11-01', '1_000', 'yes', 'caf\u00e9 \u2014 ok', 'true', 'False', 'TRUE', 'null', '~', 'Null', 'NULL', '"quoted"', '"esc \\" \\\\ \\n \\t \\/ end"', '"\\u00e9"', "'single ''q'''", "''", '""', '" spaced "');
/** Everything else: other core-schema forms, escapes, indicators, odd characters, random text. */
const scalarText = fc.oneof(
  { weight: 4, arbitrary: safeScalars },
  { weight: 2, arbitrary: fc.constantFrom('tRUE', 'nULL', '0x1F', '0o17', '.inf', '-.Inf', '.nan', '.NaN') },
  { weight: 2, arbitrary: fc.constantFrom('"bad \\x41"', '"a" b', '"a"#c', '"unterminated', "'unterminated") },
  { weight: 2, arbitrary: fc.constantFrom('a: b', 'a:', 'a :b', '- x', '-', '-x', '[1, 2]', '{a: 1}', 'a [b]', '&anchor x', '*alias', '!tag x', '|', '>', '%x', '@x', '`x', '? x', ':x', ',x', 'tab\there', 'ctl\u0001', 'bom\uFEFF', 'nel\u0085x', 'emoji \u{1F600}', 'lone \uD800', '#hash') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const safeKeys = fc.constantFrom('a', 'b', 'name', 'volume', 'model_id', 'x-y', '_k', '__proto__', 'constructor', 'k9');
const keyText = fc.oneof({ weight: 4, arbitrary: safeKeys }, { weight: 1, arbitrary: fc.constantFrom('true', 'Null', '1', '1.5', '-k', 'a b', '"q"', "'q'", 'a.b', 'caf\u00e9', '0x1') });

function trees(scalars: fc.Arbitrary<string>, keys: fc.Arbitrary<string>): fc.Arbitrary<Tree> {
  return fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('scalar' as const), text: scalars }),
      fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.tuple(keys, tie('node')), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    ),
  })).node;
}

interface Style {
  step: number;
  /** Lists under a key at the key's own column ("key:\n- a") instead of indented. */
  flushLists: boolean;
  comments: boolean;
  crlf: boolean;
  finalNewline: boolean;
  /** Odd characters put at random places: tabs, stray indentation, markers. */
  noise: [number, number, string][];
}

function render(root: Tree, style: Style): string {
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  const comment = (i: number) => (style.comments && i % 2 === 0 ? `  # note ${i}` : '');
  const emit = (node: Tree, indent: number, lead: string): void => {
    if (node.kind === 'scalar') {
      lines.push(`${lead} ${node.text}${comment(lines.length)}`);
    } else if (node.kind === 'map') {
      node.entries.forEach(([key, value], i) => {
        const head = i === 0 && lead.endsWith('-') ? `${lead} ${key}:` : `${pad(indent)}${key}:`;
        const column = i === 0 && lead.endsWith('-') ? lead.length + 1 : indent;
        if (value.kind === 'scalar') lines.push(`${head} ${value.text}${comment(lines.length)}`);
        else {
          lines.push(head + comment(lines.length));
          if (style.comments && lines.length % 3 === 0) lines.push(`${pad(lines.length % 5)}# between`);
          emitBlock(value, value.kind === 'seq' && style.flushLists ? column : column + style.step);
        }
      });
    } else {
      node.items.forEach((item) => {
        if (item.kind === 'scalar') lines.push(`${pad(indent)}- ${item.text}`);
        else if (item.kind === 'map') emit(item, indent + 2, `${pad(indent)}-`);
        else {
          lines.push(`${pad(indent)}-`);
          emitBlock(item, indent + style.step);
        }
      });
    }
  };
  const emitBlock = (node: Tree, indent: number): void => {
    if (node.kind === 'scalar') lines[lines.length - 1] += ` ${node.text}`;
    else emit(node, indent, '');
  };
  emitBlock(root, 0);
  if (style.comments) lines.splice(Math.floor(lines.length / 2), 0, '', '   # a comment line', '');
  for (const [line, column, text] of style.noise) {
    const at = line % lines.length;
    const l = lines[at]!;
    const c = column % (l.length + 1);
    lines[at] = l.slice(0, c) + text + l.slice(c);
  }
  return lines.join(style.crlf ? '\r\n' : '\n') + (style.finalNewline ? (style.crlf ? '\r\n' : '\n') : '');
}

const style: fc.Arbitrary<Style> = fc.record({
  step: fc.integer({ min: 1, max: 4 }),
  flushLists: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  noise: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('\t', ' ', '  ', '#', ' #', ':', ': ', '- ', '---', '...', '"', "'", '\r', '\u0000', '\uFEFF', '&a ', '*a')), { maxLength: 2 }),
});

function documentsOf(scalars: fc.Arbitrary<string>, keys: fc.Arbitrary<string>, styles: fc.Arbitrary<Style>): fc.Arbitrary<string> {
  const root = fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.tuple(keys, trees(scalars, keys)), { minLength: 1, maxLength: 4 }) });
  return fc.tuple(root, styles).map(([tree, s]) => render(tree, s));
}

/** Half written as people write inference.yaml, half with everything the reader must refuse mixed in. */
const documents = fc.oneof(documentsOf(safeScalars, safeKeys, style.map((s) => ({ ...s, noise: [] }))), documentsOf(scalarText, keyText, style));

describe('the plain block YAML reader', () => {
  it('gives the library path\'s tree and findings on every file it takes: generated documents', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(documents, (text) => {
        runs++;
        if (agreesWithLibrary(text)) taken++;
      }),
      { numRuns: FUZZ_RUNS, interruptAfterTimeLimit: LONG_SEARCH ? LONG_SEARCH_MS : 15_000 },
    );
    // The generator mixes in much the reader must refuse; it still has to take a good share, or this proves little.
    if (LONG_SEARCH) console.log(`block reader took ${taken} of ${runs} generated files`);
    expect(taken / runs).toBeGreaterThan(0.15);
  }, LONG_SEARCH ? LONG_SEARCH_MS : undefined);

  it('takes the example, the fixtures it can and the benchmark files, agreeing with the library on each', () => {
    const files = [...yamlFilesUnder(join(ROOT, 'examples')), ...yamlFilesUnder(join(ROOT, 'test', 'fixtures'))];
    const taken = files.filter((path) => agreesWithLibrary(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')));
    expect(taken).toContain(join(ROOT, 'examples', 'inference.yaml'));
    for (const n of [1, 100, 1_000]) expect(agreesWithLibrary(generateFile(n, n))).toBe(true);
  });

  it('hands the library what it does not read, and the analysis still gets the library\'s answer', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: [1, 2]\n', 'a: |\n  text\n', 'a: b\n  c\n', '---\na: 1\n', 'a:\tb\n', 'a: 0x1F\n', '"a": 1\n', '- a\n', 'a: 1\nb: 2\n---\nc: 3\n']) {
      expect(readBlockYaml(text), JSON.stringify(text)).toBeUndefined();
      expect(parseInferenceYaml(text)).toEqual(parseWithYamlLibrary(text));
    }
  });

  it('reports a duplicate key once, over the key, and keeps the first value', () => {
    const text = 'a: 1\nb: 2\na: 3\n';
    const parsed = readBlockYaml(text)!;
    expect(parsed.findings).toEqual([expect.objectContaining({ code: 'duplicate-key', range: { start: 10, end: 11 } })]);
    expect(parsed.root.entries.get('a')!.value).toMatchObject({ value: 1 });
  });
});
