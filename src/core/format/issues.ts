import type { core } from 'zod';
import { FINDING_CODES, type Finding, type Severity } from '../findings/types';
import { closest, showValue } from './didYouMean';
import { headRange, nodeAt, type Located } from './located';

/** Turns a schema issue into a finding at the exact value it is about, with a sentence a person can act on. */
export function issueToFinding(
  issue: core.$ZodIssue,
  item: Located,
  label: string,
  severity: Severity = 'error',
): Finding {
  const path = issue.path;
  const located = nodeAt(item, path);
  const field = path.filter((p) => typeof p === 'string').join('.') || label;
  const where = path.length ? `\`${path.join('.')}\`` : label;
  const raw =
    located.complete && located.node.kind === 'scalar'
      ? located.node.value
      : located.complete
        ? located.node
        : undefined;
  if (issue.code === 'invalid_type' && !located.complete) {
    return {
      code: FINDING_CODES.missingField,
      severity,
      message: `${label} is missing \`${field}\`.`,
      range: headRange(item),
    };
  }
  return {
    code: FINDING_CODES.invalidValue,
    severity,
    message: `${where}: ${explain(issue, raw)}`,
    range: located.node.range,
  };
}

function explain(issue: core.$ZodIssue, raw: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const got = showValue(raw);
      if (issue.expected === 'number' && typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) {
        return `expected a number, got the string ${got}: write it without quotes.`;
      }
      if (issue.expected === 'number' && typeof raw === 'number')
        return `expected a finite number, got ${showValue(raw)}${Number.isNaN(raw) ? ' (not a number)' : ''}.`;
      return `expected ${article(issue.expected)}, got ${got}.`;
    }
    case 'too_small':
      return `${showValue(raw)} is too small: it must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : ''}.`;
    case 'too_big':
      return `${showValue(raw)} is too large: it must be ${issue.inclusive === false ? 'less than' : 'at most'} ${formatLimit(issue.maximum)}${issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' items' : ''}.`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = typeof raw === 'string' ? closest(raw, options) : undefined;
      return `${showValue(raw)} is not one of ${options.join(', ')}.${hint ? ` Did you mean \`${hint}\`?` : ''}`;
    }
    case 'invalid_union': {
      // A string against a union with a list of words (traffic): say which words, with a suggestion.
      const words = issue.errors
        .flat()
        .find((i): i is core.$ZodIssueInvalidValue => i.code === 'invalid_value' && i.path.length === 0);
      if (words && typeof raw === 'string') return explain(words, raw);
      return `${showValue(raw)} does not fit: ${describeUnion(issue)}.`;
    }
    case 'not_multiple_of':
      return `${showValue(raw)} must be a whole number.`;
    default:
      return `${showValue(raw)}: ${issue.message}.`;
  }
}

function describeUnion(issue: core.$ZodIssueInvalidUnion): string {
  const expected = issue.errors.flatMap((branch) =>
    branch
      .filter((i) => i.path.length === 0 && i.code === 'invalid_type')
      .map((i) => (i as core.$ZodIssueInvalidType).expected),
  );
  return expected.length
    ? `expected ${expected.map(article).join(' or ')}`
    : (issue.errors[0]?.[0]?.message ?? issue.message);
}

function article(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'a map';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function formatLimit(value: unknown): string {
  return typeof value === 'number' && value >= 1e6 ? value.toExponential().replace('e+', 'e') : String(value);
}
