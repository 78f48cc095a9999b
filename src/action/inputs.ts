import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** What the Action was asked to do: its inputs (action.yml), and what GitHub says about the run. */
export interface ActionContext {
  /** Files or folders to price, relative to the working directory. */
  paths: string[];
  /** The ref to compare with: the input, else the pull request's base commit, else the commit before a push. */
  base?: string;
  failOnIncrease?: string;
  failOn: string;
  comment: boolean;
  sarif: boolean;
  token?: string;
  /** Where the CLI runs: the checkout, or a folder in it. */
  cwd: string;
  api: string;
  /** owner/name */
  repository: string;
  /** The pull request, where the event is one. */
  pullRequest?: number;
  /** The commit and ref the SARIF is of: the checked-out commit. */
  sha?: string;
  ref?: string;
  summaryFile?: string;
  outputFile?: string;
  tempDir: string;
}

/** The inputs the Action declares, as action.yml passes them (INPUT_ and the name in capitals, - as _). */
export const INPUT_NAMES = [
  'paths',
  'base',
  'fail-on-increase',
  'fail-on',
  'comment',
  'sarif',
  'github-token',
  'working-directory',
] as const;

const ZERO_SHA = /^0{40}$/;

export function readContext(env: NodeJS.ProcessEnv): ActionContext {
  const input = (name: (typeof INPUT_NAMES)[number]) =>
    env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`]?.trim() ?? '';
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const folder = input('working-directory') || '.';
  const base = input('base') || eventBase(env.GITHUB_EVENT_NAME ?? '', event);
  return {
    paths: input('paths').split(/\s+/).filter(Boolean),
    ...(base ? { base } : {}),
    ...(input('fail-on-increase') ? { failOnIncrease: input('fail-on-increase') } : {}),
    failOn: input('fail-on') || 'error',
    comment: flag(input('comment'), true),
    sarif: flag(input('sarif'), true),
    ...(input('github-token') ? { token: input('github-token') } : {}),
    cwd: isAbsolute(folder) ? folder : join(workspace, folder),
    api: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    repository: env.GITHUB_REPOSITORY ?? event.repository?.full_name ?? '',
    ...(event.pull_request?.number !== undefined ? { pullRequest: event.pull_request.number } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(env.GITHUB_OUTPUT ? { outputFile: env.GITHUB_OUTPUT } : {}),
    tempDir: env.RUNNER_TEMP ?? workspace,
  };
}

/** The parts of a webhook payload the Action reads. */
interface EventPayload {
  pull_request?: { number: number; base?: { sha?: string } };
  before?: string;
  repository?: { full_name?: string };
}

function readEvent(path: string | undefined): EventPayload {
  if (!path) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
}

/** A pull request compares with its base commit; a push with the commit before it (none for a new branch). */
function eventBase(name: string, event: EventPayload): string | undefined {
  if (name.startsWith('pull_request')) return event.pull_request?.base?.sha;
  if (name === 'push' && event.before && !ZERO_SHA.test(event.before)) return event.before;
  return undefined;
}

function flag(value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  return !/^(false|no|off|0)$/i.test(value);
}
