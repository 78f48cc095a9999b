import { describe, expect, it } from 'vitest';
import { isFromWebview, isToWebview, isWhatIf } from '../../src/core/protocol';
import { chartVolumes, costChart } from '../../src/core/engine/chart';
import { buildCompareView } from '../../src/core/render/compareView';
import { analyze, oneWorkload, workload } from './helpers';

describe('the panel protocol', () => {
  it('accepts exactly the messages the panel sends', () => {
    expect(isFromWebview({ type: 'ready' })).toBe(true);
    expect(isFromWebview({ type: 'select', uri: 'file:///w/inference.yaml', workloadIndex: 2 })).toBe(true);
    expect(isFromWebview({ type: 'whatIf', whatIf: { volumeFactor: 3, utilization: null, traffic: null } })).toBe(true);
    expect(isFromWebview({ type: 'whatIf', whatIf: { volumeFactor: 1, utilization: null, traffic: 'bursty' } })).toBe(
      true,
    );
    expect(isFromWebview({ type: 'whatIf', whatIf: { volumeFactor: 0.5, utilization: 0.9, traffic: 'batch' } })).toBe(
      true,
    );
    expect(isFromWebview({ type: 'whatIf', whatIf: { volumeFactor: 3, utilization: null, traffic: 'measured' } })).toBe(
      true,
    );
    expect(isFromWebview({ type: 'openSource', offer: 'replicate/a40' })).toBe(true);
  });

  it('refuses anything else: unknown types, extra keys, wrong types, absurd numbers', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'evil', command: 'workbench.action.terminal.new' },
      { type: 'ready', extra: 1 },
      { type: 'select', uri: 1, workloadIndex: 0 },
      { type: 'select', uri: 'x', workloadIndex: 1.5 },
      { type: 'select', uri: 'x', workloadIndex: -1 },
      { type: 'select', uri: 'x'.repeat(5000), workloadIndex: 0 },
      { type: 'whatIf', whatIf: { volumeFactor: 1e9, utilization: null } },
      { type: 'whatIf', whatIf: { volumeFactor: Number.NaN, utilization: null } },
      { type: 'whatIf', whatIf: { volumeFactor: 1, utilization: 2, traffic: null } },
      { type: 'whatIf', whatIf: { volumeFactor: 1, utilization: null, traffic: 'rush-hour' } },
      { type: 'whatIf', whatIf: { volumeFactor: 1, utilization: null, __proto__: { x: 1 }, extra: true } },
      { type: 'openSource', offer: 'x'.repeat(201) },
    ]) {
      expect(isFromWebview(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isWhatIf({ volumeFactor: 1 })).toBe(false);
  });

  it('the webview accepts only state messages', () => {
    expect(isToWebview({ type: 'state', state: { files: [], workloads: [] } })).toBe(true);
    expect(isToWebview({ type: 'state', state: null })).toBe(false);
    expect(isToWebview({ type: 'html', html: '<script>' })).toBe(false);
  });
});

describe('the comparison view', () => {
  it('has every offer, the chosen one marked, chart series within the charted volumes', () => {
    const report = analyze(oneWorkload({ model: 'flux-dev', volume: 100000, provider: 'replicate/a40' }));
    const w = workload(report);
    const view = buildCompareView(w, costChart(report, w), 100000);
    expect(view.rows.length).toBe(w.options.length);
    expect(view.rows.filter((r) => r.chosen).map((r) => r.offer)).toEqual(['replicate/a40']);
    expect(view.chart.series[0]).toMatchObject({ offer: 'replicate/a40', chosen: true });
    for (const s of view.chart.series) expect(s.usd.length).toBe(view.chart.volumes.length);
    for (const b of view.chart.breakEvens) expect(b.volume).toBeGreaterThanOrEqual(view.chart.volumes[0]!);
    const chosen = view.rows.find((r) => r.chosen)!;
    expect(chosen.breakdown.map((p) => p.part)).toEqual(expect.arrayContaining(['busy', 'idle', 'coldStarts']));
    expect(chosen.breakdown.reduce((sum, p) => sum + p.usd, 0)).toBeCloseTo(chosen.totalUsd!, 1);
  });

  it('charts a tenth to ten times the declared volume, on a log scale', () => {
    const v = chartVolumes(100000);
    expect(v[0]).toBe(10000);
    expect(v[v.length - 1]).toBe(1000000);
    expect(v).toEqual([...v].sort((a, b) => a - b));
  });
});
