import type { Catalog, Offer } from '../catalog/types';
import { missingPriceField, normalizeOffer, overrideOffer, withOffers } from '../catalog/offers';
import { FINDING_CODES, type Finding } from '../findings/types';
import type { SourceRange } from '../text/lineIndex';
import { didYouMean, showValue } from './didYouMean';
import { readModels, withModels } from './declaredModels';
import { err, knownKeys, listItems, parseItem, rangeOf, warnUnknownKeys } from './items';
import { issueToFinding } from './issues';
import { placeholderFields } from './placeholders';
import { entryOf, headRange, toPlain, type Located, type LocatedMap } from './located';
import {
  WORKLOAD_DEFAULTS,
  type FileModel,
  type Team,
  type TextDemand,
  type TrafficSpec,
  type Workload,
  type WorkloadField,
} from './model';
import {
  fileSchema,
  offerSchema,
  scanSchema,
  teamSchema,
  workloadSchema,
  type OfferInput,
  type WorkloadInput,
} from './schema';

export interface Validated {
  model: FileModel;
  catalog: Catalog;
  findings: Finding[];
  /** The file cannot be priced at all (not a mapping, wrong version). */
  fatal: boolean;
}

/** Checks a located tree against the v1 contract and the catalog; a bad item is reported and skipped, never fatal for the rest. */
export function validateFile(
  root: Located,
  catalog: Catalog,
  teamDefaults: Team,
  today: string,
  /** The file's text: the comments that mark placeholder figures (format/placeholders.ts) are read from it. */
  text = '',
): Validated {
  const findings: Finding[] = [];
  const emptyModel: FileModel = {
    team: { ...teamDefaults },
    fileOffers: [],
    fileModels: [],
    workloads: [],
    offerRanges: new Map(),
  };
  if (root.kind !== 'map') {
    findings.push(
      err(
        FINDING_CODES.invalidValue,
        `The file must be a mapping with \`version: 1\` and \`workloads:\`, not ${showValue(root.kind === 'scalar' ? root.value : [])}.`,
        root.range,
      ),
    );
    return { model: emptyModel, catalog, findings, fatal: true };
  }
  warnUnknownKeys(root, knownKeys(fileSchema), 'the file', findings);
  if (!checkVersion(root, findings)) return { model: emptyModel, catalog, findings, fatal: true };

  const team = readTeam(root, teamDefaults, findings);
  const declared = readModels(root, catalog, findings);
  const withDeclared = withModels(catalog, declared);
  const { offers, offerRanges } = readOffers(root, withDeclared, findings, today);
  const merged = withOffers(withDeclared, offers);
  const workloads = readWorkloads(root, merged, findings, text);
  const budget = readFileBudget(root, findings);
  const scan = readScanSettings(root, findings);
  return {
    model: {
      team,
      fileOffers: offers,
      fileModels: declared.models,
      workloads,
      offerRanges,
      ...budget,
      ...(scan ? { scan } : {}),
    },
    catalog: merged,
    findings,
    fatal: false,
  };
}

function checkVersion(root: LocatedMap, findings: Finding[]): boolean {
  const version = root.entries.get('version');
  if (!version) {
    findings.push(
      err(FINDING_CODES.missingField, 'The file is missing `version: 1`; it is read as version 1.', headRange(root)),
    );
    return true;
  }
  const value = version.value.kind === 'scalar' ? version.value.value : undefined;
  if (value === 1) return true;
  findings.push(
    err(
      FINDING_CODES.unsupportedVersion,
      `\`version\` is ${showValue(value ?? [])}; this build reads version 1 only.`,
      version.value.range,
    ),
  );
  return false;
}

function readTeam(root: LocatedMap, defaults: Team, findings: Finding[]): Team {
  const entry = root.entries.get('team');
  if (!entry) return { ...defaults };
  const parsed = parseItem(entry.value, teamSchema, '`team`', findings);
  if (!parsed) return { ...defaults };
  return {
    engineerMonthlyUsd: parsed.engineer_monthly_usd ?? defaults.engineerMonthlyUsd,
    opsShare: parsed.ops_share ?? defaults.opsShare,
    containerShare: parsed.container_share ?? defaults.containerShare,
    origin: 'file',
  };
}

export function readOffers(
  root: LocatedMap,
  catalog: Catalog,
  findings: Finding[],
  today: string,
): { offers: Offer[]; offerRanges: Map<string, SourceRange> } {
  const offers: Offer[] = [];
  const offerRanges = new Map<string, SourceRange>();
  const entry = root.entries.get('offers');
  if (!entry) return { offers, offerRanges };
  const items = listItems(entry.value, '`offers`', findings);
  items.forEach((item, i) => {
    const raw = parseItem(item, offerSchema, `offer ${i + 1}`, findings);
    if (!raw) return;
    const offer = resolveOffer(raw, item, catalog, findings);
    if (!offer) return;
    checkVerifiedDate(raw, item, today, findings);
    checkSpotPrice(offer, item, findings);
    offers.push(offer);
    offerRanges.set(offer.id, entryOf(item, 'id')?.value.range ?? item.range);
  });
  return { offers, offerRanges };
}

/** A known id is an override of the catalog's offer; an unknown one must say how it bills and what it costs. */
function resolveOffer(raw: OfferInput, item: Located, catalog: Catalog, findings: Finding[]): Offer | undefined {
  const base = catalog.offers.get(raw.id);
  const offer = base ? overrideOffer(base, raw, 'file') : undefined;
  if (!offer && !raw.billing) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `Offer \`${raw.id}\` is not in the built-in catalog, so it needs \`billing\` (per_call, per_second, per_hour, dedicated or per_token).${didYouMean(raw.id, catalog.offers.keys())}`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  const result = offer ?? normalizeOffer(raw, 'file');
  const missing = missingPriceField(result);
  if (missing) {
    findings.push(
      err(
        FINDING_CODES.offerWithoutPrice,
        `Offer \`${result.id}\` (${result.billing}) has no price: add \`${missing}\`.`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  if (result.billing === 'per_token' && !result.models?.length) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `Offer \`${result.id}\` bills tokens, so it needs \`models\`: the text models it serves (e.g. [llama-3.1-8b]).`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  if (
    result.billing !== 'per_call' &&
    result.billing !== 'per_token' &&
    (!result.gpu || !catalog.gpus.has(result.gpu))
  ) {
    const gpuRange = rangeOf(item, 'gpu') ?? rangeOf(item, 'id');
    const message = result.gpu
      ? `Unknown GPU \`${result.gpu}\`.${didYouMean(result.gpu, catalog.gpus.keys())} Known: ${[...catalog.gpus.keys()].join(', ')}.`
      : `Offer \`${result.id}\` bills GPU time, so it needs \`gpu\` (for speed and memory).`;
    findings.push(err(result.gpu ? FINDING_CODES.unknownGpu : FINDING_CODES.missingField, message, gpuRange));
    return undefined;
  }
  return result;
}

/** A spot price at or above the on-demand price is a typo or a stale snapshot: spot capacity is sold at a discount. */
function checkSpotPrice(offer: Offer, item: Located, findings: Finding[]): void {
  if (
    offer.spot_usd_per_hour === undefined ||
    offer.usd_per_hour === undefined ||
    offer.spot_usd_per_hour < offer.usd_per_hour
  )
    return;
  findings.push({
    code: FINDING_CODES.invalidValue,
    severity: 'warning',
    message: `\`spot_usd_per_hour\` ($${offer.spot_usd_per_hour}/h) is not below \`usd_per_hour\` ($${offer.usd_per_hour}/h); spot capacity costs 30-70 % less. Check both prices.`,
    range: rangeOf(item, entryOf(item, 'spot_usd_per_hour') ? 'spot_usd_per_hour' : 'usd_per_hour'),
  });
}

function checkVerifiedDate(raw: OfferInput, item: Located, today: string, findings: Finding[]): void {
  if (raw.verified && raw.verified > today) {
    findings.push({
      code: FINDING_CODES.futureDate,
      severity: 'warning',
      message: `\`verified\` is ${raw.verified}, after today (${today}); the price is treated as unverified.`,
      range: rangeOf(item, 'verified'),
    });
  }
}

function readWorkloads(root: LocatedMap, catalog: Catalog, findings: Finding[], text: string): Workload[] {
  const entry = root.entries.get('workloads');
  if (!entry) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        'The file has no `workloads:` list, so there is nothing to price.',
        headRange(root),
      ),
    );
    return [];
  }
  const workloads: Workload[] = [];
  const names = new Map<string, number>();
  listItems(entry.value, '`workloads`', findings).forEach((item, index) => {
    const label = `workload ${index + 1}`;
    const parsed = parseItem(item, workloadSchema, label, findings);
    const raw = parsed && resolveAliases(parsed, item, catalog, findings);
    if (
      !raw ||
      !knowsReferences(raw, item, catalog, findings) ||
      !fitsModelKind(raw, item, catalog, findings) ||
      !isConsistent(raw, item, catalog, findings)
    )
      return;
    const earlier = names.get(raw.name);
    if (earlier !== undefined) {
      findings.push(
        err(
          FINDING_CODES.duplicateName,
          `Another workload (number ${earlier + 1}) is already named ${showValue(raw.name)}; names must be unique.`,
          rangeOf(item, 'name'),
        ),
      );
    }
    names.set(raw.name, index);
    const workload = toWorkload(raw, item, index, catalog);
    const placeholders = text ? placeholderFields(item, text) : [];
    if (placeholders.length) workload.placeholders = placeholders;
    if (workload.volume === 0) {
      findings.push({
        code: FINDING_CODES.zeroVolume,
        severity: 'info',
        message: `${workload.unit === 'request' ? 'Requests are' : 'Volume is'} 0: only fixed monthly costs are counted.`,
        range: workload.ranges.volume ?? workload.ranges.item,
        workload: index,
      });
    }
    workloads.push(workload);
  });
  return workloads;
}

/**
 * A model as a provider's API spells it, or an offer id that was renamed, is read as our id: said once, as
 * information at the field, so the file keeps working and its author learns the id that completes.
 */
function resolveAliases(raw: WorkloadInput, item: Located, catalog: Catalog, findings: Finding[]): WorkloadInput {
  const model = catalog.models.has(raw.model) ? undefined : catalog.modelAliases.get(raw.model.toLowerCase());
  const provider =
    raw.provider === undefined || catalog.offers.has(raw.provider) ? undefined : catalog.offerAliases.get(raw.provider);
  const info = (field: string, from: string, to: string, what: string) =>
    findings.push({
      code: FINDING_CODES.renamedId,
      severity: 'info',
      message: `\`${from}\` is read as ${what} \`${to}\`.`,
      range: rangeOf(item, field),
    });
  if (model) info('model', raw.model, model, 'model');
  if (provider) info('provider', raw.provider!, provider, 'offer');
  return model || provider ? { ...raw, model: model ?? raw.model, provider: provider ?? raw.provider } : raw;
}

function knowsReferences(raw: WorkloadInput, item: Located, catalog: Catalog, findings: Finding[]): boolean {
  let ok = true;
  if (!catalog.models.has(raw.model)) {
    findings.push(
      err(
        FINDING_CODES.unknownModel,
        `Unknown model \`${raw.model}\`.${didYouMean(raw.model, catalog.models.keys())} Declare it under \`models:\` (like: a built-in model, or its architecture), or see \`inference-cost catalog\` for the ${catalog.models.size} known models.`,
        rangeOf(item, 'model'),
      ),
    );
    ok = false;
  }
  // No provider is a planning question the engine answers (engine/undeclared.ts), not an error.
  if (raw.provider !== undefined && !catalog.offers.has(raw.provider)) {
    findings.push(
      err(
        FINDING_CODES.unknownOffer,
        `Unknown offer \`${raw.provider}\`.${didYouMean(raw.provider, catalog.offers.keys())} Declare it under \`offers:\` or pick a built-in one (\`inference-cost catalog\`).`,
        rangeOf(item, 'provider'),
      ),
    );
    ok = false;
  }
  if (raw.seconds_per_image !== undefined && typeof raw.seconds_per_image === 'object') {
    const speeds = entryOf(item, 'seconds_per_image')?.value;
    for (const gpu of Object.keys(raw.seconds_per_image)) {
      if (catalog.gpus.has(gpu)) continue;
      const keyRange = speeds?.kind === 'map' ? speeds.entries.get(gpu)?.keyRange : undefined;
      findings.push({
        code: FINDING_CODES.unknownGpu,
        severity: 'warning',
        message: `Unknown GPU \`${gpu}\`; this measurement is not used.${didYouMean(gpu, catalog.gpus.keys())}`,
        range: keyRange ?? rangeOf(item, 'seconds_per_image'),
      });
    }
  }
  return ok;
}

/**
 * Fields that contradict each other or the chosen offer: an error where the workload cannot be priced, else a warning.
 * A workload without `provider:` has no chosen offer yet: only the checks that need none run.
 */
function isConsistent(raw: WorkloadInput, item: Located, catalog: Catalog, findings: Finding[]): boolean {
  const offer = raw.provider === undefined ? undefined : catalog.offers.get(raw.provider)!;
  const warn = (field: string, message: string) =>
    findings.push({ code: FINDING_CODES.invalidValue, severity: 'warning', message, range: rangeOf(item, field) });
  if (raw.max_wait_hours !== undefined && raw.traffic !== 'batch')
    warn('max_wait_hours', '`max_wait_hours` applies to `traffic: batch` only; it is ignored.');
  if (offer) offerNotes(raw, offer, warn);
  const model = catalog.models.get(raw.model);
  const context = model?.kind === 'text' ? model.text?.context_tokens : undefined;
  const tokens = (raw.input_tokens ?? 0) + (raw.output_tokens ?? 0);
  if (context !== undefined && tokens > context) {
    findings.push(
      err(
        FINDING_CODES.invalidValue,
        `A request of ${tokens} tokens (in + out) does not fit \`${raw.model}\`'s context window of ${context} tokens.`,
        rangeOf(item, 'input_tokens'),
      ),
    );
    return false;
  }
  const traffic = raw.traffic;
  const volume = raw.volume ?? raw.requests ?? 0;
  if (typeof traffic === 'object' && volume > 0) {
    const hours = traffic.hours ?? [1];
    const weekdays = traffic.weekdays ?? [1];
    if (!hours.some((h) => h > 0) || !weekdays.some((d) => d > 0)) {
      findings.push(
        err(
          FINDING_CODES.invalidValue,
          `This traffic shape has no hour with any weight, but the volume is ${volume}: give at least one hour and one weekday a weight above 0.`,
          rangeOf(item, 'traffic'),
        ),
      );
      return false;
    }
  }
  return true;
}

/** Fields that apply to some billing models only, said against the chosen offer. */
function offerNotes(raw: WorkloadInput, offer: Offer, warn: (field: string, message: string) => void): void {
  if (raw.min_workers !== undefined && raw.min_workers > 0 && offer.billing !== 'per_second') {
    warn(
      'min_workers',
      `\`min_workers\` applies to per-second offers; \`${offer.id}\` is ${offer.billing}. Per-second alternatives are priced with it.`,
    );
  }
  if (raw.min_replicas === 0 && offer.billing === 'dedicated' && offer.scale_to_zero_after_seconds === undefined) {
    warn('min_replicas', `\`${offer.id}\` cannot scale to zero; it is priced with one replica always running.`);
  }
  if (raw.seconds_per_batch !== undefined) batchMeasurementNotes(raw, raw.seconds_per_batch, offer.gpu, warn);
}

/** A measured batch that cannot be used as written, or that contradicts the workload's other speeds. */
function batchMeasurementNotes(
  raw: WorkloadInput,
  perBatch: number,
  gpu: string | undefined,
  warn: (field: string, message: string) => void,
): void {
  const size = raw.batch_size ?? WORKLOAD_DEFAULTS.batchSize;
  if (!gpu)
    warn('seconds_per_batch', `\`${raw.provider}\` runs on no GPU of its own: \`seconds_per_batch\` is not used.`);
  else if (size === 1)
    warn(
      'seconds_per_batch',
      '`seconds_per_batch` times a call of `batch_size` images and `batch_size` is 1: say how many images a call makes, or write `seconds_per_image`.',
    );
  if (typeof raw.seconds_per_image === 'number' && perBatch < raw.seconds_per_image)
    warn(
      'seconds_per_batch',
      `A call of ${size} images (\`seconds_per_batch: ${perBatch}\`) takes less than one image alone (\`seconds_per_image: ${raw.seconds_per_image}\`): one of them is not what was measured.`,
    );
  if (raw.batch_time_factor !== undefined)
    warn(
      'batch_time_factor',
      "`batch_time_factor` is not used on the chosen offer's GPU: `seconds_per_batch` gives the measured call there.",
    );
}

/**
 * A workload read field by field, keeping each field that is valid on its own: what completion prices while the
 * user is still typing (the provider is usually the field being written). Undefined without a known model.
 */
export function lenientWorkload(
  item: Located,
  catalog: Catalog,
  provider: string,
  index: number,
): Workload | undefined {
  if (item.kind !== 'map') return undefined;
  const raw: Record<string, unknown> = { name: '' };
  for (const [key, entry] of item.entries) {
    const field = workloadSchema.shape[key as keyof typeof workloadSchema.shape];
    const parsed = field?.safeParse(toPlain(entry.value));
    if (parsed?.success && parsed.data !== undefined) raw[key] = parsed.data;
  }
  if (typeof raw.model !== 'string') return undefined;
  const model = catalog.models.has(raw.model) ? raw.model : catalog.modelAliases.get(raw.model.toLowerCase());
  if (!model) return undefined;
  return toWorkload({ ...raw, model, provider } as WorkloadInput, item, index, catalog);
}

/** Fields of one kind of model only: an image model's images and batches, a text model's requests and tokens. */
const IMAGE_ONLY = [
  'volume',
  'batch_size',
  'batch_time_factor',
  'seconds_per_image',
  'seconds_per_batch',
  'steps',
  'resolution',
  'quality',
] as const;
const TEXT_ONLY = [
  'requests',
  'input_tokens',
  'output_tokens',
  'cached_input_share',
  'ttft_seconds',
  'output_tokens_per_second',
  'tokens_per_second',
] as const;

const WORKLOAD_RANGE_FIELDS: WorkloadField[] = [
  'name',
  'model',
  'volume',
  ...TEXT_ONLY,
  'provider',
  'traffic',
  'seconds_per_image',
  'seconds_per_batch',
  'steps',
  'resolution',
  'quality',
  'batch_size',
  'utilization',
  'scaling',
  'spot',
  'cold_start_seconds',
  'latency_slo_seconds',
  'budget_usd_per_month',
  'min_workers',
  'serving',
  'allow_marketplace',
  'min_replicas',
  'max_wait_hours',
];

function toTraffic(raw: WorkloadInput): TrafficSpec {
  const traffic = raw.traffic ?? 'steady';
  if (traffic === 'batch') return { kind: 'batch', maxWaitHours: raw.max_wait_hours ?? WORKLOAD_DEFAULTS.maxWaitHours };
  if (typeof traffic === 'string') return { kind: traffic };
  return {
    kind: 'custom',
    hours: traffic.hours ?? Array.from({ length: 24 }, () => 1),
    weekdays: traffic.weekdays ?? Array.from({ length: 7 }, () => 1),
  };
}

function toWorkload(raw: WorkloadInput, item: Located, index: number, catalog: Catalog): Workload {
  const ranges: Workload['ranges'] = { item: headRange(item) };
  for (const field of WORKLOAD_RANGE_FIELDS) {
    const entry = entryOf(item, field);
    if (entry) ranges[field] = entry.value.range;
  }
  const text = catalog.models.get(raw.model)?.kind === 'text';
  // Renderers point at `volume`; for a text workload that is its requests.
  if (text && ranges.requests) ranges.volume = ranges.requests;
  // Without `provider:`, what is said of the chosen offer (findings, the inline cost) stands at the model.
  if (raw.provider === undefined) ranges.provider = ranges.model ?? ranges.item;
  return {
    index,
    name: raw.name,
    model: raw.model,
    volume: (text ? raw.requests : raw.volume) ?? 0,
    unit: text ? 'request' : 'image',
    ...(text ? { text: textDemand(raw) } : {}),
    // Without `provider:` the engine picks the cheapest eligible offer (engine/undeclared.ts) before pricing.
    provider: raw.provider ?? '',
    ...(raw.provider === undefined ? { providerUndeclared: true as const } : {}),
    traffic: toTraffic(raw),
    secondsPerImage: raw.seconds_per_image,
    image: text ? undefined : imageSettingsOf(raw),
    batchSize: raw.batch_size ?? WORKLOAD_DEFAULTS.batchSize,
    secondsPerBatch: raw.seconds_per_batch,
    batchTimeFactor: raw.batch_time_factor,
    utilization: raw.utilization ?? WORKLOAD_DEFAULTS.utilization,
    scaling: raw.scaling ?? WORKLOAD_DEFAULTS.scaling,
    spot: raw.spot ?? WORKLOAD_DEFAULTS.spot,
    coldStartsPerMonth: raw.cold_starts_per_month,
    coldStartSeconds: raw.cold_start_seconds,
    latencySloSeconds: raw.latency_slo_seconds,
    budgetUsdPerMonth: raw.budget_usd_per_month,
    serving: raw.serving ?? (raw.traffic === 'batch' ? 'batch' : 'interactive'),
    allowMarketplace: raw.allow_marketplace ?? false,
    minWorkers: raw.min_workers,
    minReplicas: raw.min_replicas,
    ranges,
  };
}

/** The settings the workload asks for; undefined where it asks for none (the model's reference settings). */
function imageSettingsOf(raw: WorkloadInput): Workload['image'] {
  if (raw.steps === undefined && raw.resolution === undefined && raw.quality === undefined) return undefined;
  const [width, height] = raw.resolution ? raw.resolution.split('x').map(Number) : [];
  return { steps: raw.steps, width, height, quality: raw.quality };
}

function textDemand(raw: WorkloadInput): TextDemand {
  return {
    inputTokens: raw.input_tokens ?? 0,
    outputTokens: raw.output_tokens ?? 0,
    cachedInputShare: raw.cached_input_share ?? 0,
    ttftSeconds: raw.ttft_seconds,
    outputTokensPerSecond: raw.output_tokens_per_second,
    measuredTokensPerSecond: raw.tokens_per_second,
  };
}

const NEEDED_FIELD_MEANING = {
  volume: 'images a month',
  requests: 'requests a month',
  input_tokens: 'average prompt tokens a request',
  output_tokens: 'average generated tokens a request',
} as const;

/**
 * An image model counts images, a text model requests and tokens: a field of the other kind is an error at the
 * field, and the fields a kind needs must be there.
 */
function fitsModelKind(raw: WorkloadInput, item: Located, catalog: Catalog, findings: Finding[]): boolean {
  const text = catalog.models.get(raw.model)!.kind === 'text';
  const wrong = (text ? IMAGE_ONLY : TEXT_ONLY).filter((field) => raw[field] !== undefined);
  for (const field of wrong) {
    const hint = text
      ? field === 'volume'
        ? 'give `requests` (a month) with `input_tokens` and `output_tokens` instead'
        : 'text models are sized by `input_tokens`, `output_tokens` and `tokens_per_second`'
      : 'those fields are for text models; an image model counts images in `volume`';
    findings.push(
      err(
        FINDING_CODES.invalidValue,
        `\`${field}\` does not apply to ${text ? 'text' : 'image'} model \`${raw.model}\`: ${hint}.`,
        rangeOf(item, field),
      ),
    );
  }
  const needed = text ? (['requests', 'input_tokens', 'output_tokens'] as const) : (['volume'] as const);
  const missing = needed.filter((field) => raw[field] === undefined);
  if (missing.length > 0) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `${text ? 'Text' : 'Image'} model \`${raw.model}\` needs ${missing.map((f) => `\`${f}\` (${NEEDED_FIELD_MEANING[f]})`).join(', ')}.`,
        rangeOf(item, 'model'),
      ),
    );
  }
  return wrong.length === 0 && missing.length === 0;
}

/** `scan:` (drift): a bad value is reported at its place and the defaults hold. */
function readScanSettings(root: LocatedMap, findings: Finding[]): FileModel['scan'] {
  const entry = root.entries.get('scan');
  if (!entry) return undefined;
  const parsed = parseItem(entry.value, scanSchema, '`scan`', findings);
  if (!parsed) return undefined;
  return { enabled: parsed.enabled ?? true, exclude: parsed.exclude ?? [] };
}

function readFileBudget(
  root: LocatedMap,
  findings: Finding[],
): { budgetUsdPerMonth?: number; budgetRange?: SourceRange } {
  const entry = root.entries.get('budget_usd_per_month');
  if (!entry) return {};
  const parsed = fileSchema.shape.budget_usd_per_month.safeParse(toPlain(entry.value));
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      findings.push(issueToFinding(issue, entry.value, '`budget_usd_per_month`'));
    return {};
  }
  return { budgetUsdPerMonth: parsed.data, budgetRange: entry.value.range };
}
