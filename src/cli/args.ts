import { parseArgs as parseNodeArgs } from 'node:util';

export const FORMATS = ['table', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ['error', 'warning', 'never'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: Format;
  failOn: FailLevel;
  today?: string;
  pricing?: string;
}

export interface DiffArgs {
  command: 'diff';
  paths: string[];
  base?: string;
  format: Format;
  /** New findings at this level fail the run (default never: the increase limit is the gate). */
  failOn: FailLevel;
  failOnIncrease?: string;
  today?: string;
}

export interface CatalogArgs {
  command: 'catalog';
  format: 'table' | 'json';
}

export type Args = CheckArgs | DiffArgs | CatalogArgs | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage:
  inference-cost check [file-or-folder...] [--format table|json|markdown|sarif] [--fail-on error|warning|never] [--pricing file]
  inference-cost diff [--base ref] [file-or-folder...] [--format table|json|markdown|sarif] [--fail-on-increase 10%|500] [--fail-on error|warning|never]
  inference-cost catalog [--format table|json]
  inference-cost --help | --version

check     prices every inference.yaml under the given folders (default: the current folder)
diff      prices each inference.yaml at a git ref (default: the branch's upstream, else main) and now,
          and reports the change per workload and in total; --fail-on-increase fails above a percent or $/mo
catalog   lists the built-in offers with their prices, sources and verification dates

Exit codes: 0 nothing at the --fail-on level (default warning), 1 findings at that level,
            2 unusable input or arguments.`;

export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  const options = readOptions(rest);
  if (command === 'catalog') {
    const format = oneOf(options.values.get('format') ?? 'table', ['table', 'json'] as const, '--format');
    if (options.positional.length) throw new UsageError(`catalog takes no files (got ${options.positional[0]})`);
    return { command: 'catalog', format };
  }
  if (command !== 'check' && command !== 'diff') throw new UsageError(`unknown command "${command}"`);
  const today = options.values.get('today');
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new UsageError('--today takes a date, YYYY-MM-DD');
  if (command === 'diff') {
    return {
      command: 'diff',
      paths: options.positional,
      format: oneOf(options.values.get('format') ?? 'table', FORMATS, '--format'),
      failOn: oneOf(options.values.get('fail-on') ?? 'never', FAIL_LEVELS, '--fail-on'),
      ...(options.values.has('base') ? { base: options.values.get('base')! } : {}),
      ...(options.values.has('fail-on-increase') ? { failOnIncrease: options.values.get('fail-on-increase')! } : {}),
      ...(today ? { today } : {}),
    };
  }
  if (options.values.has('base') || options.values.has('fail-on-increase'))
    throw new UsageError('--base and --fail-on-increase go with diff');
  return {
    command: 'check',
    paths: options.positional,
    format: oneOf(options.values.get('format') ?? 'table', FORMATS, '--format'),
    failOn: oneOf(options.values.get('fail-on') ?? 'warning', FAIL_LEVELS, '--fail-on'),
    ...(today ? { today } : {}),
    ...(options.values.has('pricing') ? { pricing: options.values.get('pricing')! } : {}),
  };
}

const VALUE_OPTIONS = ['format', 'fail-on', 'today', 'pricing', 'base', 'fail-on-increase'] as const;

/** Options and files through node's own parser; its errors reworded as the CLI has always said them. */
function readOptions(argv: readonly string[]): { positional: string[]; values: Map<string, string> } {
  try {
    const { values, positionals } = parseNodeArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(VALUE_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    });
    const given = Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return { positional: positionals, values: new Map(given) };
  } catch (e) {
    throw new UsageError(usageMessage(e));
  }
}

function usageMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(--?[^'\s]+)/.exec(message)?.[1] ?? '';
  const code = (e as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} needs a value`;
  return message;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}
