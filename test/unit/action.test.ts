import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../../src/cli/main';
import { INPUT_NAMES, readContext } from '../../src/action/inputs';
import { runAction, type CliResult } from '../../src/action/run';
import { COMMENT_MARKER } from '../../src/core/render/diffMarkdown';
import { analyzeText, defaultSettings } from '../../src/core/engine/analyze';
import { CATALOG, TODAY } from './helpers';
import { git, ScriptedRepos, write } from './scriptedRepo';

const FIXTURES = join(__dirname, '../fixtures/action');
const ROOT = join(__dirname, '../..');
const repos = new ScriptedRepos();
afterAll(() => repos.removeAll());

const BASE = `version: 1
workloads:
  - name: shots
    model: flux-dev
    volume: 100000
    provider: replicate/a40
`;

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

/** A loopback stand-in for the GitHub REST API: a pull request's comments and code scanning, every call recorded. */
class FakeGitHub {
  readonly calls: Recorded[] = [];
  readonly comments: { id: number; body: string; html_url: string }[] = [];
  /** Answers comment writes with this status (403: the read-only token of a fork's pull request). */
  commentStatus = 200;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req).then(([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        }),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    const url = req.url ?? '';
    this.calls.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body });
    const repo = '/repos/Codertocat/Hello-World';
    if (req.method === 'GET' && url.startsWith(`${repo}/issues/2/comments?`)) return [200, this.comments];
    if (req.method === 'POST' && url === `${repo}/issues/2/comments`) {
      if (this.commentStatus !== 200)
        return [this.commentStatus, { message: 'Resource not accessible by integration' }];
      const comment = {
        id: 100 + this.comments.length,
        body: String(body!.body),
        html_url: `https://github.test/c/${this.comments.length}`,
      };
      this.comments.push(comment);
      return [201, comment];
    }
    const edit = /^\/repos\/Codertocat\/Hello-World\/issues\/comments\/(\d+)$/.exec(url);
    if (req.method === 'PATCH' && edit) {
      const comment = this.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return [404, { message: 'Not Found' }];
      comment.body = String(body!.body);
      return [200, comment];
    }
    if (req.method === 'POST' && url === `${repo}/code-scanning/sarifs`) return [202, { id: 'sarif-1' }];
    return [404, { message: 'Not Found' }];
  }
}

const servers: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function fakeGitHub(): Promise<{ fake: FakeGitHub; api: string }> {
  const fake = new FakeGitHub();
  servers.push(fake);
  return { fake, api: await fake.start() };
}

/** The CLI of this checkout, in process, offline on a fixed day: what dist/action.js runs. */
function cli(argv: string[], cwd: string): CliResult {
  let out = '';
  let err = '';
  const code = run([...argv, '--today', TODAY], {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
  });
  return { code, out, err };
}

/** A recorded webhook payload with its commit SHAs pointed at the scripted repository's. */
interface RecordedEvent {
  pull_request?: { base: { sha: string } };
  before?: string;
}

function eventFile(dir: string, name: string, patch: (event: RecordedEvent) => void): string {
  const event = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as RecordedEvent;
  patch(event);
  const path = join(dir, '.git', `event-${name}`);
  writeFileSync(path, JSON.stringify(event));
  return path;
}

interface Job {
  env: NodeJS.ProcessEnv;
  summary: string;
  output: string;
}

/** The environment a runner gives the step: the event, the workspace, the API, the summary and output files. */
function pullRequestJob(dir: string, api: string, inputs: Record<string, string> = {}): Job {
  const base = git(dir, 'rev-parse', 'main').trim();
  const temp = mkdtempSync(join(tmpdir(), 'icr-runner-'));
  const summary = join(temp, 'summary.md');
  const output = join(temp, 'output.txt');
  const env: NodeJS.ProcessEnv = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile(dir, 'pull_request.synchronize.json', (e) => (e.pull_request!.base.sha = base)),
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKSPACE: dir,
    GITHUB_API_URL: api,
    GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
    GITHUB_REF: 'refs/pull/2/merge',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: temp,
    INPUT_GITHUB_TOKEN: 'test-token',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  return { env, summary, output };
}

async function act(job: Job): Promise<{ code: number; outputs: Record<string, string>; log: string[] }> {
  const log: string[] = [];
  const result = await runAction(readContext(job.env), { cli, log: (l) => log.push(l) });
  return { ...result, log };
}

function outputsFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('the GitHub Action, on recorded events against a loopback GitHub', () => {
  it('on a pull request: the job summary, one comment kept up to date, SARIF uploaded, total and change as outputs', async () => {
    const { fake, api } = await fakeGitHub();
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    const job = pullRequestJob(dir, api);
    const first = await act(job);
    expect(first.code).toBe(0);
    const summary = readFileSync(job.summary, 'utf8');
    expect(summary).toContain('## Inference cost: +$');
    expect(summary).toContain('| shots | volume 100,000 → 300,000 |');
    const outputs = outputsFile(job.output);
    expect(outputs).toMatchObject({ gate: 'passed', changed: 'true', 'not-priced': '0' });
    expect(Number(outputs.change)).toBeGreaterThan(0);
    // The total is the base's month plus the change.
    const base = analyzeText(BASE, { ...defaultSettings(TODAY), catalog: CATALOG }).totals.totalMicros / 1e6;
    expect(Number(outputs.total)).toBeCloseTo(base + Number(outputs.change), 2);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(fake.calls.every((c) => c.authorization === 'Bearer test-token')).toBe(true);
    const upload = fake.calls.find((c) => c.url.endsWith('/code-scanning/sarifs'))!;
    expect(upload.body).toMatchObject({
      commit_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      ref: 'refs/pull/2/merge',
    });
    const sarif = JSON.parse(gunzipSync(Buffer.from(String(upload.body!.sarif), 'base64')).toString('utf8')) as {
      runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]!.automationDetails.id).toBe('inference-cost/');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('cost-increase');
    expect(readFileSync(first.outputs['sarif-file']!, 'utf8')).toContain('"cost-increase"');

    // A second push to the pull request edits the same comment.
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 500000'));
    await act(pullRequestJob(dir, api));
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body).toContain('volume 100,000 → 500,000');
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);

    // Reverted: the comment says so, rather than keep a change that is gone.
    write(dir, 'inference.yaml', BASE);
    const reverted = await act(pullRequestJob(dir, api));
    expect(reverted.outputs.changed).toBe('false');
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body).toContain('## Inference cost: no change against');
  });

  it('posts nothing on a pull request that changes no cost', async () => {
    const { fake, api } = await fakeGitHub();
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'README.md', 'docs only\n');
    const result = await act(pullRequestJob(dir, api));
    expect(result.code).toBe(0);
    expect(result.outputs.changed).toBe('false');
    expect(fake.calls.filter((c) => c.url.includes('/comments') && c.method !== 'GET')).toEqual([]);
  });

  it('fails the job by the gate and says why in the log', async () => {
    const { fake, api } = await fakeGitHub();
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    const result = await act(pullRequestJob(dir, api, { 'fail-on-increase': '10%' }));
    expect(result.code).toBe(1);
    expect(result.outputs.gate).toBe('failed');
    expect(result.log).toContainEqual(
      expect.stringMatching(
        /^::error title=inference-cost gate::The monthly cost rises by .* over the limit of 10%.*shots/,
      ),
    );
    expect(fake.comments[0]!.body).toContain('**Gate failed**');
  });

  it('a token that cannot comment (a fork) is a warning: the summary has the report, the gate still decides', async () => {
    const { fake, api } = await fakeGitHub();
    fake.commentStatus = 403;
    const dir = repos.create({ 'inference.yaml': BASE });
    write(dir, 'inference.yaml', BASE.replace('provider: replicate/a40', 'provider: replicate/a4O'));
    const job = pullRequestJob(dir, api);
    const result = await act(job);
    expect(result.code).toBe(1);
    expect(result.log).toContainEqual(
      expect.stringContaining('::warning title=inference-cost::the pull-request comment could not be written'),
    );
    expect(readFileSync(job.summary, 'utf8')).toContain('not priced: `shots`');
    expect(result.outputs['not-priced']).toBe('1');
  });

  it('on a push: compares with the commit before it, uploads SARIF for the branch, comments nowhere', async () => {
    const { fake, api } = await fakeGitHub();
    const dir = repos.create({ 'inference.yaml': BASE });
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    write(dir, 'inference.yaml', BASE.replace('volume: 100000', 'volume: 300000'));
    git(dir, 'commit', '-qam', 'more volume');
    const job = pullRequestJob(dir, api);
    job.env.GITHUB_EVENT_NAME = 'push';
    job.env.GITHUB_REF = 'refs/heads/main';
    job.env.GITHUB_EVENT_PATH = eventFile(dir, 'push.with-new-branch.json', (e) => (e.before = before));
    const result = await act(job);
    expect(Number(result.outputs.change)).toBeGreaterThan(0);
    expect(fake.calls.map((c) => `${c.method} ${c.url.split('?')[0]}`)).toEqual([
      'POST /repos/Codertocat/Hello-World/code-scanning/sarifs',
    ]);
    expect(fake.calls[0]!.body).toMatchObject({ ref: 'refs/heads/main' });
    // The recorded payload as sent: a new branch has no commit before it, and the CLI's own base is used.
    job.env.GITHUB_EVENT_PATH = join(FIXTURES, 'push.with-new-branch.json');
    expect(readContext(job.env).base).toBeUndefined();
  });
});

describe('action.yml and the README', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
    runs: { steps: { env?: Record<string, string> }[] };
  };

  it('passes every input the script reads, by the name it reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    const env = action.runs.steps.flatMap((s) => Object.entries(s.env ?? {}));
    for (const name of INPUT_NAMES)
      expect(env).toContainEqual([`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, `\${{ inputs.${name} }}`]);
  });

  it("the README's uses: example names only inputs action.yml has, and its table lists them all", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const workflow = blocks.find((b) => b.includes('uses: inference-cost-review/inference-cost@'));
    expect(workflow, 'a workflow that uses the Action').toBeDefined();
    const steps = (parse(workflow!) as { jobs: Record<string, { steps: { uses?: string; with?: object }[] }> }).jobs;
    const step = Object.values(steps)
      .flatMap((j) => j.steps)
      .find((s) => s.uses?.startsWith('inference-cost-review/inference-cost@'))!;
    expect(Object.keys(step.with ?? {}).length).toBeGreaterThan(0);
    for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    for (const input of Object.keys(action.inputs)) expect(readme).toContain(`| \`${input}\` |`);
    for (const output of Object.keys(action.outputs)) expect(readme).toContain(`\`${output}\``);
  });
});
