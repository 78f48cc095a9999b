import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import assumptions from '../../src/core/catalog/data/assumptions.json';
import { teamSchema } from '../../src/core/format/schema';
import { TEMPLATE } from '../../src/core/template';

/**
 * Defaults are written once, in src/core/catalog/data/assumptions.json. The schema's descriptions and the init
 * template are generated from it; every text that states a default by hand is held to it here, so changing a default
 * (docs/recipes.md) fails until each place says the new value.
 */
const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const { team, thresholds } = assumptions;

interface Statement {
  /** Where the default is written, for the failure message. */
  where: string;
  text: string;
  /** Each match's first group is a stated value. */
  pattern: RegExp;
  value: number;
}

const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
const settings = (
  JSON.parse(read('package.json')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  }
).contributes.configuration.properties;
const readme = read('README.md');
const costModel = read('docs/cost-model.md');

const STATEMENTS: Statement[] = [
  {
    where: 'package.nls.json config.team.engineerMonthlyUsd',
    text: nls['config.team.engineerMonthlyUsd']!,
    pattern: /catalog default \(\$([\d,]+)\)/g,
    value: team.engineer_monthly_usd,
  },
  {
    where: 'package.nls.json config.team.opsShare',
    text: nls['config.team.opsShare']!,
    pattern: /catalog default \(([\d.]+)\)/g,
    value: team.ops_share,
  },
  {
    where: 'README settings: engineerMonthlyUsd',
    text: readme,
    pattern: /`inferenceCost\.team\.engineerMonthlyUsd` \| catalog \(([\d,]+)\)/g,
    value: team.engineer_monthly_usd,
  },
  {
    where: 'README settings: opsShare',
    text: readme,
    pattern: /`inferenceCost\.team\.opsShare` \| catalog \(([\d.]+)\)/g,
    value: team.ops_share,
  },
  {
    where: 'README settings: breakEven.percent',
    text: readme,
    pattern: /`inferenceCost\.breakEven\.percent` \| (\d+) \|/g,
    value: thresholds.break_even_percent,
  },
  {
    where: 'README settings: breakEven.usd',
    text: readme,
    pattern: /`inferenceCost\.breakEven\.usd` \| (\d+) \|/g,
    value: thresholds.break_even_usd,
  },
  {
    where: 'README settings: staleDays',
    text: readme,
    pattern: /`inferenceCost\.staleDays` \| (\d+) \|/g,
    value: thresholds.stale_days,
  },
  {
    where: 'docs/cost-model.md: ops_share',
    text: costModel,
    pattern: /`engineer_monthly_usd × ops_share` \(default ([\d.]+)\)/g,
    value: team.ops_share,
  },
  {
    where: 'docs/cost-model.md: container_share',
    text: costModel,
    pattern: /`engineer_monthly_usd × container_share` \(default ([\d.]+)/g,
    value: team.container_share,
  },
  {
    where: 'docs/cost-model.md: engineer_monthly_usd',
    text: costModel,
    pattern: /`engineer_monthly_usd` \(default \$([\d,]+)/g,
    value: team.engineer_monthly_usd,
  },
  {
    where: 'docs/cost-model.md: break-even percent',
    text: costModel,
    pattern: /\((\d+) % and \$\d+\/mo by default\)/g,
    value: thresholds.break_even_percent,
  },
  {
    where: 'docs/cost-model.md: break-even dollars',
    text: costModel,
    pattern: /\(\d+ % and \$(\d+)\/mo by default\)/g,
    value: thresholds.break_even_usd,
  },
  {
    where: 'docs/cost-model.md: stale days',
    text: costModel,
    pattern: /verified over (\d+) days ago/g,
    value: thresholds.stale_days,
  },
  {
    where: 'docs/catalog.md: stale days',
    text: read('docs/catalog.md'),
    pattern: /(\d+) days \(`inferenceCost\.staleDays`\)/g,
    value: thresholds.stale_days,
  },
];

/** The values a text states where the pattern matches (line breaks read as spaces); none found fails too. */
function statedValues(s: Statement): number[] {
  return [...s.text.replace(/\s+/g, ' ').matchAll(s.pattern)].map((m) => Number(m[1]!.replace(/,/g, '')));
}

describe('defaults written once (src/core/catalog/data/assumptions.json)', () => {
  it.each(STATEMENTS.map((s) => [s.where, s] as const))('%s states the catalog default', (_where, s) => {
    const values = statedValues(s);
    expect(values.length, `${s.where}: the default is no longer stated where this test looks`).toBeGreaterThan(0);
    for (const v of values) expect(v, s.where).toBe(s.value);
  });

  it('catches a drifted text (the check itself can fail)', () => {
    const other = team.ops_share + 0.5;
    const drifted = { ...STATEMENTS[1]!, text: nls['config.team.opsShare']!.replace(/\(([\d.]+)\)/, `(${other})`) };
    expect(statedValues(drifted)).toEqual([other]);
    expect(statedValues(drifted)).not.toEqual([team.ops_share]);
  });

  it("package.json's setting defaults are the catalog's thresholds; the team settings default to the catalog", () => {
    expect(settings['inferenceCost.breakEven.percent']?.default).toBe(thresholds.break_even_percent);
    expect(settings['inferenceCost.breakEven.usd']?.default).toBe(thresholds.break_even_usd);
    expect(settings['inferenceCost.staleDays']?.default).toBe(thresholds.stale_days);
    expect(settings['inferenceCost.team.engineerMonthlyUsd']?.default).toBeNull();
    expect(settings['inferenceCost.team.opsShare']?.default).toBeNull();
  });

  it('the init template and the example write the catalog defaults in team:', () => {
    const expected = {
      engineer_monthly_usd: team.engineer_monthly_usd,
      ops_share: team.ops_share,
      container_share: team.container_share,
    };
    expect((parse(TEMPLATE) as { team: unknown }).team).toEqual(expected);
    const example = (parse(read('examples/inference.yaml')) as { team: Record<string, number> }).team;
    expect(example).toEqual({ engineer_monthly_usd: team.engineer_monthly_usd, ops_share: team.ops_share });
  });

  it("the schema's descriptions (and so the JSON schema and docs/format.md) say the catalog defaults", () => {
    expect(teamSchema.shape.engineer_monthly_usd.description).toContain(`(default ${team.engineer_monthly_usd})`);
    expect(teamSchema.shape.ops_share.description).toContain(`(default ${team.ops_share})`);
    expect(teamSchema.shape.container_share.description).toContain(`(default ${team.container_share},`);
  });
});
