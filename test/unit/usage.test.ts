import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/node/catalog';
import { defaultSettings } from '../../src/core/engine/analyze';
import { parseInstant } from '../../src/core/usage/timestamps';
import { WeekClock } from '../../src/core/usage/weekClock';
import { LogHistogram } from '../../src/core/usage/histogram';
import { applyEdits, workloadFieldEdits } from '../../src/core/usage/fieldEdits';
import { importUsage, type ImportRequest } from '../../src/node/importUsage';
import { main } from '../../src/cli/main';
import { mulberry32 } from '../sim/random';
import { logNormal, poissonRequests, weeklyWeights } from '../sim/requestLog';
import { TODAY } from './helpers';

const FIXTURES = join(__dirname, '../fixtures/usage');
const settings = { ...defaultSettings(TODAY), catalog: loadCatalog({ offline: true, root: join(__dirname, '../..') }) };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-usage-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const FILE = `version: 1
workloads:
  - name: shots   # the product pictures
    model: flux-dev
    volume: 1000      # a guess
    provider: replicate/a40
    traffic: steady   # a guess too
  - name: chat
    model: llama-3.1-8b
    requests: 1000
    input_tokens: 100
    output_tokens: 100
    provider: together/llama-3.1-8b
  - {name: thumbs, model: sdxl, volume: 10, provider: vast/rtx3090}
`;

async function imported(log: string, workload: string, extra: Partial<ImportRequest> = {}) {
  const outcome = await importUsage({ text: FILE, logPath: log, workload, settings, timeZone: 'UTC', ...extra });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

/** An evening peak on Fridays: a shape none of the built-ins is, with one clear busiest hour. */
const HOURS = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.6, 0.7, 0.6, 0.6, 0.6, 0.6, 0.7, 0.8, 0.7, 1, 0.7, 0.5, 0.3,
];
const WEEKDAYS = [0.8, 0.8, 0.8, 0.85, 1, 0.6, 0.5];

function csvLog(spec: {
  monthly: number;
  hours: number;
  timeZone: string;
  weights: number[];
  median: number;
  seed: number;
}) {
  const random = mulberry32(spec.seed);
  const lines = ['created_at,gpu,duration_s,status'];
  let count = 0;
  for (const r of poissonRequests({
    ...spec,
    startMs: Date.UTC(2026, 10, 2, 5),
    random,
    runSeconds: logNormal(spec.median, 0.25, random),
  })) {
    lines.push(`${new Date(r.at).toISOString()},A40,${r.seconds.toFixed(3)},succeeded`);
    count++;
  }
  return { text: `${lines.join('\n')}\n`, count };
}

describe('usage import recovers what a generated log was made from', () => {
  it('the volume within 2 %, the busiest hour and day in the chosen zone, and the median run time', async () => {
    const weights = weeklyWeights(HOURS, WEEKDAYS);
    const log = csvLog({
      monthly: 60_000,
      hours: 28 * 24,
      timeZone: 'America/New_York',
      weights,
      median: 11.5,
      seed: 7,
    });
    const outcome = await imported(temp('log.csv', log.text), 'shots', { timeZone: 'America/New_York' });
    const change = (key: string) => outcome.result.changes.find((c) => c.key === key)?.yaml;
    expect(Number(change('volume'))).toBeGreaterThan(60_000 * 0.98);
    expect(Number(change('volume'))).toBeLessThan(60_000 * 1.02);
    // The panel's "your measured traffic" prices what the file would be given.
    expect(outcome.result.volumePerMonth).toBe(Number(change('volume')));
    expect(
      `{hours: [${outcome.result.shape!.hours.join(', ')}], weekdays: [${outcome.result.shape!.weekdays.join(', ')}]}`,
    ).toBe(change('traffic'));
    expect(outcome.result.found.join('\n')).toMatch(/Busiest hour: Friday 20:00-20:59 America\/New_York/);
    expect(outcome.result.found.join('\n')).toMatch(/busiest day: Friday/);
    expect(Number(change('seconds_per_image'))).toBeGreaterThan(11.5 * 0.98);
    expect(Number(change('seconds_per_image'))).toBeLessThan(11.5 * 1.02);
    // The written shape is the profile, to the noise of 20,000 requests.
    const traffic = change('traffic')!;
    const hours = JSON.parse(/hours: (\[[^\]]*\])/.exec(traffic)![1]!) as number[];
    hours.forEach((w, h) => expect(Math.abs(w - HOURS[h]!)).toBeLessThan(0.08));
    // The same log read in UTC puts the peak five hours later (New York is UTC-5 in November).
    const utc = await imported(temp('log.csv', log.text), 'shots');
    expect(utc.result.found.join('\n')).toMatch(/Busiest hour: Saturday 01:00-01:59 UTC/);
  });

  it('names the built-in shape a log matches within the stated tolerance', async () => {
    const shape = settings.catalog.assumptions.traffic['business-hours'];
    const weights = weeklyWeights(shape.hours, shape.weekdays);
    const log = csvLog({ monthly: 200_000, hours: 14 * 24, timeZone: 'UTC', weights, median: 3, seed: 3 });
    const outcome = await imported(temp('log.csv', log.text), 'shots');
    expect(outcome.result.changes.find((c) => c.key === 'traffic')?.yaml).toBe('business-hours');
    expect(outcome.newText).toMatch(/traffic: business-hours {3}# a guess too/);
  });

  it('a log shorter than a week: a shape all the same, with a warning that gives the period it saw', async () => {
    const log = csvLog({
      monthly: 100_000,
      hours: 3 * 24,
      timeZone: 'UTC',
      weights: weeklyWeights(HOURS, WEEKDAYS),
      median: 5,
      seed: 5,
    });
    const outcome = await imported(temp('log.csv', log.text), 'shots');
    expect(outcome.result.warnings.join('\n')).toMatch(/covers 3\.0 days, less than a week/);
    expect(outcome.result.found.join('\n')).toMatch(/from 2026-11-02T05:\d\dZ to 2026-11-05T0\d:\d\dZ/);
    expect(outcome.result.changes.map((c) => c.key)).toContain('traffic');
  });
});

describe('usage import of each format', () => {
  it('a CSV: bad rows counted with their line numbers, failed requests apart, GPU names read, naive times said', async () => {
    const outcome = await imported(join(FIXTURES, 'requests.csv'), 'thumbs', { gpu: 'rtx3090' });
    const text = [...outcome.result.found, ...outcome.result.warnings].join('\n');
    expect(text).toMatch(
      /^8 rows, 4 requests that succeeded, 1 failed \(counted apart, not in the volume\), 3 unreadable\./,
    );
    expect(text).toMatch(
      /3 rows could not be read and are left out: line 6: timestamp "yesterday at noon" is not a date and time; line 7: duration "fast" is not a number of seconds; line 9: .*/,
    );
    expect(text).toMatch(/1 timestamps name no time zone: they are read as UTC/);
    expect(text).toMatch(/Median run time on rtx3090: 3\.1\d s over 4 one-image requests/);
    // A flow-mapped item gains its keys inside the braces.
    expect(outcome.newText).toMatch(
      /- \{name: thumbs, model: sdxl, volume: \d+, provider: vast\/rtx3090, traffic: .*, seconds_per_image: 3\.1\d\}/,
    );
  });

  it('JSON Lines of a text model: tokens per request and the cached share', async () => {
    const outcome = await imported(join(FIXTURES, 'requests.jsonl'), 'chat');
    const text = [...outcome.result.found, ...outcome.result.warnings].join('\n');
    expect(text).toMatch(
      /2 rows could not be read and are left out: line 4: not a JSON object; line 6: not a JSON object/,
    );
    // 812, 790, 805 and 793 prompt tokens: 800 on average, 240 of each from the cache.
    expect(text).toMatch(/Per request: 800 input tokens \(30 % from a prompt cache\), 200 output tokens/);
    expect(text).toMatch(/covers 18 seconds: too short to read a rate/);
    expect(outcome.result.changes.map((c) => c.key)).toEqual(['input_tokens', 'output_tokens', 'cached_input_share']);
    expect(outcome.newText).toMatch(/input_tokens: 800\n {4}output_tokens: 200\n/);
    expect(outcome.newText).toMatch(/cached_input_share: 0\.3\n/);
  });

  it("Replicate's predictions list: predict_time, not the queue or the boot; num_outputs counts images", async () => {
    const outcome = await imported(join(FIXTURES, 'replicate-predictions.json'), 'shots');
    expect(outcome.format).toBe('replicate');
    const text = outcome.result.found.join('\n');
    expect(text).toMatch(/^4 rows, 3 requests that succeeded, 1 failed/);
    expect(outcome.result.warnings.join('\n')).toMatch(/covers 2 minutes: too short to read a rate/);
    // Two one-image runs, 12.329 s and 11.748 s; the second waited 41 s in the queue, which is not counted.
    expect(text).toMatch(/Median run time on a40: 1[12]\.\d+ s over 2 one-image requests/);
    expect(outcome.newText).toMatch(/seconds_per_image: 1[12]\.\d+\n/);
  });

  it("OpenAI's usage export: volume and tokens from daily buckets, and it says the shape cannot be read", async () => {
    const outcome = await imported(join(FIXTURES, 'openai-completions-usage.json'), 'chat');
    expect(outcome.format).toBe('openai');
    const text = outcome.result.found.join('\n');
    expect(text).toMatch(/the shape of the week cannot be read from it/);
    // 13,375 requests in two days: 13,375 / 48 h × 730 h.
    expect(outcome.result.changes).toContainEqual({
      key: 'requests',
      yaml: String(Number(((13_375 / 48) * 730).toPrecision(3))),
    });
    expect(outcome.result.changes).toContainEqual({ key: 'input_tokens', yaml: '800' });
    expect(outcome.result.changes).toContainEqual({ key: 'cached_input_share', yaml: '0.3' });
    expect(outcome.result.changes.map((c) => c.key)).not.toContain('traffic');
    expect(outcome.result.volumePerMonth).toBe(Number(((13_375 / 48) * 730).toPrecision(3)));
    expect(outcome.result.shape).toBeUndefined();
  });

  it("Anthropic's usage report: tokens without requests, shared over the file's requests a month", async () => {
    const outcome = await imported(join(FIXTURES, 'anthropic-usage-report.json'), 'chat');
    expect(outcome.format).toBe('anthropic');
    expect(outcome.result.found.join('\n')).toMatch(/share the month's tokens/);
    // 10M input tokens in two days = 152.08M a month over 1,000 requests; a fifth read from the cache, half written to it.
    expect(outcome.result.changes).toContainEqual({
      key: 'input_tokens',
      yaml: String(Math.round(((10e6 / 48) * 730) / 1000)),
    });
    expect(outcome.result.changes).toContainEqual({ key: 'cached_input_share', yaml: '0.3' });
    expect(outcome.result.changes.map((c) => c.key)).not.toContain('requests');
  });

  it('refuses a log of several models without --model, and reads one with it', async () => {
    const log = temp(
      'mixed.csv',
      'timestamp,model\n2026-12-01T10:00:00Z,a\n2026-12-01T10:30:00Z,b\n2026-12-01T11:00:00Z,a\n',
    );
    const refused = await importUsage({ text: FILE, logPath: log, workload: 'shots', settings, timeZone: 'UTC' });
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/the log has 2 models \(a: 2, b: 1\): pick one with --model/),
      models: ['a', 'b'],
    });
    const one = await imported(log, 'shots', { model: 'a' });
    expect(one.result.found[0]).toMatch(/3 rows, 2 requests that succeeded, 1 of other models/);
  });

  it('clear messages for an unknown workload, a bad zone, an unreadable log', async () => {
    const base = { text: FILE, logPath: join(FIXTURES, 'requests.csv'), settings, timeZone: 'UTC' };
    expect(await importUsage({ ...base, workload: 'shot' })).toMatchObject({
      message: expect.stringMatching(/no workload named "shot".*Did you mean `shots`/),
    });
    expect(await importUsage({ ...base, workload: 'shots', timeZone: 'Mars/Olympus' })).toMatchObject({
      message: expect.stringMatching(/no time zone/),
    });
    expect(await importUsage({ ...base, workload: 'shots', logPath: '/nonexistent/log.csv' })).toMatchObject({
      message: expect.stringMatching(/cannot read/),
    });
    const noTime = temp('x.csv', 'when,model\nmonday,a\n');
    expect(await importUsage({ ...base, workload: 'shots', logPath: noTime })).toMatchObject({
      message: expect.stringMatching(/no timestamp column.*--column timestamp=/),
    });
  });
});

describe('usage import pieces', () => {
  it('edits keep comments: a block shape becomes a flow one with its key comment, new keys go after the last line', () => {
    const text = 'workloads:\n  - name: a\n    traffic:   # mine\n      hours: [1, 2]\n    volume: 5 # v\n';
    const changes = [
      { key: 'traffic', yaml: 'steady' },
      { key: 'volume', yaml: '7' },
      { key: 'seconds_per_image', yaml: '3.1' },
    ];
    expect(applyEdits(text, workloadFieldEdits(text, 0, changes))).toBe(
      'workloads:\n  - name: a\n    traffic: steady   # mine\n    volume: 7 # v\n    seconds_per_image: 3.1\n',
    );
  });

  it('reads ISO times with zones, naive ones as UTC, epoch seconds and milliseconds; refuses 31 February', () => {
    expect(parseInstant('2026-12-01T10:00:00+01:00')).toEqual({ ms: Date.UTC(2026, 11, 1, 9), naive: false });
    expect(parseInstant('2026-12-01 10:00:00.5')).toEqual({ ms: Date.UTC(2026, 11, 1, 10, 0, 0, 500), naive: true });
    expect(parseInstant(1764583200)).toEqual({ ms: 1764583200000, naive: false });
    expect(parseInstant('1764583200000')).toEqual({ ms: 1764583200000, naive: false });
    expect(parseInstant('2026-02-31T00:00:00Z')).toBeUndefined();
  });

  it('the week clock follows daylight saving time', () => {
    const berlin = new WeekClock('Europe/Berlin');
    // Monday 2026-06-01 08:00 UTC is 10:00 in Berlin (summer), Monday 2026-12-07 08:00 UTC is 09:00 (winter).
    expect(berlin.hourOfWeek(Date.UTC(2026, 5, 1, 8))).toBe(10);
    expect(berlin.hourOfWeek(Date.UTC(2026, 11, 7, 8))).toBe(9);
  });

  it('a histogram median within half a percent of the exact one, in the same memory for any count', () => {
    const random = mulberry32(11);
    const draw = logNormal(4, 0.5, random);
    const h = new LogHistogram();
    const all: number[] = [];
    for (let i = 0; i < 50_001; i++) {
      const s = draw();
      h.add(s);
      all.push(s);
    }
    const exact = all.sort((a, b) => a - b)[25_000]!;
    expect(Math.abs(h.quantile(0.5)! / exact - 1)).toBeLessThan(0.005);
  });
});

describe('inference-cost usage import', () => {
  async function cli(args: string[], cwd: string) {
    let out = '';
    let err = '';
    const code = await main(args, {
      cwd,
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
      today: () => TODAY,
      env: { INFERENCE_COST_OFFLINE: '1' },
    });
    return { code, out, err };
  }

  it('prints the change as a diff, writes it only with --write, and keeps every comment', async () => {
    const config = temp('inference.yaml', FILE);
    const dir = join(config, '..');
    writeFileSync(join(dir, 'log.jsonl'), readFileSync(join(FIXTURES, 'requests.jsonl')));
    const dry = await cli(['usage', 'import', 'log.jsonl', '--workload', 'chat'], dir);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^-    input_tokens: 100\n-    output_tokens: 100\n\+    input_tokens: 800$/m);
    expect(dry.out).toMatch(/Run again with --write/);
    expect(readFileSync(config, 'utf8')).toBe(FILE);
    const wrote = await cli(['usage', 'import', 'log.jsonl', '--workload', 'chat', '--write'], dir);
    expect(wrote.code).toBe(0);
    const after = readFileSync(config, 'utf8');
    for (const comment of ['# the product pictures', '# a guess', '# a guess too']) expect(after).toContain(comment);
    expect(after).toMatch(/input_tokens: 800/);
    const again = await cli(['usage', 'import', 'log.jsonl', '--workload', 'chat'], dir);
    expect(again.out).toMatch(/already says this/);
  });

  it('exits 2 with the reason for an unknown workload, a bad --column and a missing log', async () => {
    const dir = join(temp('inference.yaml', FILE), '..');
    const unknown = await cli(['usage', 'import', join(FIXTURES, 'requests.csv'), '--workload', 'nope'], dir);
    expect(unknown).toMatchObject({ code: 2, err: expect.stringMatching(/no workload named "nope"/) });
    const column = await cli(['usage', 'import', 'x.csv', '--workload', 'chat', '--column', 'when=ts'], dir);
    expect(column).toMatchObject({ code: 2, err: expect.stringMatching(/--column takes field=name/) });
    const missing = await cli(['usage', 'import', '--workload', 'chat'], dir);
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/needs the log to read/) });
  });
});
