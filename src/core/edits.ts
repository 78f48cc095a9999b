import type { Finding } from './findings/types';
import type { SourceRange } from './text/lineIndex';

export interface ValueEdit {
  range: SourceRange;
  newText: string;
}

/** A quoted value stays quoted the same way. */
export function keepQuoting(original: string, value: string): string {
  const quote = original[0];
  return (quote === '"' || quote === "'") && original.length > 1 && original.endsWith(quote)
    ? `${quote}${value}${quote}`
    : value;
}

/**
 * The edits a finding's fix offers, best first: each replaces exactly the value at the finding's range,
 * so comments, blank lines and formatting around it stay as they are.
 */
export function fixEdits(text: string, finding: Finding): { value: string; edit: ValueEdit }[] {
  const original = text.slice(finding.range.start, finding.range.end);
  return fixValues(finding).map((value) => ({
    value,
    edit: { range: finding.range, newText: keepQuoting(original, value) },
  }));
}

function fixValues(finding: Finding): string[] {
  switch (finding.fix?.kind) {
    case 'switch-provider':
      return finding.fix.alternatives.map((a) => a.offer);
    case 'set-batch-size':
      return [String(finding.fix.batchSize)];
    case undefined:
      return [];
  }
}

export function applyValueEdit(text: string, edit: ValueEdit): string {
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}
