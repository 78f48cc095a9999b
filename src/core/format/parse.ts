import * as yamlLibrary from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { FINDING_CODES, type Finding } from '../findings/types';
import type { SourceRange } from '../text/lineIndex';
import { LIMITS } from './schema';
import type { Located, LocatedMap } from './located';
import { tooLargeFinding, utf8Length } from './decode';

export interface ParsedFile {
  text: string;
  root: Located | undefined;
  findings: Finding[];
  /** The file cannot be analysed at all (too large, broken syntax): callers report and stop. */
  fatal: boolean;
}

/** yaml errors that leave a trustworthy tree: the rest of the file is still analysed. */
const RECOVERABLE_YAML_ERRORS = new Set(['DUPLICATE_KEY', 'MULTIPLE_DOCS']);
/** Reported on their own: a duplicate key by the walker over the whole key, a second document as such. */
const REPORTED_ON_THEIR_OWN = new Set(['DUPLICATE_KEY', 'MULTIPLE_DOCS']);

export function duplicateKeyFinding(key: string, range: SourceRange): Finding {
  return {
    code: FINDING_CODES.duplicateKey,
    severity: 'error',
    message: `Duplicate key ${JSON.stringify(key)}: only its first value is used.`,
    range,
  };
}

export function parseInferenceYaml(input: string): ParsedFile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // An editor's text has no bytes of its own: count them as the file on disk would have them.
  const tooLarge = tooLargeFinding(text.length > LIMITS.maxFileBytes / 4 ? utf8Length(text) : text.length);
  if (tooLarge) return { text, root: undefined, findings: [tooLarge], fatal: true };
  return parseWithYamlLibrary(text);
}

/** Any YAML 1.2, through the `yaml` library, into a tree that keeps every value's place. */
function parseWithYamlLibrary(text: string): ParsedFile {
  const findings: Finding[] = [];
  const fail = (finding: Finding): ParsedFile => ({
    text,
    root: undefined,
    findings: [...findings, finding],
    fatal: true,
  });
  // The library recurses on flow nesting: refuse absurd depth before it does.
  const deepAt = flowNestingBeyond(text, LIMITS.maxNesting);
  if (deepAt !== undefined) {
    return fail(
      error(
        FINDING_CODES.tooDeep,
        `Nesting deeper than ${LIMITS.maxNesting} levels; inference.yaml never needs that many.`,
        { start: deepAt, end: deepAt + 1 },
      ),
    );
  }
  let first: Document.Parsed;
  try {
    // The first document only: the library marks where a second one starts (MULTIPLE_DOCS), and stops there.
    first = yamlLibrary.parseDocument(text, {
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      version: '1.2',
    });
  } catch (e) {
    // The yaml parser recurses on block nesting; a stack overflow is bad input, not a crash.
    return fail(
      error(
        FINDING_CODES.tooDeep,
        `The file could not be parsed (${e instanceof RangeError ? 'nesting too deep' : String(e)}).`,
        { start: 0, end: 0 },
      ),
    );
  }
  if (first.contents === null) {
    return fail(
      error(FINDING_CODES.emptyFile, 'The file is empty: it needs `version: 1` and a `workloads:` list.', {
        start: 0,
        end: Math.min(text.length, 1),
      }),
    );
  }
  for (const extra of first.errors.filter((e) => e.code === 'MULTIPLE_DOCS')) {
    const start = extra.pos[0];
    findings.push(
      error(
        FINDING_CODES.multipleDocuments,
        'Only one YAML document is read per file; this one and any after it are ignored.',
        { start, end: Math.min(text.length, start + 3) },
      ),
    );
  }

  const fatal = first.errors.some((problem) => !RECOVERABLE_YAML_ERRORS.has(problem.code));
  const seen = new Set<string>();
  for (const problem of first.errors
    .filter((e) => !REPORTED_ON_THEIR_OWN.has(e.code))
    .slice(0, MAX_REPORTED_SYNTAX_ERRORS)) {
    const finding = yamlErrorFinding(problem.code, problem.message, clampTo(text, problem.pos));
    const key = `${finding.code}:${finding.range.start}`;
    if (!seen.has(key)) findings.push(finding);
    seen.add(key);
  }
  for (const warning of first.warnings) {
    const [start, end] = clampTo(text, warning.pos);
    findings.push({
      code: FINDING_CODES.yamlSyntax,
      severity: 'warning',
      message: `YAML: ${firstLine(warning.message)}`,
      range: { start, end },
    });
  }
  if (fatal) return { text, root: undefined, findings, fatal: true };

  const walker = new LocatingWalker(first, findings);
  const root = walker.walk(first.contents, 0);
  return { text, root, findings, fatal: false };
}

class LocatingWalker {
  private expanded = 0;
  private readonly inProgress = new Set<YamlNode>();
  private budgetReported = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly findings: Finding[],
  ) {}

  walk(node: YamlNode, depth: number, aliasRange?: SourceRange): Located {
    const range = aliasRange ?? rangeOf(node);
    // Only alias expansions are counted: the file's own nodes are bounded by its size cap.
    if (aliasRange && ++this.expanded > LIMITS.maxAliasNodes) {
      if (!this.budgetReported) {
        this.budgetReported = true;
        this.findings.push(
          error(
            FINDING_CODES.aliasBomb,
            `Aliases here expand to more than ${LIMITS.maxAliasNodes.toLocaleString('en-US')} values (an alias bomb?); the expansion is cut here.`,
            range,
          ),
        );
      }
      return { kind: 'scalar', value: null, range };
    }
    if (depth > LIMITS.maxNesting) {
      this.findings.push(
        error(FINDING_CODES.tooDeep, `Nesting deeper than ${LIMITS.maxNesting} levels is not read.`, range),
      );
      return { kind: 'scalar', value: null, range };
    }
    if (yamlLibrary.isAlias(node)) return this.walkAlias(node, depth);
    if (yamlLibrary.isScalar(node)) return { kind: 'scalar', value: node.value, range };
    if (yamlLibrary.isSeq(node)) {
      return this.guarded(node, () => ({
        kind: 'seq',
        items: node.items.map((item) => this.walk(item as YamlNode, depth + 1, aliasRange)),
        range,
      }));
    }
    if (yamlLibrary.isMap(node)) return this.guarded(node, () => this.walkMap(node.items, range, depth, aliasRange));
    return { kind: 'scalar', value: null, range };
  }

  private walkAlias(
    node: YamlNode & { source: string; resolve(doc: Document): YamlNode | undefined },
    depth: number,
  ): Located {
    const range = rangeOf(node);
    const target = node.resolve(this.doc);
    if (!target) return { kind: 'scalar', value: null, range };
    if (this.inProgress.has(target)) {
      this.findings.push(
        error(FINDING_CODES.aliasCycle, `Alias *${node.source} refers to a value that contains it.`, range),
      );
      return { kind: 'scalar', value: null, range };
    }
    // Values reached through an alias are placed at the alias, where the user wrote them.
    return this.walk(target, depth, range);
  }

  private guarded<T>(node: YamlNode, build: () => T): T {
    this.inProgress.add(node);
    try {
      return build();
    } finally {
      this.inProgress.delete(node);
    }
  }

  private walkMap(items: unknown[], range: SourceRange, depth: number, aliasRange?: SourceRange): LocatedMap {
    const entries = new Map<string, { key: string; keyRange: SourceRange; value: Located }>();
    for (const pair of items) {
      if (!yamlLibrary.isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyRange = aliasRange ?? (keyNode ? rangeOf(keyNode) : range);
      if (
        !yamlLibrary.isScalar(keyNode) ||
        (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number' && typeof keyNode.value !== 'boolean')
      ) {
        this.findings.push(
          error(FINDING_CODES.invalidValue, 'Keys must be plain words, not lists, maps or empty.', keyRange),
        );
        continue;
      }
      const key = String(keyNode.value);
      if (entries.has(key)) {
        if (!aliasRange) this.findings.push(duplicateKeyFinding(key, keyRange));
        continue;
      }
      const valueNode = pair.value as YamlNode | null;
      const value: Located = valueNode
        ? this.walk(valueNode, depth + 1, aliasRange)
        : { kind: 'scalar', value: null, range: { start: keyRange.end, end: keyRange.end } };
      entries.set(key, { key, keyRange, value });
    }
    return { kind: 'map', entries, range };
  }
}

/** A broken file can yield thousands of cascading errors; the first few say what to fix. */
const MAX_REPORTED_SYNTAX_ERRORS = 20;

/**
 * The parser may point one past the end of the text (an unclosed quote): findings stay inside it, and cover
 * at least one character where there is one, so an editor has something to underline.
 */
function clampTo(text: string, pos: [number, number]): [number, number] {
  const start = Math.min(Math.max(0, pos[0]), text.length);
  return [start, Math.min(Math.max(start + 1, pos[1]), text.length)];
}

function yamlErrorFinding(code: string, message: string, pos: [number, number]): Finding {
  const range = { start: pos[0], end: pos[1] };
  if (code === 'RESOURCE_EXHAUSTION')
    return error(
      FINDING_CODES.tooDeep,
      'Nesting too deep to read; inference.yaml never needs more than a few levels.',
      range,
    );
  return error(FINDING_CODES.yamlSyntax, `YAML syntax: ${firstLine(message)}`, range);
}

function rangeOf(node: YamlNode): SourceRange {
  const r = node.range;
  return r ? { start: r[0], end: Math.max(endOf(node), r[0]) } : { start: 0, end: 0 };
}

/**
 * Where a node's own text ends. The library ends a block collection after the comments and blank lines that
 * follow it; here it ends with its last value, so a highlight covers what the user wrote and not the next comment.
 */
function endOf(node: YamlNode): number {
  let last: unknown = node;
  for (;;) {
    if (!(yamlLibrary.isMap(last) || yamlLibrary.isSeq(last)) || last.flow || last.items.length === 0) break;
    const item: unknown = last.items[last.items.length - 1];
    if (!yamlLibrary.isPair(item)) {
      last = item;
      continue;
    }
    if (!item.value && !item.key) break;
    last = item.value ?? item.key;
  }
  return (last as YamlNode | null)?.range?.[1] ?? node.range?.[1] ?? 0;
}

function error(code: Finding['code'], message: string, range: SourceRange): Finding {
  return { code, severity: 'error', message, range };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The offset where [ and { nesting first passes the limit, ignoring quoted text and comments. */
function flowNestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
    } else if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}
