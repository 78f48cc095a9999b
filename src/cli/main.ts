#!/usr/bin/env node
import { version } from '../../package.json';
import { builtinCatalog } from '../core/catalog/builtin';
import { analyzeText, allFindings, defaultSettings, type EngineSettings, type Report } from '../core/engine/analyze';
import { FINDING_CODES, SEVERITY_RANK, type Finding } from '../core/findings/types';
import { readExtraOffers } from '../core/format/pricingFile';
import { fileReport, type FileReport } from '../core/render/fileReport';
import { toJson } from '../core/render/json';
import { toMarkdown } from '../core/render/markdown';
import { toSarif } from '../core/render/sarif';
import { toTable } from '../core/render/text';
import { catalogJson, catalogTable } from '../core/render/catalog';
import { parseArgs, USAGE, UsageError, type CheckArgs, type FailLevel } from './args';
import { findFiles, InputError, readText } from './files';

export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  today: () => string;
}

/** The whole CLI as a function of argv, for tests; never throws, always returns an exit code. */
export function run(argv: readonly string[], io: Io): number {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return EXIT.ok;
      case 'version':
        io.out(version);
        return EXIT.ok;
      case 'catalog':
        io.out(args.format === 'json' ? JSON.stringify(catalogJson(builtinCatalog()), null, 2) : catalogTable(builtinCatalog()));
        return EXIT.ok;
      case 'check':
        return check(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`inference-cost: ${e.message}\n\n${USAGE}`);
      return EXIT.unusable;
    }
    if (e instanceof InputError) {
      io.err(`inference-cost: ${e.message}`);
      return EXIT.unusable;
    }
    io.err(`inference-cost: internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`);
    return EXIT.unusable;
  }
}

function check(args: CheckArgs, io: Io): number {
  const settings: EngineSettings = { ...defaultSettings(args.today ?? io.today()) };
  if (args.pricing) settings.extraOffers = loadPricing(args.pricing, io.cwd);
  const files = findFiles(args.paths, io.cwd).map((path) => analyzeFile(path, io.cwd, settings));
  io.out(render(args, files));
  if (files.some((f) => f.report.fatal)) return EXIT.unusable;
  return files.some((f) => hasFindingAt(allFindings(f.report), args.failOn)) ? EXIT.findings : EXIT.ok;
}

function loadPricing(path: string, cwd: string): EngineSettings['extraOffers'] {
  const read = readText(path, cwd);
  if (!read.ok) throw new InputError(`${path}: ${read.message}`);
  const result = readExtraOffers(read.text, builtinCatalog());
  if (result.findings.length) throw new InputError(`${path}: ${result.findings.map((f) => f.message).join('; ')}`);
  return result.offers;
}

function analyzeFile(path: string, cwd: string, settings: EngineSettings): FileReport {
  const read = readText(path, cwd);
  if (read.ok) return fileReport(path, analyzeText(read.text, settings));
  const empty = analyzeText('', settings);
  const code = read.problem === 'too-large' ? FINDING_CODES.fileTooLarge : FINDING_CODES.invalidEncoding;
  const finding: Finding = { code, severity: 'error', message: read.message, range: { start: read.offset, end: read.offset + 1 } };
  const report: Report = { ...empty, text: read.text, findings: [finding], fatal: true };
  return fileReport(path, report);
}

function render(args: CheckArgs, files: FileReport[]): string {
  switch (args.format) {
    case 'json':
      return JSON.stringify(toJson(files), null, 2);
    case 'markdown':
      return toMarkdown(files);
    case 'sarif':
      return JSON.stringify(toSarif(files, version), null, 2);
    case 'table':
      return toTable(files);
  }
}

function hasFindingAt(findings: Finding[], level: FailLevel): boolean {
  if (level === 'never') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

if (require.main === module) {
  // A reader that goes away (| head) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const code = run(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    today: todayUtc,
  });
  process.exitCode = code;
}
