import { parse } from 'csv-parse/sync';
import type { Offer, Tier } from '../types';
import { countSkip, type SkypilotCloud, type SourceOffers } from './types';

/**
 * GPU rental prices from SkyPilot's catalog (catalogs/v8/<cloud>/vms.csv). Columns are read by header name: their
 * order differs between clouds. A GPU we do not model is skipped and counted, never guessed.
 */

const REQUIRED_COLUMNS = ['InstanceType', 'AcceleratorName', 'AcceleratorCount', 'Price'] as const;

/** SkyPilot's accelerator names (they differ between clouds) -> our GPU ids. */
const GPU_NAMES: Record<string, string> = {
  'A100-80GB': 'a100-80gb',
  'A100-80GB-SXM': 'a100-80gb',
  A40: 'a40',
  A6000: 'rtx-a6000',
  RTXA6000: 'rtx-a6000',
  A5000: 'rtx-a5000',
  RTXA5000: 'rtx-a5000',
  A10: 'a10',
  A10G: 'a10g',
  B200: 'b200',
  'H100-SXM': 'h100',
  'H100-NVL': 'h100-nvl',
  H200: 'h200',
  'H200-SXM': 'h200',
  GH200: 'gh200',
  L4: 'l4',
  L40: 'l40',
  L40S: 'l40s',
  T4: 't4',
  RTX3090: 'rtx3090',
  RTX4090: 'rtx4090',
  RTX5090: 'rtx5090',
  'RTX6000-Ada': 'rtx-6000-ada',
  RTX6000Ada: 'rtx-6000-ada',
  RTXPro6000: 'rtx-pro-6000',
  RTXPRO6000S: 'rtx-pro-6000',
  MI300X: 'mi300x',
};

/** The GPU a row rents, where the name alone is ambiguous: an A100 by its memory, an H100 by its form factor. */
export function gpuOf(name: string, instanceType: string, memoryGb: number | undefined): string | undefined {
  if (name === 'A100') return memoryGb !== undefined && memoryGb <= 48 ? 'a100-40gb' : 'a100-80gb';
  if (name === 'H100') {
    if (/pcie/i.test(instanceType)) return 'h100-pcie';
    if (/nvl/i.test(instanceType) || (memoryGb !== undefined && memoryGb > 88)) return 'h100-nvl';
    return 'h100';
  }
  return GPU_NAMES[name];
}

/**
 * One GPU's memory in GB from GpuInfo (a Python literal). `SizeInMiB` holds GB on some clouds (RunPod, Shadeform):
 * a value under 1024 is read as GB.
 */
export function memoryGbOf(gpuInfo: string | undefined): number | undefined {
  const match = gpuInfo?.match(/'SizeInMiB':\s*([\d.]+)/);
  if (!match) return undefined;
  const size = Number(match[1]);
  return size < 1024 ? size : size / 1024;
}

interface Row {
  instanceType: string;
  gpu: string;
  count: number;
  price: number;
  spot?: number;
  region: string;
}

export class SkypilotFormatError extends Error {}

/** Rows of one cloud's vms.csv: throws SkypilotFormatError when the text is not that CSV at all. */
export function readSkypilotCsv(text: string): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false, bom: true });
  } catch (e) {
    throw new SkypilotFormatError(`not a CSV file: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length > 0)
    throw new SkypilotFormatError(
      records.length === 0 ? 'no rows' : `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  return records;
}

function rowOf(record: Record<string, string>, skipped: Record<string, number>): Row | undefined {
  const name = record.AcceleratorName?.trim() ?? '';
  if (!name) return void countSkip(skipped, 'no GPU (CPU instance)');
  const count = Number(record.AcceleratorCount);
  const price = Number(record.Price);
  if (!Number.isInteger(count) || count < 1 || count > 16) return void countSkip(skipped, 'GPU count not 1-16');
  if (!Number.isFinite(price) || price <= 0 || price > 1000) return void countSkip(skipped, 'no usable price');
  const gpu = gpuOf(name, record.InstanceType ?? '', memoryGbOf(record.GpuInfo));
  if (!gpu) return void countSkip(skipped, `unknown GPU ${name}`);
  const spotPrice = Number(record.SpotPrice);
  // A spot price is real only below the on-demand one (RunPod repeats the price; Vast writes 0.00).
  const spot = record.SpotPrice && spotPrice > 0 && spotPrice < price ? spotPrice : undefined;
  return { instanceType: record.InstanceType ?? '', gpu, count, price, spot, region: record.Region ?? '' };
}

function tierOf(cloud: SkypilotCloud, instanceType: string): Tier {
  if (cloud === 'vast' || /_COMMUNITY$/i.test(instanceType)) return 'marketplace';
  return 'secure';
}

/** Our offer id: `<cloud>/[pod-][<n>x-]<gpu>`; Shadeform names the provider behind it. */
function offerIdOf(cloud: SkypilotCloud, row: Row): string {
  const size = row.count > 1 ? `${row.count}x-` : '';
  if (cloud === 'runpod') return `runpod/pod-${size}${row.gpu}`;
  if (cloud === 'shadeform') {
    const upstream = row.instanceType
      .split('_')[0]!
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    return `shadeform/${upstream}-${size}${row.gpu}`;
  }
  return `${cloud}/${size}${row.gpu}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Offers of one cloud: one per GPU and count. Where several rows share an id (regions, shapes), Vast takes the
 * median (a marketplace: the lowest is rarely there for long) and the others the lowest on-demand price.
 */
export function skypilotOffers(cloud: SkypilotCloud, text: string, date: string): SourceOffers {
  const skipped: Record<string, number> = {};
  const groups = new Map<string, Row[]>();
  for (const record of readSkypilotCsv(text)) {
    const row = rowOf(record, skipped);
    if (!row) continue;
    const id = offerIdOf(cloud, row);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  const offers: Offer[] = [];
  for (const [id, rows] of groups) {
    const chosen =
      cloud === 'vast'
        ? { ...rows[0]!, price: median(rows.map((r) => r.price)) }
        : rows.reduce((a, b) => (b.price < a.price ? b : a));
    offers.push(rentalOffer(cloud, id, chosen, rows.length, date));
  }
  return { offers, models: [], modelAliases: new Map(), skipped };
}

function rentalOffer(cloud: SkypilotCloud, id: string, row: Row, rows: number, date: string): Offer {
  const how = cloud === 'vast' ? `median of ${rows} offer${rows > 1 ? 's' : ''}` : `${row.instanceType}, ${row.region}`;
  return {
    id,
    provider: id.slice(0, id.indexOf('/')),
    billing: 'per_hour',
    gpu: row.gpu,
    gpus_per_replica: row.count,
    usd_per_hour: row.price,
    spot_usd_per_hour: row.spot,
    self_managed: true,
    operating: 'self-managed',
    tier: tierOf(cloud, row.instanceType),
    bills_cold_start: false,
    bills_idle: false,
    cold_start_seconds: 0,
    idle_timeout_seconds: 0,
    // Where the file itself came from (package, cache, mirror) is the source's, in the catalog's sources list.
    source: `SkyPilot catalog ${cloud}/vms.csv: ${how}`,
    verified: date,
    estimate: false,
    quote_required: false,
    origin: 'catalog',
    feed: 'skypilot',
  };
}
