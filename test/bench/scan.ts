/**
 * The scanner's figures (issue 33: a 3,000-file tree with a 5 MB minified file in under 5 s), printed by
 * `npm run bench` (scripts/bench.ts calls benchScan). Figures, never assertions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanFiles } from '../../src/core/scan/scan';
import { scanTree } from '../../src/node/scanTree';

const FILES = 3_000;
const MINIFIED_BYTES = 5 * 1024 * 1024;

const PYTHON_CALL = (i: number) => `import os
from openai import OpenAI

MODEL = os.getenv("MODEL_${i}", "gpt-4.1-mini")
client = OpenAI()


def handler_${i}(messages):
    return client.chat.completions.create(
        model=MODEL,
        messages=messages,
        max_tokens=${100 + i},
    )
`;

const TS_CALL = (i: number) => `import OpenAI from 'openai';
const openai = new OpenAI();
export async function image${i}(prompt: string) {
  return openai.images.generate({ model: 'gpt-image-1', prompt, quality: 'medium', size: '1024x1024' });
}
`;

const PLAIN_PY = (i: number) =>
  `def helper_${i}(x):\n    """Plain code: no SDK."""\n${'    x = x + 1\n'.repeat(40)}    return x\n`;
const PLAIN_TS = (i: number) =>
  `export function util${i}(a: number): number {\n${'  a = a * 2 + 1;\n'.repeat(40)}  return a;\n}\n`;
const K8S = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm-${i} }
spec:
  replicas: 1
  template:
    spec:
      nodeSelector: { cloud.google.com/gke-accelerator: nvidia-l4 }
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]
          resources: { limits: { nvidia.com/gpu: 1 } }
`;

/** A tree of FILES files: code with and without SDK calls, manifests, docs, a dependency folder, one 5 MB bundle. */
function generateTree(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  const minified = `import OpenAI from "openai";var c=new OpenAI();${'function f(a){return a.map(function(b){return b*2})}'.repeat(Math.ceil(MINIFIED_BYTES / 52))}`;
  write('web/public/vendor.min.js', minified.slice(0, MINIFIED_BYTES));
  for (let i = 0; files < FILES; i++) {
    const pkg = `pkg${i % 40}`;
    switch (i % 10) {
      case 0:
        write(`services/${pkg}/calls_${i}.py`, PYTHON_CALL(i));
        break;
      case 1:
        write(`web/src/${pkg}/image${i}.ts`, TS_CALL(i));
        break;
      case 2:
        write(`deploy/${pkg}/llm-${i}.yaml`, K8S(i));
        break;
      case 3:
        write(`docs/${pkg}/page${i}.md`, `# Page ${i}\nCall \`client.images.generate(model="gpt-image-1")\`.\n`);
        break;
      case 4:
      case 5:
        write(
          `node_modules/dep${i % 60}/lib/index${i}.js`,
          `const OpenAI = require('openai');\nnew OpenAI().chat.completions.create({ model: 'gpt-4o' });\n`,
        );
        break;
      case 6:
      case 7:
        write(`services/${pkg}/plain_${i}.py`, PLAIN_PY(i));
        break;
      default:
        write(`web/src/${pkg}/util${i}.ts`, PLAIN_TS(i));
    }
  }
  return { files, bytes };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchScan(): void {
  console.log(
    '\nscan: a generated tree (code with and without SDK calls, manifests, docs, node_modules, a 5 MB bundle)',
  );
  const root = mkdtempSync(join(tmpdir(), 'icr-bench-scan-'));
  try {
    const { files, bytes } = generateTree(root);
    const times: number[] = [];
    let result = scanTree(root);
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      result = scanTree(root);
      times.push(performance.now() - t);
    }
    console.log(
      `  ${files} files, ${(bytes / 2 ** 20).toFixed(1)} MB: scanTree ${median(times).toFixed(0)} ms (median of 3, target < 5000 ms); ${result.filesRead} files read, ${result.uses.length} uses, ${result.skipped.oversized.length} over 1 MB`,
    );
    // The 5 MB bundle handed to the pure scanner as it is (the walk skips it by size): the minified-line gate.
    const minifiedPath = join(root, 'web/public/vendor.min.js');
    const text = readFileSync(minifiedPath, 'utf8');
    const t0 = performance.now();
    const direct = scanFiles([{ path: 'vendor.min.js', text }]);
    console.log(
      `  the 5 MB minified file given to scanFiles directly: ${(performance.now() - t0).toFixed(1)} ms (${direct.notes[0]?.message ?? 'read'})`,
    );
    const cli = join(__dirname, '..', 'dist', 'cli.js');
    const cliPath = existsSync(cli) ? cli : join(process.cwd(), 'dist', 'cli.js');
    if (existsSync(cliPath)) {
      const t1 = performance.now();
      const run = spawnSync(process.execPath, [cliPath, 'scan', root, '--offline'], {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      });
      console.log(
        `  inference-cost scan on it, whole process: ${(performance.now() - t1).toFixed(0)} ms (exit ${run.status})`,
      );
      const bundle = join(dirname(cliPath), 'scan.js');
      if (existsSync(bundle))
        console.log(`  dist/scan.js (loaded on first use): ${(statSync(bundle).size / 1024).toFixed(0)} KB`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
