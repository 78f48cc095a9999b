import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMENT_MARKER } from '../core/render/diffMarkdown';
import { GitHub } from './github';
import type { ActionContext } from './inputs';

/** One run of the CLI: its exit code and what it wrote. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface ActionDeps {
  /** `inference-cost` with these arguments, in this folder: the CLI of the Action's own checkout. */
  cli: (argv: string[], cwd: string) => CliResult;
  fetch?: typeof fetch;
  /** The job's log: workflow commands (::error::, ::warning::) go here. */
  log: (line: string) => void;
  /** Makes the base commit available where a shallow checkout lacks it. */
  ensureBase?: (base: string, cwd: string) => void;
}

/** What the Action reports back: its exit code, and the outputs it set. */
export interface ActionResult {
  code: number;
  outputs: Record<string, string>;
}

/** The parts of diff's JSON the Action reads (docs/json.md, kind "diff"). */
interface DiffSummary {
  after_usd: number;
  delta_usd: number;
  delta_percent: number | null;
  changed: boolean;
  gate: { passed: boolean; reasons: string[]; not_priced: unknown[]; unparsable: unknown[] };
}

/**
 * The Action: diff against the base, the Markdown to the job summary, one pull-request comment kept up to date (its
 * own, found by its marker, edited in place; none where nothing changed), SARIF to code scanning, the total and the
 * change as outputs; the exit code is the CLI's, so the gate fails the job.
 */
export async function runAction(ctx: ActionContext, deps: ActionDeps): Promise<ActionResult> {
  const args = [
    'diff',
    ...(ctx.base ? ['--base', ctx.base] : []),
    '--fail-on',
    ctx.failOn,
    ...(ctx.failOnIncrease ? ['--fail-on-increase', ctx.failOnIncrease] : []),
    ...ctx.paths,
  ];
  if (ctx.base) deps.ensureBase?.(ctx.base, ctx.cwd);
  const json = deps.cli([...args, '--format', 'json'], ctx.cwd);
  if (!json.out.trim()) {
    // The CLI could not run at all (no repository, unknown base, bad input): its message is the whole story.
    deps.log(`::error title=inference-cost::${escapeCommand(json.err.trim())}`);
    return { code: json.code || 2, outputs: {} };
  }
  // The gate's reasons, in the job's log as the CLI wrote them (once: the other formats say the same).
  if (json.err.trim()) deps.log(json.err.trimEnd());
  const summary = JSON.parse(json.out) as DiffSummary;
  const markdown = deps.cli([...args, '--format', 'markdown'], ctx.cwd).out;
  if (ctx.summaryFile) appendFileSync(ctx.summaryFile, `${markdown}\n`);
  const outputs: Record<string, string> = {
    total: String(summary.after_usd),
    change: String(summary.delta_usd),
    'change-percent': summary.delta_percent === null ? '' : String(summary.delta_percent),
    changed: String(summary.changed),
    gate: summary.gate.passed ? 'passed' : 'failed',
    'not-priced': String(summary.gate.not_priced.length + summary.gate.unparsable.length),
  };
  const github = ctx.token && ctx.repository ? new GitHub(ctx.api, ctx.repository, ctx.token, deps.fetch) : undefined;
  if (ctx.comment && github && ctx.pullRequest !== undefined) {
    const url = await keepComment(github, ctx.pullRequest, markdown, summary.changed, deps.log);
    if (url) outputs['comment-url'] = url;
  }
  if (ctx.sarif) {
    const sarif = sarifForUpload(deps.cli([...args, '--format', 'sarif'], ctx.cwd).out);
    const file = join(ctx.tempDir, 'inference-cost.sarif');
    writeFileSync(file, sarif);
    outputs['sarif-file'] = file;
    if (github && ctx.sha && ctx.ref) await upload(github, sarif, ctx.sha, ctx.ref, deps.log);
  }
  if (ctx.outputFile)
    appendFileSync(
      ctx.outputFile,
      Object.entries(outputs)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  for (const reason of summary.gate.reasons) deps.log(`::error title=inference-cost gate::${escapeCommand(reason)}`);
  return { code: json.code, outputs };
}

/** Edits the Action's own comment (the one with the marker) or adds one; adds none where nothing changed. */
async function keepComment(
  github: GitHub,
  pullRequest: number,
  markdown: string,
  changed: boolean,
  log: ActionDeps['log'],
): Promise<string | undefined> {
  try {
    const own = (await github.comments(pullRequest)).find((c) => c.body?.includes(COMMENT_MARKER));
    // An earlier comment is brought up to date even when nothing changes now: it must not show a stale change.
    if (own) return (await github.updateComment(own.id, markdown)).html_url;
    if (!changed) return undefined;
    return (await github.createComment(pullRequest, markdown)).html_url;
  } catch (e) {
    // A pull request from a fork gets a read-only token: the summary still has the report.
    log(
      `::warning title=inference-cost::the pull-request comment could not be written (${message(e)}); the job summary has it`,
    );
    return undefined;
  }
}

async function upload(github: GitHub, sarif: string, sha: string, ref: string, log: ActionDeps['log']): Promise<void> {
  try {
    await github.uploadSarif(sarif, sha, ref);
  } catch (e) {
    // Code scanning may be off for the repository, or the token lack security-events: write.
    log(`::warning title=inference-cost::the SARIF could not be uploaded to code scanning (${message(e)})`);
  }
}

/** The CLI's SARIF with its category set, so its alerts are tracked apart from other tools' and runs. */
function sarifForUpload(text: string): string {
  const log = JSON.parse(text) as { runs: Record<string, unknown>[] };
  for (const run of log.runs) run.automationDetails = { id: 'inference-cost/' };
  return JSON.stringify(log);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Workflow command data: %, CR and LF escaped, as the runner reads them. */
function escapeCommand(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
