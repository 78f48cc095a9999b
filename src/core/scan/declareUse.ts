import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import type { ValueEdit } from '../edits';

/**
 * Adding a scanned use to an existing inference.yaml as a new workload (the editor's quick fix, issue 33): edits that
 * insert the draft's lines after the last workload, indented as the file indents its list, so every comment, blank
 * line and value already in the file stays where it is. Pure: offsets in, offsets out.
 */

/** The draft writes a workload at these columns: its comment and `- ` at two, its fields at four. */
const DRAFT_DASH = 2;
const DRAFT_FIELD = 4;

/** The names of the file's workloads, whatever else is wrong with them: a new name must not clash with any. */
export function workloadNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const seq = workloadsPair(text)?.value;
  if (!isSeq(seq)) return names;
  for (const item of seq.items) {
    const name = isMap(item) ? item.get('name') : undefined;
    if (typeof name === 'string' || typeof name === 'number') names.add(String(name));
  }
  return names;
}

/** `base`, or `base-2`, `base-3`, ... : the first that no workload has. */
export function uniqueWorkloadName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * The edits that add one workload (the draft's lines, `  - name: ...` at two spaces) to the file's `workloads:` list.
 * Undefined where the file cannot take it without rewriting what is there: YAML that does not parse, a top level
 * that is not a mapping, or a non-empty flow list (`workloads: [{...}]`).
 */
export function declareWorkloadEdits(text: string, draftLines: readonly string[]): ValueEdit[] | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (text.trim() === '') return [{ range: { start: 0, end: text.length }, newText: newFile(draftLines, eol) }];
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  // Only comments: the file starts here, below them.
  if (doc.contents === null)
    return [appendAtEnd(text, eol, `version: 1${eol}workloads:${eol}${block(draftLines, eol)}`)];
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find(isWorkloadsKey);
  if (!pair) return [appendAtEnd(text, eol, `workloads:${eol}${block(draftLines, eol)}`)];
  const value = pair.value as Node | null;
  const keyEnd = (pair.key as Node).range![1];
  // `workloads:` with nothing, `workloads: ~` or `workloads: []`: the value goes, the list starts on the next line.
  const empty =
    value === null || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0);
  if (empty) {
    const edits: ValueEdit[] = [];
    if (value?.range && value.range[1] > value.range[0])
      edits.push({ range: { start: value.range[0], end: value.range[1] }, newText: '' });
    const at = lineEnd(text, keyEnd);
    edits.push({ range: { start: at, end: at }, newText: `${eol}${draftLines.join(eol)}` });
    return edits;
  }
  if (!isSeq(value) || value.flow) return undefined;
  return [appendToList(text, value.items as Node[], draftLines, eol)];
}

function workloadsPair(text: string): Pair | undefined {
  const doc = parseDocument(text);
  return isMap(doc.contents) ? doc.contents.items.find(isWorkloadsKey) : undefined;
}

function isWorkloadsKey(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.value === 'workloads';
}

/** After the last line of the last workload (its deeper comments included), indented as the list is. */
function appendToList(text: string, items: readonly Node[], draftLines: readonly string[], eol: string): ValueEdit {
  const first = items[0]!;
  const last = items.at(-1)!;
  const dash = dashColumn(text, first.range![0]);
  const field = isMap(first) ? column(text, first.range![0]) : dash + 2;
  // The last line below the last item's start indented deeper than its dash: the item's own text and comments.
  let at = lineEnd(text, last.range![0]);
  for (let start = at + eol.length; start < text.length;) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      if (indentOf(line) <= dash) break;
      at = end;
    }
    start = end + eol.length;
  }
  const spaced = items.length === 1 || blankLineBefore(text, items[1]!.range![0], eol);
  const lines = reindent(draftLines, dash, field);
  return { range: { start: at, end: at }, newText: `${spaced ? eol : ''}${eol}${lines.join(eol)}` };
}

/** A new file's text: the list at the draft's own indentation. */
function newFile(draftLines: readonly string[], eol: string): string {
  return `version: 1${eol}workloads:${eol}${block(draftLines, eol)}`;
}

function block(draftLines: readonly string[], eol: string): string {
  return `${draftLines.join(eol)}${eol}`;
}

function appendAtEnd(text: string, eol: string, added: string): ValueEdit {
  const separator = text.endsWith('\n') ? '' : eol;
  return { range: { start: text.length, end: text.length }, newText: `${separator}${added}` };
}

/** The draft's lines moved to the file's columns: the dash and comment to `dash`, the fields to `field`. */
function reindent(draftLines: readonly string[], dash: number, field: number): string[] {
  return draftLines.map((line) => {
    if (line.startsWith(' '.repeat(DRAFT_FIELD))) return ' '.repeat(field) + line.slice(DRAFT_FIELD);
    if (line.startsWith(`${' '.repeat(DRAFT_DASH)}- `))
      return `${' '.repeat(dash)}-${' '.repeat(Math.max(1, field - dash - 1))}${line.slice(DRAFT_DASH + 2)}`;
    if (line.startsWith(' '.repeat(DRAFT_DASH))) return ' '.repeat(dash) + line.slice(DRAFT_DASH);
    return line;
  });
}

/** The column of the `-` before an item: the item's node starts after it (`- name:` starts at `name`). */
function dashColumn(text: string, itemStart: number): number {
  const dash = text.lastIndexOf('-', itemStart);
  return column(text, dash === -1 ? itemStart : dash);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset of the end of the offset's line, before its line break. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Whether a blank line comes before the line of `offset` (the file separates its workloads so). */
function blankLineBefore(text: string, offset: number, eol: string): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(0, Math.max(0, lineStart - eol.length));
  const previous = before.slice(before.lastIndexOf('\n') + 1);
  return previous.trim() === '';
}
