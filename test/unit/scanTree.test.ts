import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { defaultSettings, analyzeText } from '../../src/core/engine/analyze';
import { allFindings } from '../../src/core/report';
import { declaringWorkload, matchUse } from '../../src/core/scan/catalogMatch';
import { draftInference, PLACEHOLDER_COMMENT } from '../../src/core/scan/draft';
import { parseGitignore } from '../../src/core/scan/gitignore';
import { scanTree } from '../../src/node/scanTree';
import { CATALOG, TODAY } from './helpers';
import { SCAN_FIXTURES } from './scanHelpers';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-scan-'));
  temps.push(dir);
  cpSync(join(SCAN_FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

function write(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

const CALL = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4.1-nano", messages=[])\n';

describe('scanTree: what the walk reads', () => {
  it('skips dependencies, virtual environments, build outputs, .gitignore matches, binary and oversized files', () => {
    const root = copyOf('ignored');
    write(root, 'node_modules/openai/example.py', CALL);
    write(
      root,
      'web/node_modules/pkg/index.ts',
      `import OpenAI from 'openai';\nnew OpenAI().images.generate({ model: 'gpt-image-1' });\n`,
    );
    write(root, '.venv/lib/site.py', CALL);
    write(root, 'env-3.12/pyvenv.cfg', 'home = /usr/bin\n');
    write(root, 'env-3.12/lib/site.py', CALL);
    write(root, 'dist/bundle.py', CALL);
    write(root, 'build/lib/x.py', CALL);
    write(root, 'generated/client.py', CALL);
    write(root, 'src/schema.gen.py', CALL);
    write(root, 'src/blob.py', Buffer.concat([Buffer.from(CALL), Buffer.from([0, 1, 2])]));
    write(root, 'src/huge.py', `${CALL}${'# padding\n'.repeat(110_000)}`);
    const result = scanTree(root);
    expect(result.uses.map((u) => u.file).sort()).toEqual(['src/app.py', 'src/keep.gen.py']);
    expect(result.skipped.binary).toEqual(['src/blob.py']);
    expect(result.skipped.oversized).toEqual(['src/huge.py']);
    expect(result.skipped.ignored).toBe(2);
  });
});

describe('parseGitignore', () => {
  const rules = parseGitignore(
    [
      '# comment',
      '*.log',
      '/root-only.py',
      'build/',
      'docs/**/gen',
      'a/**',
      '!a/keep.py',
      '\\#hash',
      'sp\\ ace\\ ',
      'x?[0-9].py',
    ].join('\n'),
  );
  const cases: [string, boolean, boolean | undefined][] = [
    ['app.log', false, true],
    ['deep/dir/app.log', false, true],
    ['root-only.py', false, true],
    ['sub/root-only.py', false, undefined],
    ['build', true, true],
    ['build', false, undefined], // a trailing slash: folders only
    ['src/build', true, true],
    ['docs/gen', false, true],
    ['docs/a/b/gen', false, true],
    ['a/x.py', false, true],
    ['a/keep.py', false, false],
    ['#hash', false, true],
    ['sp ace ', false, true],
    ['xy7.py', false, true],
    ['xyz.py', false, undefined],
    ['# comment', false, undefined],
  ];
  it.each(cases)('%s (folder: %s) -> %s', (path, isDirectory, expected) => {
    expect(rules.ignores(path, isDirectory)).toBe(expected);
  });

  it('a nested .gitignore speaks only of paths under its folder', () => {
    const nested = parseGitignore('*.py\n', 'pkg');
    expect(nested.ignores('pkg/a.py', false)).toBe(true);
    expect(nested.ignores('other/a.py', false)).toBeUndefined();
  });
});

describe('draft: a repository with five SDK calls, a vLLM Deployment and a SkyPilot service', () => {
  const result = scanTree(join(SCAN_FIXTURES, 'acceptance'));
  const draft = draftInference(result.uses, CATALOG);

  it('finds the seven uses', () => {
    expect(result.uses.map((u) => `${u.file}:${u.kind}:${u.host}`)).toEqual([
      'app.py:sdk:openai',
      'app.py:sdk:openai',
      'app.py:sdk:anthropic',
      'app.py:sdk:fal',
      'deploy/sky-serve.yaml:deployment:skypilot',
      'deploy/vllm.yaml:deployment:kubernetes',
      'worker.ts:sdk:replicate',
    ]);
  });

  it('drafts a file the project’s own parser reads with no error, every workload priced', () => {
    const report = analyzeText(draft, { ...defaultSettings(TODAY), catalog: CATALOG });
    const errors = allFindings(report).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.message)).toEqual([]);
    expect(report.workloads).toHaveLength(7);
    for (const w of report.workloads) expect(w.options.length, w.workload.name).toBeGreaterThan(0);
  });

  it('names where each workload was found, maps models and offers to the catalog, marks placeholders', () => {
    expect(draft).toContain('# app.py:13: client.images.generate (openai)');
    expect(draft).toMatch(/- name: app-gpt-image-1\n\s+model: gpt-image-1\n\s+volume: 1000\s+# placeholder: set it/);
    expect(draft).toContain('provider: openai/gpt-image-1');
    expect(draft).toContain('quality: high');
    expect(draft).toContain('model: claude-sonnet-4.5');
    expect(draft).toContain('provider: anthropic/claude-sonnet-4.5');
    expect(draft).toContain('output_tokens: 1024');
    expect(draft).toContain('provider: fal/flux-schnell');
    expect(draft).toContain('provider: replicate/flux-1.1-pro');
    expect(draft).toContain('# deploy/vllm.yaml:17: vllm on Kubernetes Deployment/llama');
    expect(draft).toMatch(/model: llama-3.3-70b\s+# the code says meta-llama\/Llama-3.3-70B-Instruct/);
    expect(draft).toContain('2 replicas, 2 x h100 a replica, tensor parallel 2');
    expect(draft).toContain('model: qwen3-30b-a3b');
    expect(draft.split(PLACEHOLDER_COMMENT).length - 1).toBeGreaterThanOrEqual(7);
  });

  it('matchUse picks a per-hour rental with as many GPUs a replica as the pod asks, or the fewest above', () => {
    const vllm = result.uses.find((u) => u.host === 'kubernetes')!;
    const match = matchUse(vllm, CATALOG);
    const offer = CATALOG.offers.get(match.provider!)!;
    expect(offer).toMatchObject({ billing: 'per_hour', gpu: 'h100' });
    expect(offer.gpus_per_replica ?? 1).toBeGreaterThanOrEqual(2);
  });

  it('declaringWorkload: a workload of the same model declares a use, whatever the spelling', () => {
    const claude = result.uses.find((u) => u.host === 'anthropic')!;
    expect(declaringWorkload(claude, [{ model: 'gpt-4.1-mini' }, { model: 'claude-sonnet-4.5' }], CATALOG)).toBe(1);
    expect(declaringWorkload(claude, [{ model: 'claude-sonnet-4-5' }], CATALOG)).toBe(0);
    expect(declaringWorkload(claude, [{ model: 'claude-3.5-haiku' }], CATALOG)).toBeUndefined();
  });

  it('an unknown model stays as the code spells it, with a comment', () => {
    const text = draftInference(
      [
        {
          file: 'a.py',
          line: 3,
          column: 1,
          kind: 'sdk',
          host: 'openai',
          api: 'chat.completions.create',
          modality: 'text',
          model: 'our-finetune-7',
          settings: {},
          evidence: '',
        },
      ],
      CATALOG,
    );
    expect(text).toMatch(/model: our-finetune-7\s+# unknown model our-finetune-7: declare it under models:/);
  });
});

describe('inference-cost scan', () => {
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

  it('prints the draft, and --write creates inference.yaml but never over an existing one', async () => {
    const root = copyOf('acceptance');
    const printed = await cli(['scan'], root);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('workloads:\n');
    expect(printed.err).toMatch(/7 model uses in \d+ files read/);
    expect(existsSync(join(root, 'inference.yaml'))).toBe(false);

    const written = await cli(['scan', '.', '--write'], root);
    expect(written.code).toBe(0);
    expect(readFileSync(join(root, 'inference.yaml'), 'utf8')).toBe(printed.out.slice(0, -1));

    writeFileSync(join(root, 'inference.yaml'), 'version: 1\nworkloads: []\n');
    const again = await cli(['scan', '--write'], root);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists; scan --write never overwrites it');
    expect(readFileSync(join(root, 'inference.yaml'), 'utf8')).toBe('version: 1\nworkloads: []\n');
  });

  it('exits 2 on a folder that does not exist or an option scan does not take', async () => {
    expect((await cli(['scan', 'no-such-folder'], tmpdir())).code).toBe(2);
    expect((await cli(['scan', '--format', 'json'], tmpdir())).code).toBe(2);
  });
});
