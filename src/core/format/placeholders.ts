import { PLACEHOLDER_COMMENT } from '../scan/placeholder';
import { entryOf, type Located } from './located';

/** The figures `inference-cost scan` writes as placeholders when the code cannot tell them. */
export const PLACEHOLDER_FIELDS = ['volume', 'requests', 'input_tokens', 'output_tokens'] as const;
export type PlaceholderField = (typeof PLACEHOLDER_FIELDS)[number];

/**
 * The fields of a workload whose value is followed, on its line, by a comment with the scanner's placeholder marker
 * (`volume: 1000  # placeholder: set it, or import a request log`): priced as written, and named as not known.
 */
export function placeholderFields(item: Located, text: string): PlaceholderField[] {
  const found: PlaceholderField[] = [];
  for (const field of PLACEHOLDER_FIELDS) {
    const value = entryOf(item, field)?.value;
    if (value?.kind !== 'scalar') continue;
    const lineEnd = text.indexOf('\n', value.range.end);
    const rest = text.slice(value.range.end, lineEnd === -1 ? text.length : lineEnd);
    const hash = rest.indexOf('#');
    if (hash !== -1 && rest.slice(hash).includes(PLACEHOLDER_COMMENT)) found.push(field);
  }
  return found;
}
