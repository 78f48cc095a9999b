import type { Catalog, Offer } from '../catalog/types';
import { usdPerSecond } from '../engine/billing';
import { formatCount, formatUnitUsd } from '../money';

/** The price an offer charges, in its own unit: "$0.24/h", "$0.00115/s", "$0.008/image". */
export function offerRate(offer: Offer): string {
  switch (offer.billing) {
    case 'per_call':
      return [
        ...perUnit(offer.usd_per_image, 'image'),
        ...perUnit(offer.usd_per_megapixel, 'MP').map((rate) => rate + megapixelTerms(offer)),
        ...perUnit(offer.usd_per_step, 'step'),
        ...Object.entries(offer.usd_per_image_by_quality ?? {}).map(([model, table]) => qualityRange(model, table)),
      ].join(', ');
    case 'per_second':
      return `${formatUnitUsd(usdPerSecond(offer))}/s`;
    case 'per_hour':
    case 'dedicated': {
      const replica = (offer.gpus_per_replica ?? 1) > 1 ? ` for ${offer.gpus_per_replica} GPUs` : '';
      return `${formatUnitUsd(offer.usd_per_hour ?? 0)}/h${replica}${offer.spot_usd_per_hour !== undefined ? ` (spot ${formatUnitUsd(offer.spot_usd_per_hour)}/h)` : ''}`;
    }
    case 'per_token':
      return tokenRate(offer);
  }
}

/** "$0.008/image" for every model, or "sdxl $0.01/image" a model. */
function perUnit(price: number | Record<string, number> | undefined, unit: string): string[] {
  if (price === undefined) return [];
  if (typeof price === 'number') return [`${formatUnitUsd(price)}/${unit}`];
  return Object.entries(price).map(([model, usd]) => `${model} ${formatUnitUsd(usd)}/${unit}`);
}

/** " (first MP $0.03; MP = 1,048,576 px, rounded up per image)": how the host counts, where it says. */
function megapixelTerms(offer: Offer): string {
  const rule = offer.megapixel_rule;
  if (!rule) return '';
  const first = rule.first_megapixel_usd !== undefined ? `first MP ${formatUnitUsd(rule.first_megapixel_usd)}; ` : '';
  return ` (${first}MP = ${rule.pixels.toLocaleString('en-US')} px${rule.round_up ? ', rounded up per image' : ''})`;
}

/** "gpt-image-1 $0.011-$0.25/image by quality and size". */
function qualityRange(model: string, table: Record<string, Record<string, number>>): string {
  const prices = Object.values(table).flatMap((sizes) => Object.values(sizes));
  return `${model} ${formatUnitUsd(Math.min(...prices))}-${formatUnitUsd(Math.max(...prices))}/image by quality and size`;
}

/** "$0.15 in / $0.60 out per MTok (cached in $0.075 from 1,024-token prompts; batch −50%; corrected 2026-12-02)". */
function tokenRate(offer: Offer): string {
  const minimum = offer.min_cached_prompt_tokens;
  const extras = [
    offer.usd_per_million_cached_input_tokens !== undefined
      ? `cached in ${formatUnitUsd(offer.usd_per_million_cached_input_tokens)}${minimum ? ` from ${formatCount(minimum)}-token prompts` : ''}`
      : undefined,
    offer.usd_per_million_cache_write_tokens !== undefined
      ? `cache write ${formatUnitUsd(offer.usd_per_million_cache_write_tokens)}`
      : undefined,
    offer.batch_discount ? `batch −${Math.round(offer.batch_discount * 100)}%` : undefined,
    offer.correction ? `corrected ${offer.correction.verified}, was ${offer.correction.replaced}` : undefined,
    offer.retired ? `retired ${offer.retired.date}` : undefined,
  ].filter(Boolean);
  const base = `${formatUnitUsd(offer.usd_per_million_input_tokens ?? 0)} in / ${formatUnitUsd(offer.usd_per_million_output_tokens ?? 0)} out per MTok`;
  return extras.length ? `${base} (${extras.join('; ')})` : base;
}

/** One line a price source: what it is, where its data came from this run, its date, and what it added. */
export function sourceLines(catalog: Catalog): string[] {
  return catalog.sources.map((s) => {
    const skipped = Object.entries(s.skipped)
      .map(([why, n]) => `${n} ${why}`)
      .join(', ');
    const what = `${s.name}${s.part ? `, ${s.part}` : ''}`;
    // A feed has one date; hand-kept offers each have their own, and the source's is the oldest of them.
    const date = s.date === null ? 'undated' : s.id === 'hand-kept' ? `oldest checked ${s.date}` : s.date;
    const corrected = s.corrected?.length
      ? `; dated corrections over stale entries: ${s.corrected.join(', ')} (see each offer's source)`
      : '';
    return `${what}: ${s.offers} offers, ${date} (${s.origin})${skipped ? `; skipped ${skipped}` : ''}${corrected}${s.problem ? `; update failed: ${s.problem}` : ''}`;
  });
}

export function catalogTable(catalog: Catalog): string {
  const offers = [...catalog.offers.values()];
  const idWidth = Math.max(...offers.map((o) => o.id.length));
  const rateWidth = Math.max(...offers.map((o) => offerRate(o).length));
  const rows = offers.map(
    (o) =>
      `${o.id.padEnd(idWidth)} ${o.billing.padEnd(10)} ${(o.gpu ?? '-').padEnd(10)} ${offerRate(o).padEnd(rateWidth)} ${(o.verified ?? 'unverified').padEnd(10)}  ${o.source}`,
  );
  return [
    'Price sources',
    ...sourceLines(catalog).map((line) => `  ${line}`),
    '',
    `${'offer'.padEnd(idWidth)} ${'billing'.padEnd(10)} ${'gpu'.padEnd(10)} ${'price'.padEnd(rateWidth)} ${'verified'.padEnd(10)}  source`,
    ...rows,
  ].join('\n');
}

export function catalogJson(catalog: Catalog): Record<string, unknown> {
  return {
    offers: [...catalog.offers.values()].map((o) => ({ ...o, rate: offerRate(o) })),
    gpus: [...catalog.gpus.values()],
    models: [...catalog.models.values()],
    speeds: [...catalog.speeds.values()],
    text_speed_checks: catalog.textSpeeds,
    sources: catalog.sources,
    assumptions: catalog.assumptions,
  };
}

/** The catalog as a read-only Markdown document: every price with its source and the date it was verified. */
export function catalogMarkdown(catalog: Catalog): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [...catalog.offers.values()].map(
    (o) =>
      `| ${o.id} | ${o.billing} | ${o.gpu ?? '-'} | ${cell(offerRate(o))} | ${o.verified ?? 'never'} | ${cell(o.source)} |`,
  );
  const speeds = [...catalog.speeds.values()].map(
    (s) => `| ${s.model} | ${s.gpu} | ${s.seconds} | ${cell(s.source)} |`,
  );
  return [
    '# Inference pricing catalog',
    '',
    'Built-in offers. Prices drift: override any of them under `offers:` in inference.yaml or in the `inferenceCost.pricingFile` setting.',
    '',
    '## Price sources',
    '',
    ...sourceLines(catalog).map((line) => `- ${line}`),
    '',
    '| Offer | Billing | GPU | Price | Verified | Source |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Measured seconds per image (batch 1)',
    '',
    '| Model | GPU | Seconds | Source |',
    '|---|---|---:|---|',
    ...speeds,
    '',
    "Other model × GPU pairs are estimates: the model's A100 time divided by the GPU's relative speed.",
    '',
    '## Text models: self-hosted speed',
    '',
    "Estimates by a rule (a roofline of memory bandwidth and compute, from the model's architecture), held to these measurements:",
    '',
    '| Model | GPU | Requests at once | Output tokens/s | Source |',
    '|---|---|---:|---:|---|',
    ...catalog.textSpeeds.map(
      (t) =>
        `| ${t.model} | ${t.gpus > 1 ? `${t.gpus}x ` : ''}${t.gpu} | ${t.concurrency} | ${t.output_tokens_per_second} | ${cell(t.source)} |`,
    ),
    '',
  ].join('\n');
}
