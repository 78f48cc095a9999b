import { allFindings, type Report } from '../report';
import type { Finding } from '../findings/types';
import { LineIndex } from '../text/lineIndex';

/** Why a side of a file has no cost: the one error to fix first, at its 1-based line and column. */
export interface Unparsable {
  finding: Finding;
  line: number;
  column: number;
}

/**
 * A file that cannot be priced at all (broken YAML, not a mapping, another version) is one problem, said once: its
 * first error, where the fix goes. The parser reports an unclosed [ or { where it gave up, a line or more later, and
 * every line after it as a cascade; the bracket left open is where the fix goes.
 */
export function unparsable(report: Report): Unparsable | undefined {
  if (!report.fatal) return undefined;
  const first = allFindings(report).find((f) => f.severity === 'error') ?? allFindings(report)[0];
  if (!first) return undefined;
  const open = /end with a ([\]}])/.exec(first.message) ? unclosedBefore(report.text, first.range.start) : undefined;
  const finding: Finding =
    open === undefined
      ? first
      : {
          ...first,
          message: `YAML syntax: the \`${report.text[open]}\` opened here is never closed`,
          range: { start: open, end: open + 1 },
        };
  const at = new LineIndex(report.text).positionAt(finding.range.start);
  return { finding, line: at.line + 1, column: at.character + 1 };
}

/** The last [ or { before an offset that nothing closes, outside quotes and comments. */
function unclosedBefore(text: string, offset: number): number | undefined {
  const open: number[] = [];
  let quote = '';
  let comment = false;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text[i]!;
    if (comment) comment = c !== '\n';
    // A quoted value read to its end of line at most: an unbalanced quote must not hide the rest of the file.
    else if (quote) quote = c === quote || c === '\n' ? '' : quote;
    else if ((c === '"' || c === "'") && /(^|[:\-[{,]\s*|\n\s*)$/.test(text.slice(Math.max(0, i - 8), i))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === '[' || c === '{') open.push(i);
    else if (c === ']' || c === '}') open.pop();
  }
  return open.at(-1);
}
