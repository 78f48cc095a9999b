import { version } from '../../package.json';
import type { Catalog } from '../core/catalog/types';
import {
  analyzeBytes,
  analyzeText,
  defaultSettings,
  ALL_OPTIONS_SCOPE,
  JSON_SCOPE,
  REPORT_SCOPE,
  type Scope,
} from '../core/engine/analyze';
import { decodeFile } from '../core/format/decode';
import type { EngineSettings } from '../core/report';
import { SEVERITY_RANK, type Finding } from '../core/findings/types';
import { readExtraOffers } from '../core/format/pricingFile';
import { fileReport, placedFindings, type FileReport } from '../core/render/fileReport';
import { jsonLines, toJson } from '../core/render/json';
import { toMarkdown } from '../core/render/markdown';
import { toSarif, type SarifRoot } from '../core/render/sarif';
import { toTable } from '../core/render/text';
import { catalogJson, catalogTable } from '../core/render/catalog';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { TEMPLATE } from '../core/template';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffReports, parseIncreaseLimit } from '../core/diff/diff';
import { evaluateGate } from '../core/diff/gate';
import { diffJson, diffSarif, diffTable } from '../core/render/diff';
import { diffMarkdown } from '../core/render/diffMarkdown';
import { COMMAND_HELP, parseArgs, USAGE, UsageError, type CheckArgs, type DiffArgs, type FailLevel } from './args';
import { Git } from './git';
import { findFiles, inferenceFilesUnder, InputError, readBytes } from './files';
import { catalogUpdate, cliCatalog, type PriceIo } from './prices';
import { usageImport } from './usage';
import { scan } from './scan';
import { driftFiles, loadScanner, namedFolders, scanUses, type DriftFile, type PlacedUse, type Scanner } from './drift';
import type { AppearedUse } from '../core/render/diffWords';
import type { FileDiff } from '../core/diff/diff';

export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

interface Io extends PriceIo {
  cwd: string;
  /** Standard output is a terminal: `--format json` is indented for reading there, compact when piped or redirected. */
  terminal?: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  today: () => string;
  /** The scanner module for drift; by default required beside the bundle when a folder has code (cli/drift.ts). */
  scanner?: Scanner;
}

/** The whole CLI as a function of argv, for tests; never throws, always returns an exit code. */
export function run(argv: readonly string[], io: Io): number {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(args.topic ? COMMAND_HELP[args.topic] : USAGE);
        return EXIT.ok;
      case 'init':
        return init(io);
      case 'version':
        io.out(version);
        return EXIT.ok;
      case 'catalog': {
        const catalog = cliCatalog(args.offline, io);
        io.out(args.format === 'json' ? jsonText(catalogJson(catalog), io) : catalogTable(catalog));
        return EXIT.ok;
      }
      case 'catalog-update':
      case 'usage-import':
      case 'scan':
        io.err(`inference-cost: ${argv.slice(0, 2).join(' ')} reads as it goes: call main(), not run()`);
        return EXIT.unusable;
      case 'check':
        return check(args, io);
      case 'diff':
        return diff(args, io);
    }
  } catch (e) {
    return failure(e, io);
  }
}

/** What `inference-cost` runs: `run`, `catalog update` (it waits on the network) and `usage import` (it streams a log). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    return failure(e, io);
  }
  if (args.command === 'scan') {
    try {
      return await scan(args, io);
    } catch (e) {
      return failure(e, io);
    }
  }
  if (args.command === 'usage-import') {
    try {
      await usageImport(args, io);
      return EXIT.ok;
    } catch (e) {
      return failure(e, io);
    }
  }
  if (args.command !== 'catalog-update') return run(argv, io);
  try {
    const outcomes = await catalogUpdate(args, io);
    return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.findings;
  } catch (e) {
    return failure(e, io);
  }
}

/** The one command that writes a file, and only a new one: an inference.yaml already there is never overwritten. */
function init(io: Io): number {
  const path = resolve(io.cwd, 'inference.yaml');
  try {
    // 'wx' fails where the file exists: no window between a check and the write.
    writeFileSync(path, TEMPLATE, { flag: 'wx' });
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.err(
      code === 'EEXIST'
        ? `inference-cost: ${path} already exists; init never overwrites it.`
        : `inference-cost: cannot write ${path} (${code ?? String(e)}).`,
    );
    return EXIT.unusable;
  }
  io.out(`Wrote ${path}: three example workloads. Price it with \`inference-cost check\`.`);
  return EXIT.ok;
}

function failure(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`inference-cost: ${e.message}\n\n${USAGE}`);
    return EXIT.unusable;
  }
  if (e instanceof InputError) {
    io.err(`inference-cost: ${e.message}`);
    return EXIT.unusable;
  }
  const code = (e as { code?: string }).code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR') {
    io.err(
      `inference-cost: the cache cannot be written (${code}: ${(e as Error).message}); set INFERENCE_COST_CACHE_DIR`,
    );
    return EXIT.unusable;
  }
  io.err(`inference-cost: internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`);
  return EXIT.unusable;
}

function check(args: CheckArgs, io: Io): number {
  const catalog = cliCatalog(args.offline, io);
  const settings: EngineSettings = { ...defaultSettings(args.today ?? io.today()), catalog };
  if (args.pricing) settings.extraOffers = loadPricing(args.pricing, io.cwd, catalog);
  const files = findFiles(args.paths, io.cwd).map((path) => analyzeFile(path, io.cwd, settings, scopeOf(args)));
  if (args.scan) checkDrift(args.paths, files, io);
  for (const text of render(args, files, io)) io.out(text);
  if (files.some((f) => f.report.fatal)) return EXIT.unusable;
  return files.some((f) => hasFindingAt(placedFindings(f), args.failOn)) ? EXIT.findings : EXIT.ok;
}

/** Drift: each file's undeclared model uses, as findings at their calls (cli/drift.ts). */
function checkDrift(paths: readonly string[], files: FileReport[], io: Io): void {
  const folders = namedFolders(paths, io.cwd);
  if (folders.length === 0) return;
  const targets = new Map<DriftFile, FileReport>(
    files
      .filter((f) => !f.report.fatal)
      .map((f) => [{ abs: resolve(io.cwd, f.path), model: f.report.model, catalog: f.report.catalog }, f]),
  );
  const scanned = driftFiles([...targets.keys()], folders);
  if (scanned.length === 0) return;
  const uses = scanUses(
    scanned,
    [...targets.keys()].map((t) => t.abs),
    io.cwd,
    io,
  );
  for (const [target, placed] of uses ?? []) {
    const undeclared = placed.flatMap((p) => (p.finding ? [p.finding] : []));
    if (undeclared.length) targets.get(target)!.elsewhere = undeclared;
  }
}

function diff(args: DiffArgs, io: Io): number {
  const limit = args.failOnIncrease === undefined ? undefined : parseIncreaseLimit(args.failOnIncrease);
  if (args.failOnIncrease !== undefined && !limit)
    throw new UsageError(
      `--fail-on-increase takes a percent (10%) or dollars a month (500 or $500), not "${args.failOnIncrease}"`,
    );
  const repo = Git.open(io.cwd);
  const base = repo.resolveBase(args.base);
  const settings = { ...defaultSettings(args.today ?? io.today()), catalog: cliCatalog(args.offline, io) };
  const targets = diffTargets(repo, base, args.paths, io.cwd);
  const baseTexts = repo.showAll(
    base,
    targets.map((t) => t.fromRoot),
  );
  const files = targets.map(({ display, fromRoot }) => {
    const read = existsSync(resolve(repo.root, fromRoot))
      ? decodeFile(readBytes(resolve(repo.root, fromRoot), io.cwd))
      : undefined;
    if (read && !read.ok) throw new InputError(`${display}: ${read.finding.message}`);
    const atBase = baseTexts.get(fromRoot);
    return diffReports(
      display,
      atBase === undefined ? undefined : analyzeText(atBase, settings),
      read && analyzeText(read.text, settings),
    );
  });
  const uses = args.scan ? diffUses(repo, base, args.paths, files, io) : undefined;
  const gate = evaluateGate(files, {
    failOn: args.failOn,
    ...(limit ? { limit: { limit, text: args.failOnIncrease! } } : {}),
    ...(uses ? { undeclaredUses: uses.flatMap((u) => (u.finding ? [u.finding] : [])) } : {}),
  });
  const baseCommit = repo.commitOf(base);
  const run = { base, ...(baseCommit ? { baseCommit } : {}), files, gate, ...(uses ? { uses } : {}) };
  io.out(
    args.format === 'json'
      ? jsonText(diffJson(run), io)
      : args.format === 'markdown'
        ? diffMarkdown(run)
        : args.format === 'sarif'
          ? JSON.stringify(diffSarif(run, version, sarifRoot(repo.root, io.cwd)), null, 2)
          : diffTable(run),
  );
  // The gate says why on stderr whatever the format, so a log shows it beside the exit code.
  if (!gate.passed) io.err(`inference-cost: the gate failed:\n${gate.reasons.map((r) => `  - ${r}`).join('\n')}`);
  if (gate.unparsable.some((u) => u.side === 'after')) return EXIT.unusable;
  return gate.passed ? EXIT.ok : EXIT.findings;
}

/**
 * Drift in a diff: the model uses the code under the named folders has now and did not have at the base, each
 * declared or not by the working tree's inference.yaml. Only the files with uses now are read at the base (one git
 * call). Undefined where nothing was scanned.
 */
function diffUses(
  repo: Git,
  base: string,
  paths: readonly string[],
  files: readonly FileDiff[],
  io: Io,
): AppearedUse[] | undefined {
  const folders = namedFolders(paths, io.cwd);
  if (folders.length === 0) return undefined;
  const now = files.flatMap((f): DriftFile[] =>
    f.after && !f.after.fatal ? [{ abs: resolve(io.cwd, f.path), model: f.after.model, catalog: f.after.catalog }] : [],
  );
  const targets = driftFiles(now, folders);
  const scanned = targets.length
    ? scanUses(
        targets,
        now.map((t) => t.abs),
        io.cwd,
        io,
      )
    : undefined;
  if (!scanned) return undefined;
  const scanner = loadScanner(io)!;
  const fromRoot = (p: PlacedUse) => relative(repo.root, resolve(io.cwd, p.path)).split(sep).join('/');
  const texts = repo.showAll(base, [...new Set([...scanned.values()].flat().map(fromRoot))]);
  const appeared: AppearedUse[] = [];
  for (const [target, placed] of scanned) {
    const folder = dirname(target.abs);
    // The base's version of each file with a use now, under the same path relative to the folder.
    const atBase = [...new Set(placed.map((p) => p.use.file))].flatMap((file) => {
      const text = texts.get(relative(repo.root, join(folder, file)).split(sep).join('/'));
      return text === undefined ? [] : [{ path: file, text }];
    });
    const gained = new Set(
      scanner.appearedUses(
        placed.map((p) => p.use),
        scanner.scanFiles(atBase).uses,
      ),
    );
    for (const p of placed.filter((x) => gained.has(x.use)))
      appeared.push({
        path: p.path,
        line: p.use.line,
        column: p.use.column,
        what: p.use.kind === 'sdk' ? `${p.use.api} (${p.use.host})` : p.use.api,
        model: p.use.model ?? p.use.modelExpression ?? '?',
        file: relative(io.cwd, target.abs) || target.abs,
        ...(p.finding ? { finding: p.finding } : {}),
      });
  }
  return appeared;
}

/**
 * The files to compare: those named, or every inference.yaml under the folders now or at the base (deleted ones too).
 * A folder's files the repository ignores (a build output) are not priced; a path neither now nor at the base is an
 * error, not a new empty file.
 */
function diffTargets(
  repo: Git,
  base: string,
  paths: readonly string[],
  cwd: string,
): { display: string; fromRoot: string }[] {
  const roots = paths.length ? paths : ['.'];
  const found = new Set<string>();
  for (const p of roots) {
    const abs = resolve(cwd, p);
    const fromRoot = relative(repo.root, abs);
    if (fromRoot.startsWith('..')) throw new InputError(`${p} is outside the repository`);
    const atBase = repo.filesAt(base, fromRoot);
    if (!existsSync(abs) && atBase.length === 0 && !repo.has(base, fromRoot))
      throw new InputError(`no such file or folder: ${p} (not in the working tree, nor at ${base})`);
    const isDir = existsSync(abs) ? statSync(abs).isDirectory() : atBase.some((f) => f !== fromRoot);
    if (!isDir) {
      found.add(fromRoot);
      continue;
    }
    const now = existsSync(abs) ? inferenceFilesUnder(abs).map((f) => relative(repo.root, f)) : [];
    const ignored = repo.ignored(now);
    for (const f of now) if (!ignored.has(f)) found.add(f);
    for (const f of atBase) found.add(f);
  }
  if (found.size === 0) throw new InputError(`no inference.yaml under ${roots.join(', ')}, now or at ${base}`);
  return [...found]
    .sort()
    .map((fromRoot) => ({ fromRoot, display: relative(cwd, resolve(repo.root, fromRoot)) || fromRoot }));
}

function loadPricing(path: string, cwd: string, catalog: Catalog): EngineSettings['extraOffers'] {
  const read = decodeFile(readBytes(path, cwd));
  if (!read.ok) throw new InputError(`${path}: ${read.finding.message}`);
  const result = readExtraOffers(read.text, catalog);
  if (result.findings.length) throw new InputError(`${path}: ${result.findings.map((f) => f.message).join('; ')}`);
  return result.offers;
}

/**
 * `--format json`: indented on a terminal, compact where a program reads it (a third smaller, and quicker to write and
 * parse; `check` writes it a workload a line, see jsonLines). SARIF stays indented: it is a file for upload, and small.
 */
function jsonText(value: unknown, io: Io): string {
  return io.terminal ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

function analyzeFile(path: string, cwd: string, settings: EngineSettings, scope: Scope): FileReport {
  return fileReport(path, analyzeBytes(readBytes(path, cwd), settings, scope));
}

function scopeOf(args: CheckArgs): Scope {
  if (args.format !== 'json') return REPORT_SCOPE;
  return args.allOptions ? ALL_OPTIONS_SCOPE : JSON_SCOPE;
}

/** What `check` prints: one text, or for a program reading JSON a line at a time (a workload a line). */
function render(args: CheckArgs, files: FileReport[], io: Io): Iterable<string> {
  switch (args.format) {
    case 'json': {
      const listed = args.allOptions ? 'all' : 'lean';
      return io.terminal ? [JSON.stringify(toJson(files, listed), null, 2)] : jsonLines(files, listed);
    }
    case 'markdown':
      return [toMarkdown(files)];
    case 'sarif':
      return [JSON.stringify(toSarif(files, version, sarifRoot(Git.topLevel(io.cwd) ?? io.cwd, io.cwd)), null, 2)];
    case 'table':
      return [toTable(files)];
  }
}

function hasFindingAt(findings: Finding[], level: FailLevel): boolean {
  if (level === 'never') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]);
}

/** SARIF paths from the repository root (or the working folder outside one), never absolute paths as relative ones. */
function sarifRoot(root: string, cwd: string): SarifRoot {
  return {
    uri: pathToFileURL(`${resolve(root)}/`).href,
    fromRoot: (path) => {
      const rel = relative(root, resolve(cwd, path));
      return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
    },
    absolute: (path) => pathToFileURL(resolve(cwd, path)).href,
  };
}
