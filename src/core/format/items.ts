import type { infer as Infer, ZodObject } from 'zod';
import type { Finding } from '../findings/types';
import { FINDING_CODES } from '../findings/types';
import type { SourceRange } from '../text/lineIndex';
import { didYouMean, showValue } from './didYouMean';
import { issueToFinding } from './issues';
import { entryOf, headRange, toPlain, type Located, type LocatedMap } from './located';

/** Reading the items of inference.yaml's lists: each on its own, unknown keys warned about, errors at their field. */

/** Validates one item on its own, so one bad workload never hides the others. */
export function parseItem<S extends ZodObject>(
  item: Located,
  schema: S,
  label: string,
  findings: Finding[],
): Infer<S> | undefined {
  if (item.kind !== 'map') {
    findings.push(
      err(
        FINDING_CODES.invalidValue,
        `${capitalize(label)} must be a mapping of fields, not ${showValue(item.kind === 'scalar' ? item.value : [])}.`,
        item.range,
      ),
    );
    return undefined;
  }
  const parsed = schema.safeParse(knownFields(item, knownKeys(schema), label, findings));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) findings.push(issueToFinding(issue, item, capitalize(label)));
  return undefined;
}

const knownKeyLists = new WeakMap<ZodObject, readonly string[]>();

export function knownKeys(schema: ZodObject): readonly string[] {
  let keys = knownKeyLists.get(schema);
  if (!keys) knownKeyLists.set(schema, (keys = Object.keys(schema.shape)));
  return keys;
}

/** The known fields as a plain object for the schema; unknown keys are warned about and left out, so the rest still validates. */
function knownFields(
  map: LocatedMap,
  known: readonly string[],
  label: string,
  findings: Finding[],
): Record<string, unknown> {
  // A plain object is safe here: only the schema's own field names are ever set on it (values go through toPlain).
  const plain: Record<string, unknown> = {};
  for (const [key, entry] of map.entries) {
    if (known.includes(key)) plain[key] = toPlain(entry.value);
    else findings.push(unknownKeyFinding(key, entry.keyRange, known, label));
  }
  return plain;
}

/** Unknown keys are likely typos: warned about with a suggestion. */
export function warnUnknownKeys(map: LocatedMap, known: readonly string[], label: string, findings: Finding[]): void {
  for (const [key, entry] of map.entries)
    if (!known.includes(key)) findings.push(unknownKeyFinding(key, entry.keyRange, known, label));
}

function unknownKeyFinding(key: string, range: SourceRange, known: readonly string[], label: string): Finding {
  return {
    code: FINDING_CODES.unknownKey,
    severity: 'warning',
    message: `Unknown key ${showValue(key)} in ${label}; it is ignored.${didYouMean(key, known)}`,
    range,
  };
}

export function listItems(node: Located, label: string, findings: Finding[]): Located[] {
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value === null) return [];
  findings.push(err(FINDING_CODES.invalidValue, `${label} must be a list (items start with "- ").`, node.range));
  return [];
}

export function rangeOf(item: Located, key: string): SourceRange {
  return entryOf(item, key)?.value.range ?? headRange(item);
}

export function err(code: Finding['code'], message: string, range: SourceRange): Finding {
  return { code, severity: 'error', message, range };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
