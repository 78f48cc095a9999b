import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { fileReport } from '../../src/core/render/fileReport';
import { escapeMarkdown, toMarkdown } from '../../src/core/render/markdown';
import { formatUnitUsd, formatUsd } from '../../src/core/money';
import { analyze } from './helpers';

describe('money formatting', () => {
  it('totals to the cent, unit prices with their significant digits', () => {
    expect(formatUsd(1_383_105_000)).toBe('$1,383.11');
    expect(formatUsd(-5_000)).toBe('-$0.01');
    expect(formatUsd(-4_999)).toBe('$0.00');
    expect(formatUnitUsd(0.00115)).toBe('$0.00115');
    expect(formatUnitUsd(0.008)).toBe('$0.008');
    expect(formatUnitUsd(2.4984)).toBe('$2.50');
  });
});

describe('markdown', () => {
  it('escapes only what GitHub-flavoured Markdown would act on', () => {
    expect(escapeMarkdown('product-shots (v2): 1.5x')).toBe('product-shots (v2): 1.5x');
    expect(escapeMarkdown('replicate/a40')).toBe('replicate/a40');
    expect(escapeMarkdown('my_model_v2')).toBe('my_model_v2');
    expect(escapeMarkdown('[click](command:evil)')).toBe('\\[click\\](command\\:evil)');
    expect(escapeMarkdown('a | b @team')).toBe('a \\| b \\@team');
  });

  /** Workload names that would act in Markdown if they were not escaped. */
  const HOSTILE = [
    '<img src=x onerror=alert(1)>',
    '[click](https://evil.example)',
    'see http://evil.example now',
    'www.evil.example',
    'ping @octocat',
    'a|b',
    '**bold** _it_ ~~gone~~',
    '`code` &lt;b&gt;',
    '![pic](x.png)',
  ];

  it('renders as a real GFM table with every hostile name as plain text: no HTML, no link, no emphasis', () => {
    const yaml = `version: 1\nworkloads:\n${HOSTILE.map((name) => `  - { name: ${JSON.stringify(name)}, model: sdxl, volume: 1000, provider: segmind/api }`).join('\n')}\n`;
    const report = analyze(yaml);
    expect(report.workloads.map((w) => w.workload.name)).toEqual(HOSTILE);
    const html = marked.parse(toMarkdown([fileReport('inference.yaml', report)]), { gfm: true, async: false });
    // Only the table, the folded details and the headings are HTML; nothing a workload name brought.
    expect(html).not.toMatch(/<(img|a|strong|em|del|code)\b[^>]*>[^<]*(evil|octocat|pic|bold|gone|code)/i);
    expect(html).not.toMatch(/<img|href=/i);
    const rows = [...html.matchAll(/<tr>\s*<td>([^]*?)<\/td>\s*<td>([^]*?)<\/td>/g)].map((m) => decode(m[2]!));
    for (const name of HOSTILE) expect(rows).toContain(name);
  });
});

/** The text of a cell as a browser shows it. */
function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
