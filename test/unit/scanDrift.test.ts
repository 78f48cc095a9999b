import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { hasScannableFile, type Scanner } from '../../src/cli/drift';
import { applyValueEdit, fixEdits } from '../../src/core/edits';
import { FINDING_CODES } from '../../src/core/findings/types';
import { toJson } from '../../src/core/render/json';
import { fileReport } from '../../src/core/render/fileReport';
import { allFindings } from '../../src/core/report';
import { PLACEHOLDER_COMMENT } from '../../src/core/scan/draft';
import { excludes } from '../../src/core/scan/drift';
import * as scanner from '../../src/node/scanTree';
import { analyze, CATALOG, findingWith, textAt, TODAY } from './helpers';
import { SCAN_FIXTURES } from './scanHelpers';
import { git, ScriptedRepos, write } from './scriptedRepo';

const temps: string[] = [];
const repos = new ScriptedRepos();
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  repos.removeAll();
});

function acceptanceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-drift-'));
  temps.push(dir);
  cpSync(join(SCAN_FIXTURES, 'acceptance'), dir, { recursive: true });
  return dir;
}

/** The CLI in process, with the scanner module handed in (the sources cannot require it as the bundles do). */
function cli(
  cwd: string,
  args: string[],
  with_: Scanner | undefined = scanner,
): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run([...args, '--today', TODAY], {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env: { INFERENCE_COST_OFFLINE: '1' },
    ...(with_ ? { scanner: with_ } : {}),
  });
  return { code, out, err };
}

/** Two of the acceptance fixture's seven uses: the OpenAI image call and the vLLM Deployment (no provider: planned). */
const DECLARES_TWO = `version: 1
workloads:
  - name: hero-images
    model: gpt-image-1
    volume: 30000
    provider: openai/gpt-image-1
    quality: high
    resolution: 1024x1024
  - name: llama
    model: llama-3.3-70b   # the vLLM Deployment: which offer is the question
    requests: 200000
    input_tokens: 900
    output_tokens: 300
`;

describe('a workload without provider: a planning question, priced on its cheapest eligible offer', () => {
  const text = `version: 1
workloads:
  - name: thumbs
    model: flux-schnell   # fast previews
    volume: 20000
    traffic: business-hours
`;
  const report = analyze(text);
  const w = report.workloads[0]!;

  it('is priced with no error on the cheapest eligible of every offer that may serve it, marked as not declared', () => {
    expect(allFindings(report).filter((f) => f.severity === 'error')).toEqual([]);
    const eligible = w.options.filter((o) => o.eligible);
    expect(eligible.length).toBeGreaterThan(5);
    const cheapest = Math.min(...eligible.map((o) => o.totalMicros));
    expect(w.chosen.eligible).toBe(true);
    expect(w.chosen.totalMicros).toBe(cheapest);
    expect(w.workload.providerUndeclared).toBe(true);
    expect(w.workload.provider).toBe(w.chosen.offer.id);
    expect(report.totals.assumed).toEqual(['thumbs']);
    expect(report.totals.totalMicros).toBe(w.totalMicros);
  });

  it('says so at the model with the offer and its monthly cost, and the fix writes the provider line', () => {
    const note = findingWith(report, FINDING_CODES.noProvider);
    expect(note.severity).toBe('info');
    expect(textAt(report, note)).toBe('flux-schnell');
    expect(note.message).toContain(`the cheapest eligible is \`${w.chosen.offer.id}\``);
    expect(note.message).toMatch(/at \$[\d,.]+\/mo/);
    const [first] = fixEdits(text, note);
    expect(first!.value).toBe(w.chosen.offer.id);
    const fixed = applyValueEdit(text, first!.edit);
    // A new line at the workload's indent; the model's comment stays where it was.
    expect(fixed).toContain(
      `    model: flux-schnell   # fast previews\n    provider: ${w.chosen.offer.id}\n    volume: 20000`,
    );
    const after = analyze(fixed);
    expect(after.workloads[0]!.workload.providerUndeclared).toBeUndefined();
    expect(after.totals.totalMicros).toBe(report.totals.totalMicros);
    expect(allFindings(after).map((f) => f.code)).not.toContain(FINDING_CODES.noProvider);
  });

  it('JSON: provider_declared false, and the file says which workloads its total assumes', () => {
    const json = toJson([fileReport('inference.yaml', report)]) as {
      files: { assumed_workloads: string[] }[];
      workloads: { chosen: string; provider_declared: boolean }[];
    };
    expect(json.files[0]!.assumed_workloads).toEqual(['thumbs']);
    expect(json.workloads[0]).toMatchObject({ chosen: w.chosen.offer.id, provider_declared: false });
    const declared = toJson([fileReport('x', analyze(fixEditsText(text, report)))]) as typeof json;
    expect(declared.workloads[0]!.provider_declared).toBe(true);
  });
});

function fixEditsText(text: string, report: ReturnType<typeof analyze>): string {
  return applyValueEdit(text, fixEdits(text, findingWith(report, FINDING_CODES.noProvider))[0]!.edit);
}

describe('placeholder figures (the comment `inference-cost scan` writes)', () => {
  it('are priced as written and said at the first of them: volume not known', () => {
    const text = `version: 1
workloads:
  - name: chat
    model: gpt-4.1-mini
    provider: openai/gpt-4.1-mini
    requests: 1000                # ${PLACEHOLDER_COMMENT} (requests a month)
    input_tokens: 1000            # ${PLACEHOLDER_COMMENT}
    output_tokens: 300            # the code's max_tokens
`;
    const report = analyze(text);
    const f = findingWith(report, FINDING_CODES.placeholderFigure);
    expect(f.severity).toBe('warning');
    expect(textAt(report, f)).toBe('1000');
    expect(report.text.slice(0, f.range.start)).toMatch(/requests: $/);
    expect(f.message).toMatch(/^Volume not known: set it, or import a request log/);
    expect(f.message).toContain('`input_tokens`');
    expect(f.message).not.toContain('output_tokens');
    expect(report.workloads[0]!.totalMicros).toBeGreaterThan(0);
    // The same figures without the comment are the author's own: nothing to say.
    const own = analyze(text.replace(/# placeholder[^\n]*/g, ''));
    expect(allFindings(own).map((x) => x.code)).not.toContain(FINDING_CODES.placeholderFigure);
  });
});

describe('drift: check on a folder flags the model uses no workload declares, at their calls', () => {
  it('the draft of the acceptance repository prices with no error, each workload naming where it was found, no drift', () => {
    const root = acceptanceCopy();
    writeFileSync(join(root, 'inference.yaml'), scanner.draftInference(scanner.scanTree(root).uses, CATALOG));
    const draft = readFileSync(join(root, 'inference.yaml'), 'utf8');
    for (const place of [
      'app.py:13',
      'app.py:17',
      'app.py:21',
      'app.py:25',
      'deploy/sky-serve.yaml:7',
      'deploy/vllm.yaml:17',
      'worker.ts:6',
    ])
      expect(draft).toContain(`  # ${place}: `);
    const checked = cli(root, ['check', '.', '--format', 'json']);
    const json = JSON.parse(checked.out) as {
      workloads: unknown[];
      findings: { code: string; severity: string }[];
    };
    expect(json.workloads).toHaveLength(7);
    const all = [
      ...json.findings,
      ...(json.workloads as { findings: { code: string; severity: string }[] }[]).flatMap((w) => w.findings),
    ];
    expect(all.filter((f) => f.severity === 'error')).toEqual([]);
    expect(all.filter((f) => f.code === FINDING_CODES.undeclaredModelUse)).toEqual([]);
    // Every placeholder volume is named; the workloads whose volume the code could not tell are all of them.
    expect(all.filter((f) => f.code === FINDING_CODES.placeholderFigure)).toHaveLength(7);
  });

  it('with an inference.yaml declaring two, check warns at the other five calls, and SARIF puts them on those lines', () => {
    const root = acceptanceCopy();
    writeFileSync(join(root, 'inference.yaml'), DECLARES_TWO);
    const table = cli(root, ['check']);
    expect(table.code).toBe(1);
    const drift = table.out.split('\n').filter((l) => l.includes(FINDING_CODES.undeclaredModelUse));
    expect(drift.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'app.py:17:12',
      'app.py:21:12',
      'app.py:25:12',
      'deploy/sky-serve.yaml:7:17',
      'worker.ts:6:3',
    ]);
    expect(drift[0]).toContain(
      '`chat.completions.create` (openai) calls `gpt-4.1-mini`, which no workload of inference.yaml declares',
    );

    const sarif = JSON.parse(cli(root, ['check', '--format', 'sarif']).out) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]!.results.filter((r) => r.ruleId === FINDING_CODES.undeclaredModelUse);
    expect(
      results.map(
        (r) =>
          `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`,
      ),
    ).toEqual(['app.py:17', 'app.py:21', 'app.py:25', 'deploy/sky-serve.yaml:7', 'worker.ts:6']);
    expect(results.every((r) => r.level === 'warning')).toBe(true);
  });

  it('scan: { exclude } leaves paths out, scan: { enabled: false } and --no-scan turn it off, a file argument does not scan', () => {
    const root = acceptanceCopy();
    const undeclared = (args: string[]) =>
      cli(root, args)
        .out.split('\n')
        .filter((l) => l.includes(FINDING_CODES.undeclaredModelUse)).length;
    writeFileSync(join(root, 'inference.yaml'), `${DECLARES_TWO}scan:\n  exclude: [deploy/, '*.ts']\n`);
    expect(undeclared(['check'])).toBe(3);
    writeFileSync(join(root, 'inference.yaml'), `${DECLARES_TWO}scan: { enabled: false }\n`);
    expect(undeclared(['check'])).toBe(0);
    writeFileSync(join(root, 'inference.yaml'), DECLARES_TWO);
    expect(undeclared(['check', '--no-scan'])).toBe(0);
    expect(undeclared(['check', 'inference.yaml'])).toBe(0);
    expect(undeclared(['check', '.'])).toBe(5);
  });

  it('a folder of inference.yaml files alone never loads the scanner', () => {
    expect(hasScannableFile(join(__dirname, '../../examples'))).toBe(false);
    expect(hasScannableFile(join(SCAN_FIXTURES, 'acceptance'))).toBe(true);
    // A scanner that fails when touched: check on the examples does not touch it.
    const untouchable = new Proxy({} as Scanner, {
      get: () => {
        throw new Error('the scanner was loaded');
      },
    });
    const result = cli(join(__dirname, '../..'), ['check', 'examples'], untouchable);
    expect(result.err).toBe('');
    expect(result.out).toContain('examples/inference.yaml');
  });

  it('exclude patterns read as a .gitignore at the file’s folder', () => {
    const excluded = excludes(['vendor/', '**/experiments/', 'scripts/*.py', '!scripts/keep.py']);
    expect(excluded('vendor/a/b.py')).toBe(true);
    expect(excluded('src/experiments/x.ts')).toBe(true);
    expect(excluded('scripts/run.py')).toBe(true);
    expect(excluded('scripts/keep.py')).toBe(false);
    expect(excluded('src/app.py')).toBe(false);
  });
});

describe('drift in diff: the model uses the code gained since the base', () => {
  it('lists each new use, declared or not; undeclared ones fail the gate at --fail-on warning, in SARIF at the call', () => {
    const fixture = (path: string) => readFileSync(join(SCAN_FIXTURES, 'acceptance', path), 'utf8');
    const dir = repos.create({ 'inference.yaml': DECLARES_TWO, 'worker.ts': fixture('worker.ts') });
    write(dir, 'app.py', fixture('app.py'));
    write(dir, 'deploy/vllm.yaml', fixture('deploy/vllm.yaml'));
    git(dir, 'add', '-A');
    const diffCli = (...args: string[]) => cli(dir, ['diff', '--base', 'main', ...args]);

    const json = JSON.parse(diffCli('--format', 'json').out) as {
      uses_appeared: { file: string; line: number; model: string; declared: boolean }[];
    };
    // worker.ts was there at the base: its Replicate call is not new, declared or not.
    expect(json.uses_appeared.map((u) => `${u.file}:${u.line} ${u.model} ${u.declared}`)).toEqual([
      'app.py:13 gpt-image-1 true',
      'app.py:17 gpt-4.1-mini false',
      'app.py:21 claude-sonnet-4-5 false',
      'app.py:25 fal-ai/flux/schnell false',
      'deploy/vllm.yaml:17 meta-llama/Llama-3.3-70B-Instruct true',
    ]);
    expect(diffCli().out).toContain(
      'Model uses the code gained since main:\n  + app.py:13 client.images.generate (openai)',
    );
    expect(diffCli().code).toBe(0);
    const strict = diffCli('--fail-on', 'warning');
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('3 model uses the code gained are not declared in inference.yaml');
    const sarif = JSON.parse(diffCli('--format', 'sarif').out) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.ruleId === FINDING_CODES.undeclaredModelUse)).toHaveLength(3);
    expect(diffCli('--format', 'markdown').out).toContain('**Model uses the code gained** (3 not declared):');
    // No workload changed, but three new findings did: the Action posts its comment.
    expect(JSON.parse(diffCli('--format', 'json').out)).toMatchObject({ changed: true });
    const quiet = JSON.parse(diffCli('--format', 'json', '--no-scan').out) as Record<string, unknown>;
    expect(quiet).not.toHaveProperty('uses_appeared');
    expect(quiet.changed).toBe(false);
  });
});

describe('what an independent review of realistic repositories found (fixtures/scan/review)', () => {
  const review = () => scanner.scanTree(join(SCAN_FIXTURES, 'review'));
  const modelAt = (file: string, line: number) => {
    const use = review().uses.find((u) => u.file === file && u.line === line);
    expect(use, `${file}:${line}`).toBeDefined();
    return scanner.matchUse(use!, CATALOG).model;
  };

  it('maps Bedrock ids (cross-region prefix, version suffix, date) and Hugging Face repositories to the catalog', () => {
    expect(modelAt('agent/bedrock.py', 15)).toBe('claude-3.5-haiku');
    expect(modelAt('agent/bedrock.py', 20)).toBe('llama-3.3-70b');
    expect(modelAt('kserve/isvc.yaml', 14)).toBe('gemma-3-27b');
    expect(modelAt('dstack/service.dstack.yml', 1)).toBe('mistral-small-3.2');
  });

  it('reads $(VAR) in a Kubernetes container’s args from its env, as Kubernetes does', () => {
    expect(modelAt('k8s/vllm-llama.yaml', 35)).toBe('llama-3.3-70b');
  });

  it('says a run-time model as the call writes it, names the call it read, and leaves test code out', () => {
    const result = review();
    const draft = scanner.draftInference(result.uses, CATALOG);
    expect(draft).toContain('the code picks the model at run time (r.model): name it');
    expect(draft).toContain('# app/summarize.py:29: messages.stream (anthropic)');
    expect(result.uses.filter((u) => u.file.startsWith('tests/'))).toEqual([]);
    // A SkyPilot task that serves nothing (a torchrun fine-tune) is not an inference deployment.
    expect(result.uses.filter((u) => u.file.startsWith('sky/'))).toEqual([]);
    expect(result.skipped.tests).toBe(1);
    // A provider line the draft leaves out says why only where a note follows.
    expect(draft).not.toMatch(/see the note below\); the code calls litellm; without one `check` prices it[^\n]*\n\n/);
  });

  it('a use declared by its catalog id is declared; SARIF spans a call over several lines to its end', () => {
    const root = mkdtempSync(join(tmpdir(), 'icr-review-'));
    temps.push(root);
    cpSync(join(SCAN_FIXTURES, 'review'), root, { recursive: true });
    writeFileSync(
      join(root, 'inference.yaml'),
      [
        'version: 1',
        'workloads:',
        '  - { name: classify, model: claude-3.5-haiku, requests: 100000, input_tokens: 500, output_tokens: 50 }',
        '  - { name: extract, model: llama-3.3-70b, requests: 100000, input_tokens: 800, output_tokens: 400 }',
        '  - { name: gemma, model: gemma-3-27b, requests: 100000, input_tokens: 800, output_tokens: 400 }',
        '  - { name: mistral, model: mistral-small-3.2, requests: 100000, input_tokens: 800, output_tokens: 400 }',
        '',
      ].join('\n'),
    );
    const sarif = JSON.parse(cli(root, ['check', '--format', 'sarif']).out) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
        }[];
      }[];
    };
    const drift = sarif.runs[0]!.results.filter((r) => r.ruleId === FINDING_CODES.undeclaredModelUse);
    const where = drift.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}-${region.endLine}:${region.endColumn}`;
    });
    expect(where).toEqual(['agent/router.py:34:18-39:6', 'agent/router.py:51:12-54:6', 'app/summarize.py:29:16-33:6']);
  });
});
