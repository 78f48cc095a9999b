import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFindings } from '../../src/core/report';
import { LineIndex } from '../../src/core/text/lineIndex';
import { analyze, COST_CODES } from './helpers';

interface Expected {
  code: string;
  line?: number;
  at?: string;
  message?: string;
}
interface Expectation {
  analysed: number;
  fatal?: boolean;
  findings: Expected[];
}

const DIR = join(__dirname, '../fixtures/hostile');
const expectations = JSON.parse(readFileSync(join(DIR, 'expectations.json'), 'utf8')) as Record<string, Expectation>;
describe('hostile-input corpus', () => {
  it('has an expectation for every fixture (the CLI test covers invalid-utf8.yaml)', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'invalid-utf8.yaml');
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  for (const [file, expected] of Object.entries(expectations)) {
    it(`${file}: ${expected.findings.map((f) => f.code).join(', ') || 'no input findings'}, ${expected.analysed} analysed`, () => {
      const report = analyze(readFileSync(join(DIR, file), 'utf8'));
      const lines = new LineIndex(report.text);
      const findings = allFindings(report);
      expect(report.workloads.length).toBe(expected.analysed);
      expect(report.fatal).toBe(expected.fatal ?? false);
      for (const want of expected.findings) {
        const match = findings.find((f) => {
          if (f.code !== want.code) return false;
          if (want.line !== undefined && lines.positionAt(f.range.start).line + 1 !== want.line) return false;
          if (want.at !== undefined && report.text.slice(f.range.start, f.range.end) !== want.at) return false;
          return want.message === undefined || f.message.includes(want.message);
        });
        expect(
          match,
          `${JSON.stringify(want)} among ${JSON.stringify(findings.map((f) => [f.code, lines.positionAt(f.range.start).line + 1, report.text.slice(f.range.start, f.range.end), f.message]))}`,
        ).toBeDefined();
      }
      const unexpected = findings.filter(
        (f) => !COST_CODES.has(f.code) && !expected.findings.some((w) => w.code === f.code),
      );
      expect(unexpected.map((f) => f.message)).toEqual([]);
      for (const f of findings) {
        expect(f.range.start).toBeGreaterThanOrEqual(0);
        expect(f.range.end).toBeLessThanOrEqual(report.text.length);
        expect(f.range.start).toBeLessThanOrEqual(f.range.end);
      }
    });
  }

  it('keeps __proto__ and constructor as data: no prototype is touched', () => {
    const report = analyze(readFileSync(join(DIR, 'proto-keys.yaml'), 'utf8'));
    expect(report.workloads.map((w) => w.workload.name)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('keeps hostile names as literal text', () => {
    const report = analyze(readFileSync(join(DIR, 'hostile-names.yaml'), 'utf8'));
    expect(report.workloads[0]!.workload.name).toBe('<img src=x onerror=alert(1)>');
    expect(report.workloads[1]!.workload.name).toBe('[click](command:workbench.action.terminal.new)');
  });

  it('refuses a file over the size cap without parsing it', () => {
    const big = `version: 1\nworkloads:\n${'  - { name: x, model: sdxl, volume: 1, provider: segmind/api }\n'.repeat(80_000)}`;
    expect(big.length).toBeGreaterThan(5_000_000);
    const report = analyze(big);
    expect(report.fatal).toBe(true);
    expect(allFindings(report).map((f) => f.code)).toEqual(['file-too-large']);
  });

  it('reports 10,000-deep flow nesting at the place it passes the limit', () => {
    const report = analyze(`version: 1\nworkloads: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const f = allFindings(report);
    expect(f.map((x) => x.code)).toEqual(['nesting-too-deep']);
    expect(f[0]!.range.start).toBe('version: 1\nworkloads: '.length + 64);
  });

  it('reports 10,000-deep block nesting without a crash', () => {
    const report = analyze(`version: 1\nworkloads:\n${'- '.repeat(10_000)}x\n`);
    expect(report.fatal).toBe(true);
    expect(allFindings(report).some((f) => f.code === 'nesting-too-deep')).toBe(true);
  });
});
