import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { defaultSettings } from '../core/engine/analyze';
import { decodeFile } from '../core/format/decode';
import { loadUsageImport } from '../node/usageModule';
import type { ImportArgs } from './args';
import { InputError, readBytes } from './files';
import { cliCatalog, type PriceIo } from './prices';

/** `usage import`: what the log says, the change as a unified diff, and with --write the file written. */
export async function usageImport(
  args: ImportArgs,
  io: PriceIo & { cwd: string; out: (text: string) => void; err: (text: string) => void },
): Promise<void> {
  const path = resolve(io.cwd, args.config);
  const read = decodeFile(readBytes(path, io.cwd));
  if (!read.ok) throw new InputError(`${args.config}: ${read.finding.message}`);
  const { importUsage } = await loadUsageImport();
  const outcome = await importUsage({
    text: read.text,
    logPath: resolve(io.cwd, args.log),
    workload: args.workload,
    settings: { ...defaultSettings(io.today()), catalog: cliCatalog(args.offline, io) },
    timeZone: args.timeZone,
    columns: args.columns,
    ...(args.logFormat ? { format: args.logFormat } : {}),
    ...(args.model !== undefined ? { model: args.model } : {}),
    ...(args.gpu !== undefined ? { gpu: args.gpu } : {}),
  });
  if (!outcome.ok) throw new InputError(`${args.log}: ${outcome.message}`);
  const { result } = outcome;
  io.out(`${args.log} (${outcome.format}) for workload ${args.workload}:`);
  for (const line of result.found) io.out(`  ${line}`);
  for (const line of result.warnings) io.out(`  warning: ${line}`);
  if (outcome.newText === read.text) {
    io.out(`\n${args.config} already says this: nothing to change.`);
    return;
  }
  io.out('');
  io.out(
    createTwoFilesPatch(args.config, args.config, read.text, outcome.newText, '', '', { context: 2 }).replace(
      /^=+\n/,
      '',
    ),
  );
  if (!args.write) {
    io.out(`Run again with --write to apply it (comments and formatting stay as they are).`);
    return;
  }
  writeFileSync(path, outcome.newText);
  io.out(`Wrote ${args.config}.`);
}
