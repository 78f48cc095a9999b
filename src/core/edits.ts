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
  const fix = finding.fix;
  if (fix?.kind === 'switch-provider' && fix.newLineAfter !== undefined) {
    const after = fix.newLineAfter;
    return fixValues(finding).map((value) => ({ value, edit: newLineEdit(text, after, `provider: ${value}`) }));
  }
  const original = text.slice(finding.range.start, finding.range.end);
  return fixValues(finding).map((value) => ({
    value,
    edit: { range: finding.range, newText: keepQuoting(original, value) },
  }));
}

/**
 * A new line after the line holding `offset`, at the indent of that line's key (`  - model: x` and `    model: x`
 * both give four spaces), with the file's own line ending: the line and its comment stay as they are.
 */
export function newLineEdit(text: string, offset: number, line: string): ValueEdit {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  const crlf = newline > 0 && text[newline - 1] === '\r';
  const at = crlf ? end - 1 : end;
  const indent = ' '.repeat(/^[ \t-]*/.exec(text.slice(start, end))![0].length);
  return { range: { start: at, end: at }, newText: `${crlf ? '\r\n' : '\n'}${indent}${line}` };
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
