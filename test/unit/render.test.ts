import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileReport } from '../../src/core/render/fileReport';
import { escapeMarkdown, toMarkdown } from '../../src/core/render/markdown';
import { formatUnitUsd, formatUsd } from '../../src/core/money';
import { analyze } from './helpers';

describe('money formatting', () => {
  it('totals to the cent, unit prices with their significant digits', () => {
    expect(formatUsd(1_383_105_000)).toBe('$1,383.11');
    expect(formatUsd(-5_000)).toBe('-$0.01');
    expect(formatUnitUsd(0.00115)).toBe('$0.00115');
    expect(formatUnitUsd(0.008)).toBe('$0.008');
    expect(formatUnitUsd(2.4984)).toBe('$2.50');
  });
});

describe('markdown', () => {
  it('escapes workspace text: no HTML, links, mentions, or table breaks', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(escapeMarkdown('[click](command:evil)')).toBe('\\[click\\]\\(command&#58;evil\\)');
    expect(escapeMarkdown('a | b @team')).toBe('a \\| b &#64;team');
  });

  it('renders hostile names as text in a pull-request comment', () => {
    const report = analyze(readFileSync(join(__dirname, '../fixtures/hostile/hostile-names.yaml'), 'utf8'));
    const md = toMarkdown([fileReport('inference.yaml', report)]);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('](command:');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)');
  });
});
