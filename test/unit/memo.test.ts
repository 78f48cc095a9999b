import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, defaultSettings, EDITOR_SCOPE, PricingMemo } from '../../src/core/engine/analyze';
import { toJson } from '../../src/core/render/json';
import { fileReport } from '../../src/core/render/fileReport';
import type { Report } from '../../src/core/report';
import { generateFile } from '../../scripts/benchFile';
import { CATALOG, TODAY } from './helpers';

const settings = { ...defaultSettings(TODAY), catalog: CATALOG };
const json = (r: Report) => JSON.stringify(toJson([fileReport('inference.yaml', r)]));

/** The editor's memo re-prices only what an edit changed: its report must be the one a fresh analysis gives. */
describe('priced workloads kept between analyses of a file', () => {
  const file = generateFile(12, 7);

  it('after any sequence of edits, the report equals a fresh analysis', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            workload: fc.integer({ min: 0, max: 11 }),
            field: fc.constantFrom('volume', 'requests', 'utilization', 'provider', 'team', 'offer', 'swap'),
            value: fc.integer({ min: 1, max: 3_000_000 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (edits) => {
          const memo = new PricingMemo();
          let text = file;
          analyzeText(text, settings, EDITOR_SCOPE, undefined, memo);
          for (const e of edits) {
            text = edit(text, e);
            const kept = analyzeText(text, settings, EDITOR_SCOPE, undefined, memo);
            const fresh = analyzeText(text, settings, EDITOR_SCOPE);
            expect(json(kept)).toBe(json(fresh));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('an edit of one volume re-prices that workload alone', () => {
    const memo = new PricingMemo();
    const before = analyzeText(file, settings, EDITOR_SCOPE, undefined, memo);
    const edited = file.replace(/volume: (\d+)/, (_, n: string) => `volume: ${Number(n) + 1}`);
    const after = analyzeText(edited, settings, EDITOR_SCOPE, undefined, memo);
    const same = after.workloads.filter((w, i) => w.options === before.workloads[i]!.options).length;
    expect(same).toBe(after.workloads.length - 1);
    expect(memo.size).toBe(after.workloads.length);
  });
});

/** One edit of the generated file: a number, the provider of one workload, the team, a file-level offer, or an order. */
function edit(text: string, e: { workload: number; field: string; value: number }): string {
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('  - name:') ? [i] : []));
  const at = starts[e.workload % starts.length]!;
  const end = starts.find((s) => s > at) ?? lines.length;
  if (e.field === 'team')
    return text.replace('version: 1\n', `version: 1\nteam: { engineer_monthly_usd: ${e.value} }\n`);
  if (e.field === 'offer')
    return text.replace(
      'version: 1\n',
      `version: 1\noffers:\n  - { id: runpod/pod-a40, usd_per_hour: ${(e.value % 97) / 100 + 0.05} }\n`,
    );
  if (e.field === 'swap') {
    // Move the workload to the end: its place changes, nothing it is priced on does.
    const block = lines.splice(at, end - at);
    return [...lines.slice(0, -1), ...block, ''].join('\n');
  }
  for (let i = at; i < end; i++) {
    if (e.field === 'provider' && lines[i]!.startsWith('    provider:')) lines[i] = '    provider: runpod/pod-a40';
    if (lines[i]!.startsWith(`    ${e.field}:`))
      lines[i] = `    ${e.field}: ${e.field === 'utilization' ? ((e.value % 90) + 10) / 100 : e.value}`;
  }
  return lines.join('\n');
}
