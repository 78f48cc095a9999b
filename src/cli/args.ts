import { parseArgs as parseNodeArgs } from 'node:util';
import { LOG_FORMATS, USAGE_FIELDS, type ColumnMap, type LogFormat, type UsageField } from '../core/usage/records';

export const FORMATS = ['table', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ['error', 'warning', 'never'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

/** Which prices to read: --offline reads only those shipped in the package, never the cache. */
interface PriceArgs {
  offline: boolean;
}

export interface CheckArgs extends PriceArgs {
  command: 'check';
  paths: string[];
  format: Format;
  failOn: FailLevel;
  today?: string;
  pricing?: string;
  /** --all-options: the JSON lists every option priced, not the lean default (render/json.ts OptionsListed). */
  allOptions: boolean;
  /** Drift: scan the code under a named folder for model uses no workload declares (off with --no-scan). */
  scan: boolean;
}

export interface DiffArgs extends PriceArgs {
  command: 'diff';
  paths: string[];
  base?: string;
  format: Format;
  /** New findings at this level fail the run (default error: a typo that hides a workload is no saving). */
  failOn: FailLevel;
  failOnIncrease?: string;
  today?: string;
  /** Drift: list the model uses the code gained since the base, and warn at undeclared ones (off with --no-scan). */
  scan: boolean;
}

export interface CatalogArgs extends PriceArgs {
  command: 'catalog';
  format: 'table' | 'json';
}

/** `catalog update`: where each source is read from (the defaults, or --source id=URL-or-path). */
export interface UpdateArgs {
  command: 'catalog-update';
  sources: Partial<Record<'skypilot' | 'genai-prices' | 'litellm', string>>;
  timeoutSeconds: number;
}

/** `usage import`: a log read into one workload's fields. */
export interface ImportArgs extends PriceArgs {
  command: 'usage-import';
  log: string;
  workload: string;
  config: string;
  write: boolean;
  timeZone: string;
  logFormat?: LogFormat;
  columns: ColumnMap;
  model?: string;
  gpu?: string;
}

/** `scan`: model uses in a folder's code and deployment files, drafted as an inference.yaml. */
export interface ScanArgs extends PriceArgs {
  command: 'scan';
  folder: string;
  write: boolean;
}

export type Args =
  | CheckArgs
  | ScanArgs
  | ImportArgs
  | DiffArgs
  | CatalogArgs
  | UpdateArgs
  | { command: 'init' }
  | { command: 'help'; topic?: keyof typeof COMMAND_HELP }
  | { command: 'version' };

export class UsageError extends Error {}

/** `inference-cost <command> --help`: what each command does, its options and its exit codes. */
export const COMMAND_HELP = {
  check: `inference-cost check [file-or-folder...] [--format table|json|markdown|sarif] [--fail-on error|warning|never]
                     [--all-options] [--pricing file] [--no-scan] [--offline] [--today YYYY-MM-DD]

Prices every inference.yaml under the given files and folders (default: the current folder). On a folder it also
scans the code under each file's folder: a model call or GPU deployment no workload declares is a warning there.
  --format     table (default), json (docs/json.md), markdown (a pull-request comment), sarif (code scanning)
  --all-options  (json) every offer priced for each workload; by default the chosen one, the cheapest eligible of
               each provider and billing model, and the one the file's plan moves it to
  --fail-on    the finding level that fails the run (default warning)
  --pricing    a YAML file whose offers: are laid over the catalog (negotiated prices for every repository)
  --offline    only the prices shipped in the package, not the cache (also INFERENCE_COST_OFFLINE=1)
  --today      the date prices are aged against (default: today)
  --no-scan    do not scan a named folder's code for model uses no workload declares (docs/scan.md, "Drift";
               inference.yaml's scan: { enabled: false, exclude: [...] } does it for one file or some paths)
Exit codes: 0 nothing at the --fail-on level, 1 findings at that level, 2 unusable input or arguments.`,
  diff: `inference-cost diff [--base ref] [file-or-folder...] [--format table|json|markdown|sarif]
                    [--fail-on-increase 10%|500] [--fail-on error|warning|never] [--no-scan] [--offline]
                    [--today YYYY-MM-DD]

Prices each inference.yaml at a git ref (default: the branch's upstream, else main) and in the working tree, and
reports the change per workload (what changed, which cost parts moved) and in total. A workload either side cannot
price is "not priced": left out of the change, never $0. Files the repository ignores are not priced.
  --fail-on-increase  fail above a rise of a percent (10%) or of dollars a month (500 or $500)
  --fail-on           new findings at this level fail the run (default error)
  --format            table (default), json (docs/json.md, kind "diff"), markdown (a pull-request comment, at most
                      65,536 characters), sarif (code scanning: a cost rise at the line that changed)
  --no-scan           do not list the model uses the code under a named folder gained since the base (a use no
                      workload declares is a warning at its call)
When the gate fails, stderr says why: the limit, the rise and the workloads that drove it, or the new findings.
Exit codes: 0 within the limits, 1 over them, 2 outside a git repository, an unknown --base, a path that exists
neither now nor at the base, or a working-tree file that does not parse.`,
  catalog: `inference-cost catalog [--format table|json] [--offline]
inference-cost catalog update [--source skypilot=<base URL or folder>] [--source genai-prices=<URL or file>]
                              [--source litellm=<URL or file>] [--timeout seconds]

catalog lists the price sources with their dates and counts, then every offer with its price, source and date.
catalog update fetches the maintained sources (GPU rentals from SkyPilot's catalog, per-token prices from
@pydantic/genai-prices, per-call image prices from LiteLLM's price map) into the cache (INFERENCE_COST_CACHE_DIR, else the user cache folder); a source that fails
keeps its last good data. --source reads a mirror or an air-gapped copy; --timeout is per file (default 20 s).
Exit codes (update): 0 every source updated, 1 some failed, 2 bad arguments or a cache that cannot be written.`,
  usage: `inference-cost usage import <log> --workload name [--config inference.yaml] [--write] [--tz zone]
                           [--log-format csv|jsonl|replicate|openai|anthropic] [--column field=name]...
                           [--model name] [--gpu id] [--offline]

Reads a request log or a usage export and prints what it found and the change to the workload: requests (or
images) a month, the weekly traffic shape in the --tz zone (default UTC), the median run time per GPU as
seconds_per_image (calls of several images on the chosen GPU as seconds_per_batch), and for text models the tokens
per request. --write applies the change, keeping comments.
  --log-format  the log's format (default: by extension and content); replicate is GET /v1/predictions,
                openai and anthropic are their usage APIs' pages (daily buckets: volume and tokens, no shape)
  --column      the log's name for a field: timestamp, start, end, duration (seconds; ms if the name ends in
                ms), model, gpu, input_tokens, output_tokens, cached_tokens, images, status
  --model       the model to read from a log of several
  --gpu         the GPU id run times were measured on, where the log names none (default: the chosen offer's)
Exit codes: 0 read (and written with --write), 2 an unusable log, workload or arguments.`,
  scan: `inference-cost scan [folder] [--write] [--offline]

Finds where the code calls models and runs GPUs (SDK calls in Python and TypeScript/JavaScript: OpenAI, Anthropic,
fal, Replicate, Together, Google GenAI/Vertex, Bedrock, Hugging Face, LiteLLM; Kubernetes, KServe, SkyPilot, Modal and
dstack deployments) and prints a draft inference.yaml: one workload per use, with the model, an offer, the settings
the code states and a comment naming the file and line. Volumes the code cannot tell are placeholders.
Skips dependencies, virtual environments, build outputs, .git, what .gitignore ignores, binary files and files
over 1 MB. docs/scan.md says what each detector reads.
  --write    writes the draft to <folder>/inference.yaml (never over an existing one)
Exit codes: 0 drafted (and written with --write), 2 a folder that cannot be read, an inference.yaml already there
with --write, or bad arguments.`,
  init: `inference-cost init

Writes a starter inference.yaml into the current folder: one workload per kind (a per-call image API, a serverless
GPU, a text model), every field commented. Refuses to overwrite a file that exists.
Exit codes: 0 written, 2 a file already there (or the folder cannot be written).`,
} as const;

export const USAGE = `Usage:
  inference-cost check [file-or-folder...] [--format table|json|markdown|sarif] [--fail-on error|warning|never] [--all-options] [--pricing file] [--no-scan]
  inference-cost diff [--base ref] [file-or-folder...] [--format table|json|markdown|sarif] [--fail-on-increase 10%|500] [--fail-on error|warning|never] [--no-scan]
  inference-cost catalog [--format table|json]
  inference-cost catalog update [--source skypilot=<base URL or folder>] [--source genai-prices=<URL or file>] [--source litellm=<URL or file>] [--timeout seconds]
  inference-cost usage import <log> --workload name [--config inference.yaml] [--write] [--tz zone] [--log-format csv|jsonl|replicate|openai|anthropic] [--column field=name]... [--model name] [--gpu id]
  inference-cost scan [folder] [--write]
  inference-cost init
  inference-cost <command> --help | --help | --version

check           prices every inference.yaml under the given folders (default: the current folder)
diff            prices each inference.yaml at a git ref (default: the branch's upstream, else main) and now,
                and reports the change per workload and in total; --fail-on-increase fails above a percent or $/mo
catalog         lists the price sources with their dates, then every offer with its price, source and date
usage import    reads a request log or usage export into a workload's volume, traffic shape, seconds_per_image
                and tokens; prints the change, --write applies it keeping comments
scan            finds model calls and GPU deployments in the code and prints a draft inference.yaml;
                --write creates it (never over an existing one)
init            writes a starter inference.yaml into the current folder (never over an existing one)
catalog update  fetches the maintained price sources (GPU rentals from SkyPilot's catalog, per-token prices from
                @pydantic/genai-prices, image prices from LiteLLM's price map) into the cache; a source that
                fails keeps its last good data
--offline       (check, diff, catalog) only the prices shipped in the package, not the cache; also
                INFERENCE_COST_OFFLINE=1. The cache is INFERENCE_COST_CACHE_DIR, else the user cache folder.
--today         (check, diff) the date prices are aged against, YYYY-MM-DD (default: today)

Exit codes: 0 nothing at the --fail-on level (check: default warning; diff: new findings, default error,
            and --fail-on-increase), 1 findings or a rise at that level, 2 unusable input or arguments.
catalog update: 0 every source updated, 1 some failed (their last good data stays in use), 2 bad arguments
            or a cache that cannot be written.`;

export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if ((rest.includes('--help') || rest.includes('-h')) && command in COMMAND_HELP)
    return { command: 'help', topic: command as keyof typeof COMMAND_HELP };
  if (command === 'init') {
    if (rest.length) throw new UsageError(`init takes no arguments (got ${rest[0]})`);
    return { command: 'init' };
  }
  const options = readOptions(rest);
  const offline = options.flags.has('offline');
  if (command === 'usage') return importArgs(options);
  if (command === 'scan') return scanArgs(options);
  for (const name of IMPORT_ONLY)
    if (options.values.has(name) || options.flags.has(name) || (name === 'column' && options.columns.length))
      throw new UsageError(`--${name} goes with usage import`);
  if (options.flags.has('all-options') && command !== 'check')
    throw new UsageError('--all-options goes with check --format json');
  if (options.flags.has('no-scan') && command !== 'check' && command !== 'diff')
    throw new UsageError('--no-scan goes with check and diff');
  if (command === 'catalog' && options.positional[0] === 'update') return updateArgs(options);
  if (options.sources.length || options.values.has('timeout'))
    throw new UsageError('--source and --timeout go with catalog update');
  if (command === 'catalog') {
    const format = oneOf(options.values.get('format') ?? 'table', ['table', 'json'] as const, '--format');
    if (options.positional.length) throw new UsageError(`catalog takes no files (got ${options.positional[0]})`);
    return { command: 'catalog', format, offline };
  }
  if (command !== 'check' && command !== 'diff') throw new UsageError(`unknown command "${command}"`);
  const today = options.values.get('today');
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new UsageError('--today takes a date, YYYY-MM-DD');
  if (command === 'diff') {
    return {
      command: 'diff',
      offline,
      paths: options.positional,
      format: oneOf(options.values.get('format') ?? 'table', FORMATS, '--format'),
      failOn: oneOf(options.values.get('fail-on') ?? 'error', FAIL_LEVELS, '--fail-on'),
      ...(options.values.has('base') ? { base: options.values.get('base')! } : {}),
      ...(options.values.has('fail-on-increase') ? { failOnIncrease: options.values.get('fail-on-increase')! } : {}),
      ...(today ? { today } : {}),
      scan: !options.flags.has('no-scan'),
    };
  }
  if (options.values.has('base') || options.values.has('fail-on-increase'))
    throw new UsageError('--base and --fail-on-increase go with diff');
  const format = oneOf(options.values.get('format') ?? 'table', FORMATS, '--format');
  if (options.flags.has('all-options') && format !== 'json')
    throw new UsageError('--all-options goes with check --format json');
  return {
    command: 'check',
    offline,
    paths: options.positional,
    format,
    allOptions: options.flags.has('all-options'),
    scan: !options.flags.has('no-scan'),
    failOn: oneOf(options.values.get('fail-on') ?? 'warning', FAIL_LEVELS, '--fail-on'),
    ...(today ? { today } : {}),
    ...(options.values.has('pricing') ? { pricing: options.values.get('pricing')! } : {}),
  };
}

function scanArgs(options: Options): ScanArgs {
  if (options.positional.length > 1) throw new UsageError(`scan reads one folder (got ${options.positional[1]} too)`);
  for (const name of options.values.keys()) throw new UsageError(`--${name} does not go with scan`);
  if (options.sources.length || options.columns.length) throw new UsageError('scan takes only --write and --offline');
  return {
    command: 'scan',
    folder: options.positional[0] ?? '.',
    write: options.flags.has('write'),
    offline: options.flags.has('offline'),
  };
}

function updateArgs(options: Options): UpdateArgs {
  if (options.positional.length > 1)
    throw new UsageError(`catalog update takes no files (got ${options.positional[1]})`);
  if (options.flags.has('offline')) throw new UsageError('catalog update fetches prices: it cannot be --offline');
  const sources: UpdateArgs['sources'] = {};
  for (const given of options.sources) {
    const eq = given.indexOf('=');
    const id = given.slice(0, eq);
    if (eq < 1 || (id !== 'skypilot' && id !== 'genai-prices' && id !== 'litellm') || eq === given.length - 1)
      throw new UsageError(
        `--source takes skypilot=<base URL or folder>, genai-prices=<URL or file> or litellm=<URL or file> (got "${given}")`,
      );
    sources[id] = given.slice(eq + 1);
  }
  const timeout = Number(options.values.get('timeout') ?? 20);
  if (!(timeout > 0 && timeout <= 600)) throw new UsageError('--timeout takes seconds, from 1 to 600');
  return { command: 'catalog-update', sources, timeoutSeconds: timeout };
}

const IMPORT_ONLY = ['workload', 'config', 'write', 'tz', 'log-format', 'column', 'model', 'gpu'] as const;

function importArgs(options: Options): ImportArgs {
  const [sub, log, ...more] = options.positional;
  if (sub !== 'import') throw new UsageError(`usage takes import (got ${sub ?? 'nothing'})`);
  if (log === undefined) throw new UsageError('usage import needs the log to read');
  if (more.length) throw new UsageError(`usage import reads one log (got ${more[0]} too)`);
  const workload = options.values.get('workload');
  if (!workload) throw new UsageError('usage import needs --workload <name>: the workload the log is of');
  const columns: ColumnMap = {};
  for (const given of options.columns) {
    const eq = given.indexOf('=');
    const field = given.slice(0, eq);
    if (eq < 1 || eq === given.length - 1 || !(USAGE_FIELDS as readonly string[]).includes(field))
      throw new UsageError(`--column takes field=name, the field one of ${USAGE_FIELDS.join(', ')} (got "${given}")`);
    columns[field as UsageField] = given.slice(eq + 1);
  }
  const logFormat = options.values.get('log-format');
  return {
    command: 'usage-import',
    offline: options.flags.has('offline'),
    log,
    workload,
    config: options.values.get('config') ?? 'inference.yaml',
    write: options.flags.has('write'),
    timeZone: options.values.get('tz') ?? 'UTC',
    ...(logFormat !== undefined ? { logFormat: oneOf(logFormat, LOG_FORMATS, '--log-format') } : {}),
    columns,
    ...(options.values.has('model') ? { model: options.values.get('model')! } : {}),
    ...(options.values.has('gpu') ? { gpu: options.values.get('gpu')! } : {}),
  };
}

const VALUE_OPTIONS = [
  'format',
  'fail-on',
  'today',
  'pricing',
  'base',
  'fail-on-increase',
  'timeout',
  'workload',
  'config',
  'tz',
  'log-format',
  'model',
  'gpu',
] as const;

interface Options {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
  sources: string[];
  columns: string[];
}

/** Options and files through node's own parser; its errors reworded as the CLI has always said them. */
function readOptions(argv: readonly string[]): Options {
  try {
    const { values, positionals } = parseNodeArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(VALUE_OPTIONS.map((name) => [name, { type: 'string' as const }])),
        offline: { type: 'boolean' as const },
        write: { type: 'boolean' as const },
        'all-options': { type: 'boolean' as const },
        'no-scan': { type: 'boolean' as const },
        source: { type: 'string' as const, multiple: true },
        column: { type: 'string' as const, multiple: true },
      },
    });
    const given = Object.entries(values as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    return {
      positional: positionals,
      values: new Map(given),
      flags: new Set(
        (['offline', 'write', 'all-options', 'no-scan'] as const).filter(
          (flag) => (values as Record<string, unknown>)[flag],
        ),
      ),
      sources: values.source ?? [],
      columns: values.column ?? [],
    };
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
