import { LineIndex } from '../text/lineIndex';
import type { FileDiff, FindingChange } from './diff';

/** A finding that appeared or went away, with its file and 1-based place in the side it is of. */
export interface PlacedChange extends FindingChange {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The findings a change brought, placed in the working tree. */
export function placedAppeared(file: FileDiff): PlacedChange[] {
  return place(file, file.appeared, file.after?.text);
}

/** The findings a change took away, placed where they were at the base. */
export function placedResolved(file: FileDiff): PlacedChange[] {
  return place(file, file.resolved, file.before?.text);
}

/** One line index per side of a file, not one per finding. */
function place(file: FileDiff, changes: readonly FindingChange[], text: string | undefined): PlacedChange[] {
  const lines = text !== undefined && changes.length ? new LineIndex(text) : undefined;
  return changes.map((c) => {
    const s = lines?.positionAt(c.finding.range.start) ?? { line: 0, character: 0 };
    const e = lines?.positionAt(c.finding.range.end) ?? s;
    return {
      ...c,
      path: file.path,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
    };
  });
}

/** The 1-based line of an offset in a text: "file:line" for a reason that is no finding. */
export function lineOf(text: string, offset: number): number {
  return new LineIndex(text).positionAt(offset).line + 1;
}
