import type { Catalog, Offer } from '../catalog/types';
import { usdPerSecond } from '../engine/billing';
import { formatUnitUsd } from '../money';

/** The price an offer charges, in its own unit: "$0.24/h", "$0.00115/s", "$0.008/image". */
export function offerRate(offer: Offer): string {
  switch (offer.billing) {
    case 'per_call': {
      const p = offer.usd_per_image;
      if (typeof p === 'number') return `${formatUnitUsd(p)}/image`;
      const prices = Object.entries(p ?? {});
      return prices.map(([model, usd]) => `${model} ${formatUnitUsd(usd)}/image`).join(', ');
    }
    case 'per_second':
      return `${formatUnitUsd(usdPerSecond(offer))}/s`;
    case 'per_hour':
    case 'dedicated':
      return `${formatUnitUsd(offer.usd_per_hour ?? 0)}/h${offer.spot_usd_per_hour !== undefined ? ` (spot ${formatUnitUsd(offer.spot_usd_per_hour)}/h)` : ''}`;
    case 'per_token':
      return tokenRate(offer);
  }
}

/** "$0.15 in / $0.60 out per MTok (cached in $0.075; batch −50%)". */
function tokenRate(offer: Offer): string {
  const extras = [
    offer.usd_per_million_cached_input_tokens !== undefined
      ? `cached in ${formatUnitUsd(offer.usd_per_million_cached_input_tokens)}`
      : undefined,
    offer.batch_discount ? `batch −${Math.round(offer.batch_discount * 100)}%` : undefined,
  ].filter(Boolean);
  const base = `${formatUnitUsd(offer.usd_per_million_input_tokens ?? 0)} in / ${formatUnitUsd(offer.usd_per_million_output_tokens ?? 0)} out per MTok`;
  return extras.length ? `${base} (${extras.join('; ')})` : base;
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
    text_speeds: [...catalog.textSpeeds.values()],
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
    '## Text models: self-hosted output tokens/s',
    '',
    '| Model | GPU | One request | Batched (at concurrency) | Prefill | Source |',
    '|---|---|---:|---:|---:|---|',
    ...[...catalog.textSpeeds.values()].map(
      (t) =>
        `| ${t.model} | ${t.gpu} | ${t.single_stream_tokens_per_second} | ${t.batched_tokens_per_second} (${t.batched_concurrency}) | ${t.prefill_tokens_per_second} | ${cell(t.source)} |`,
    ),
    '',
    'Other GPUs are estimates: decode scaled by memory bandwidth, prefill by relative speed.',
    '',
  ].join('\n');
}
