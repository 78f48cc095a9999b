import { applyValueEdit, type ValueEdit } from '../edits';
import { nodeAt, type LocatedMap } from '../format/located';
import { parseInferenceYaml } from '../format/parse';
import type { FieldChange } from './derive';

/**
 * The edits that set fields of one workload: a value there is replaced where it stands, a missing key is added after
 * the item's last line at its keys' indent. Nothing else of the text moves, comments and blank lines included.
 */
export function workloadFieldEdits(text: string, workloadIndex: number, changes: readonly FieldChange[]): ValueEdit[] {
  const parsed = parseInferenceYaml(text);
  if (!parsed.root) return [];
  const { node, complete } = nodeAt(parsed.root, ['workloads', workloadIndex]);
  if (!complete || node.kind !== 'map') return [];
  const edits: ValueEdit[] = [];
  const added: FieldChange[] = [];
  for (const change of changes) {
    const entry = node.entries.get(change.key);
    if (!entry) {
      added.push(change);
      continue;
    }
    const value = entry.value;
    const written = text.slice(value.range.start, value.range.end);
    // A block map or list under the key gives way to the flow value written on the key's line.
    const inline = value.kind === 'scalar' || /^[[{]/.test(written);
    edits.push(
      inline
        ? { range: value.range, newText: change.yaml }
        : {
            range: { start: entry.keyRange.end, end: value.range.end },
            newText: `: ${change.yaml}${keyComment(text, entry.keyRange.end, value.range.start)}`,
          },
    );
  }
  if (added.length) edits.push(additions(text, node, added));
  return edits.sort((a, b) => b.range.start - a.range.start);
}

/** A comment on the key's own line ("traffic:   # from the log"), kept when its block value becomes a flow one. */
function keyComment(text: string, keyEnd: number, valueStart: number): string {
  const comment = /#[^\r\n]*/.exec(text.slice(keyEnd, valueStart))?.[0];
  return comment ? `   ${comment}` : '';
}

function additions(text: string, item: LocatedMap, added: readonly FieldChange[]): ValueEdit {
  if (text[item.range.start] === '{') {
    const close = text.lastIndexOf('}', item.range.end);
    return { range: { start: close, end: close }, newText: added.map((c) => `, ${c.key}: ${c.yaml}`).join('') };
  }
  const firstKey = item.entries.values().next().value!.keyRange.start;
  const indent = ' '.repeat(firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1));
  const lineEnd = text.indexOf('\n', item.range.end);
  const at = lineEnd === -1 ? text.length : lineEnd;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const insertAt = at > 0 && text[at - 1] === '\r' ? at - 1 : at;
  return {
    range: { start: insertAt, end: insertAt },
    newText: added.map((c) => `${eol}${indent}${c.key}: ${c.yaml}`).join(''),
  };
}

/** The text with every edit applied, last first so the earlier ranges still hold. */
export function applyEdits(text: string, edits: readonly ValueEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce(applyValueEdit, text);
}
