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

/** Parses argv without a library: the CLI must start as fast as a bare node. */
export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  const options = readOptions(rest);
  if (command === 'catalog') {
    const format = oneOf(options.values.get('format') ?? 'table', ['table', 'json'] as const, '--format');
    if (options.positional.length) throw new UsageError(`catalog takes no files (got ${options.positional[0]})`);
    return { command: 'catalog', format };
  }
  if (command !== 'check' && command !== 'diff') throw new UsageError(`unknown command "${command}"`);
  const today = options.values.get('today');
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('--today takes a date, YYYY-MM-DD');
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
  if (options.values.has('base') || options.values.has('fail-on-increase')) throw new UsageError('--base and --fail-on-increase go with diff');
  return {
    command: 'check',
    paths: options.positional,
    format: oneOf(options.values.get('format') ?? 'table', FORMATS, '--format'),
    failOn: oneOf(options.values.get('fail-on') ?? 'warning', FAIL_LEVELS, '--fail-on'),
    ...(today ? { today } : {}),
    ...(options.values.has('pricing') ? { pricing: options.values.get('pricing')! } : {}),
  };
}

const VALUE_OPTIONS = new Set(['format', 'fail-on', 'today', 'pricing', 'base', 'fail-on-increase']);

function readOptions(argv: readonly string[]): { positional: string[]; values: Map<string, string> } {
  const positional: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = splitOnce(arg.slice(2), '=');
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { positional, values };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}
