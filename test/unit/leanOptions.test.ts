import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_OPTIONS_SCOPE,
  analyzeText,
  defaultSettings,
  JSON_SCOPE,
  REPORT_SCOPE,
  type Scope,
} from '../../src/core/engine/analyze';
import { bestOfEachProvider } from '../../src/core/engine/options';
import { fileReport } from '../../src/core/render/fileReport';
import { listedOptions, toJson } from '../../src/core/render/json';
import { toMarkdown } from '../../src/core/render/markdown';
import { toSarif } from '../../src/core/render/sarif';
import { toTable } from '../../src/core/render/text';
import { generateFile } from '../../scripts/benchFile';
import { CATALOG, TODAY } from './helpers';

const settings = { ...defaultSettings(TODAY), catalog: CATALOG };
const EXAMPLE = readFileSync(join(__dirname, '../../examples/inference.yaml'), 'utf8');
/** Files where plans move workloads between providers, share engineering and pick offers of the chosen's own group. */
const FILES = [
  EXAMPLE,
  generateFile(40, 3),
  generateFile(40, 11),
  `version: 1
workloads:
  - { name: a, model: flux-dev, volume: 160000, provider: vast/rtx4090, allow_marketplace: true }
  - { name: b, model: sdxl, volume: 50000, provider: runpod/pod-a40 }
  - { name: c, model: flux-schnell, volume: 900000, provider: fal/flux-schnell, traffic: batch }
  - { name: d, model: llama-3.1-8b, requests: 2000000, input_tokens: 800, output_tokens: 200, provider: runpod/pod-a100-80gb }
`,
];

const ROOT = { uri: 'file:///r/', fromRoot: (p: string) => p, absolute: (p: string) => `file:///${p}` };
const report = (text: string, scope: Scope) => fileReport('inference.yaml', analyzeText(text, settings, scope));

/**
 * A lean report keeps a few options a workload of the hundreds priced (retained.ts): every output must be the one
 * the report with every option gives. If the retained set misses what a plan, finding or renderer reads, these differ.
 */
describe('lean reports: only the options the outputs read', () => {
  it('keeps far fewer options than it prices', () => {
    const lean = report(FILES[1]!, JSON_SCOPE).report;
    const kept = lean.workloads.reduce((sum, w) => sum + w.options.length, 0);
    const left = lean.workloads.reduce((sum, w) => sum + w.leftOut.reduce((s, [, n]) => s + n, 0), 0);
    expect(left).toBeGreaterThan(kept);
  });

  it('gives the same table, Markdown and SARIF as a report with every option', () => {
    for (const text of FILES) {
      const lean = [report(text, REPORT_SCOPE)];
      const all = [report(text, { ...REPORT_SCOPE, options: 'all' })];
      expect(toTable(lean)).toBe(toTable(all));
      expect(toMarkdown(lean)).toBe(toMarkdown(all));
      expect(toSarif(lean, '0', ROOT)).toEqual(toSarif(all, '0', ROOT));
    }
  });

  it('gives the same findings, fixes included (the editor’s quick fixes read them)', () => {
    for (const text of FILES) {
      const lean = analyzeText(text, settings, JSON_SCOPE);
      const all = analyzeText(text, settings, ALL_OPTIONS_SCOPE);
      expect(lean.findings).toEqual(all.findings);
      lean.workloads.forEach((w, i) => expect(w.findings).toEqual(all.workloads[i]!.findings));
    }
  });

  it('gives the same default JSON (totals, plan, break-evens, findings, listed options) as every option does', () => {
    for (const text of FILES) {
      const lean = toJson([report(text, JSON_SCOPE)]);
      const all = toJson([report(text, ALL_OPTIONS_SCOPE)]);
      expect(lean).toEqual(all);
    }
  });

  it('lists by default the chosen offer, the best of each provider and billing model, and the plan’s offer', () => {
    for (const text of FILES) {
      const file = report(text, ALL_OPTIONS_SCOPE);
      const json = toJson([file]) as { options_listed: string; workloads: { options: { offer: string }[] }[] };
      expect(json.options_listed).toBe('lean');
      file.report.workloads.forEach((w, i) => {
        const target = file.report.plan?.moves.find((m) => m.index === w.workload.index)?.to;
        const expected = new Set([
          w.chosen.offer.id,
          ...bestOfEachProvider(w.options, w.chosen).map((o) => o.offer.id),
        ]);
        if (target) expected.add(target);
        expect(new Set(json.workloads[i]!.options.map((o) => o.offer))).toEqual(expected);
        expect(listedOptions(w, file.report.plan, 'lean').length).toBe(expected.size);
      });
    }
  });

  it('lists every option priced with --all-options, and says how many were priced either way', () => {
    const file = report(FILES[1]!, ALL_OPTIONS_SCOPE);
    const all = toJson([file], 'all') as {
      options_listed: string;
      workloads: { options: unknown[]; options_priced: number }[];
    };
    const lean = toJson([report(FILES[1]!, JSON_SCOPE)]) as { workloads: { options_priced: number }[] };
    expect(all.options_listed).toBe('all');
    file.report.workloads.forEach((w, i) => {
      expect(all.workloads[i]!.options).toHaveLength(w.options.length);
      expect(all.workloads[i]!.options_priced).toBe(w.options.length);
      expect(lean.workloads[i]!.options_priced).toBe(w.options.length);
    });
  });
});
