import { parseInferenceYaml } from '../format/parse';
import { entryOf } from '../format/located';
import type { Finding } from '../findings/types';
import type { Report } from '../report';
import type { SourceRange } from '../text/lineIndex';

/** One item of a file's `workloads:` list as written, priced or not. */
export interface WrittenItem {
  index: number;
  /** Its `name:` where that is a string; an item without one is known by its place. */
  name?: string;
  range: SourceRange;
}

/**
 * The items of the `workloads:` list as the text has them, before validation: an item that fails validation (a
 * typo in `provider:`, a negative volume) is no workload of the report, but it is still there, so it is "not priced",
 * never "removed".
 */
export function writtenItems(report: Report): WrittenItem[] | { notAList: SourceRange } {
  if (report.fatal) return [];
  const root = parseInferenceYaml(report.text).root;
  const list = entryOf(root, 'workloads')?.value;
  // `workloads: {}` or a scalar: the file has no list to read workloads from (an empty or missing one is no list).
  if (list && list.kind !== 'seq' && !(list.kind === 'scalar' && list.value === null)) return { notAList: list.range };
  if (list?.kind !== 'seq') return [];
  return list.items.map((item, index) => {
    const name = entryOf(item, 'name')?.value;
    return {
      index,
      ...(name?.kind === 'scalar' && typeof name.value === 'string' ? { name: name.value } : {}),
      range: item.range,
    };
  });
}

/** The label of an item that could not be priced: its name, else its place in the list. */
export function itemLabel(item: WrittenItem): string {
  return item.name ?? `workload ${item.index + 1}`;
}

/** The first error inside an item: why it could not become a workload. */
export function firstErrorIn(findings: readonly Finding[], range: SourceRange): Finding | undefined {
  return findings.find((f) => f.severity === 'error' && f.range.start >= range.start && f.range.start < range.end);
}
