import { allFindings, type Report } from '../report';
import type { Finding } from '../findings/types';
import { LineIndex } from '../text/lineIndex';

/** One analysed file as the renderers see it: the report plus where it came from and how to place findings. */
export interface FileReport {
  /** Path as given or found, relative to the working folder. */
  path: string;
  report: Report;
  lines: LineIndex;
  /**
   * Findings of this file placed in other files: the model uses in the code under its folder that none of its
   * workloads declares (drift, `check` on a folder: src/cli/drift.ts), each at its call.
   */
  elsewhere?: PlacedFinding[];
}

export function fileReport(path: string, report: Report): FileReport {
  return { path, report, lines: new LineIndex(report.text) };
}

export interface PlacedFinding extends Finding {
  path: string;
  /** 1-based, as people and SARIF count. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function placeFinding(file: FileReport, finding: Finding): PlacedFinding {
  const start = file.lines.positionAt(finding.range.start);
  const end = file.lines.positionAt(finding.range.end);
  return {
    ...finding,
    path: file.path,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** The file's findings in file order, then those it has in other files (drift) in theirs. */
export function placedFindings(file: FileReport): PlacedFinding[] {
  const own = allFindings(file.report).map((f) => placeFinding(file, f));
  return file.elsewhere?.length ? [...own, ...file.elsewhere] : own;
}
