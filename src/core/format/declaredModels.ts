import type { Assumptions, Catalog, ImageModel, Model, SpeedEntry, TextModel, TextModelFacts } from '../catalog/types';
import { speedKey } from '../catalog/types';
import { FINDING_CODES, type Finding } from '../findings/types';
import type { SourceRange } from '../text/lineIndex';
import { didYouMean } from './didYouMean';
import { err, listItems, parseItem, rangeOf } from './items';
import { entryOf, type Located, type LocatedMap } from './located';
import { modelSchema, type ModelInput } from './schema';

/**
 * `models:` in inference.yaml: a team's own models, like a built-in one with fields changed, or from their
 * architecture. Each becomes a model of the file's catalog (and its measured speeds, table entries); a declaration
 * that cannot be used is an error at its field and is left out, the rest of the file still priced.
 */
export interface DeclaredModels {
  models: Model[];
  speeds: SpeedEntry[];
  ranges: Map<string, SourceRange>;
}

/** What a text model needs to be placed on a GPU: its weights and its KV cache. */
const ARCHITECTURE = ['parameters_billion', 'bytes_per_parameter', 'layers', 'kv_heads', 'head_dim'] as const;
const DEFAULT_CONTEXT = 32_768;
const DEFAULT_STEPS = 30;
const SOURCE = 'models: in inference.yaml';

export function readModels(root: LocatedMap, catalog: Catalog, findings: Finding[]): DeclaredModels {
  const declared: DeclaredModels = { models: [], speeds: [], ranges: new Map() };
  const entry = root.entries.get('models');
  if (!entry) return declared;
  listItems(entry.value, '`models`', findings).forEach((item, i) => {
    const raw = parseItem(item, modelSchema, `model ${i + 1}`, findings);
    if (!raw || !isNewId(raw, item, catalog, declared, findings)) return;
    const like = likeOf(raw, item, catalog, findings);
    if (like === null) return;
    const kind = raw.kind ?? (like ? (like.kind ?? 'image') : undefined);
    if (!kind) {
      findings.push(
        err(
          FINDING_CODES.missingField,
          `Model \`${raw.id}\` needs \`kind\` (image or text), or \`like\` a built-in model.`,
          rangeOf(item, 'id'),
        ),
      );
      return;
    }
    if (like && (like.kind ?? 'image') !== kind) {
      findings.push(
        err(
          FINDING_CODES.invalidValue,
          `\`${raw.id}\` is ${kind} but \`${like.id}\` is ${like.kind ?? 'image'}: a model is like one of its own kind.`,
          rangeOf(item, 'kind'),
        ),
      );
      return;
    }
    const made =
      kind === 'text'
        ? textModel(raw, item, like as TextModel | undefined, findings)
        : imageModel(raw, item, like as ImageModel | undefined, catalog, findings);
    if (!made) return;
    declared.models.push(made.model);
    declared.speeds.push(...made.speeds);
    declared.ranges.set(raw.id, rangeOf(item, 'id'));
  });
  return declared;
}

/** A catalog with the file's models (and their measured speeds) over the built-in ones. */
export function withModels(catalog: Catalog, declared: DeclaredModels): Catalog {
  if (declared.models.length === 0) return catalog;
  const models = new Map(catalog.models);
  for (const m of declared.models) models.set(m.id, m);
  const speeds = new Map(catalog.speeds);
  for (const s of declared.speeds) speeds.set(speedKey(s.model, s.gpu), s);
  return { ...catalog, models, speeds };
}

/** One declaration an id; a built-in id only with `like` (changing it on purpose). */
function isNewId(
  raw: ModelInput,
  item: Located,
  catalog: Catalog,
  declared: DeclaredModels,
  findings: Finding[],
): boolean {
  if (declared.ranges.has(raw.id)) {
    findings.push(
      err(
        FINDING_CODES.duplicateName,
        `Model \`${raw.id}\` is declared twice; ids must be unique.`,
        rangeOf(item, 'id'),
      ),
    );
    return false;
  }
  if (catalog.models.has(raw.id) && !raw.like) {
    findings.push(
      err(
        FINDING_CODES.invalidValue,
        `\`${raw.id}\` is a built-in model: give yours its own id with \`like: ${raw.id}\`, or add \`like: ${raw.id}\` to change the built-in one.`,
        rangeOf(item, 'id'),
      ),
    );
    return false;
  }
  return true;
}

/** The built-in model to start from; null where `like` names none (reported), undefined where there is no `like`. */
function likeOf(raw: ModelInput, item: Located, catalog: Catalog, findings: Finding[]): Model | undefined | null {
  if (!raw.like) return undefined;
  const like = catalog.models.get(raw.like);
  if (like) return like;
  findings.push(
    err(
      FINDING_CODES.unknownModel,
      `\`like: ${raw.like}\` names no known model.${didYouMean(raw.like, catalog.models.keys())}`,
      rangeOf(item, 'like'),
    ),
  );
  return null;
}

type Made = { model: Model; speeds: SpeedEntry[] } | undefined;

/**
 * A text model from its architecture (over `like`'s). With none at all it is served only through APIs (a per-token
 * offer that lists it prices it), said as a warning; part of one is an error naming the fields missing.
 */
function textModel(raw: ModelInput, item: Located, like: TextModel | undefined, findings: Finding[]): Made {
  const base = like?.text;
  const given = ARCHITECTURE.filter((f) => raw[f] !== undefined);
  const name = raw.name ?? like?.name ?? raw.id;
  if (!base && given.length === 0) {
    findings.push({
      code: FINDING_CODES.missingField,
      severity: 'warning',
      message: `Model \`${raw.id}\` has no architecture, so it runs on no GPU: add ${ARCHITECTURE.join(', ')} to price it on GPU offers (per-token offers that list it under \`models:\` price it as it is).`,
      range: rangeOf(item, 'id'),
    });
    return {
      model: { id: raw.id, kind: 'text', name, estimate: false, hosted_only: true, source: SOURCE },
      speeds: [],
    };
  }
  const missing = base ? [] : ARCHITECTURE.filter((f) => raw[f] === undefined);
  if (missing.length > 0) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `Model \`${raw.id}\` needs ${missing.map((f) => `\`${f}\``).join(', ')} to be placed on a GPU (its weights and KV cache).`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  const text: TextModelFacts = {
    parameters_billion: raw.parameters_billion ?? base!.parameters_billion,
    active_parameters_billion: raw.active_parameters_billion ?? base?.active_parameters_billion,
    bytes_per_parameter: raw.bytes_per_parameter ?? base!.bytes_per_parameter,
    layers: raw.layers ?? base!.layers,
    kv_heads: raw.kv_heads ?? base!.kv_heads,
    head_dim: raw.head_dim ?? base!.head_dim,
    kv_bytes_per_value: raw.kv_bytes_per_value ?? base?.kv_bytes_per_value ?? 2,
    context_tokens: raw.context_tokens ?? base?.context_tokens ?? DEFAULT_CONTEXT,
  };
  return { model: { id: raw.id, kind: 'text', name, estimate: false, text, source: SOURCE }, speeds: [] };
}

/**
 * An image model: memory from its weights (or parameters × bytes), speed from the seconds given, else `like`'s
 * scaled to these settings, else an estimate from its parameters (Flux Dev's A100 time per 12B parameters, per step,
 * per megapixel). With none of those it cannot be placed: an error naming the fields that would.
 */
function imageModel(
  raw: ModelInput,
  item: Located,
  like: ImageModel | undefined,
  catalog: Catalog,
  findings: Finding[],
): Made {
  const a = catalog.assumptions;
  const steps = raw.steps ?? like?.steps ?? DEFAULT_STEPS;
  const resolution = raw.resolution ?? like?.resolution ?? a.image_settings.default_resolution;
  const weights =
    raw.weights_gb ??
    (raw.parameters_billion !== undefined ? raw.parameters_billion * (raw.bytes_per_parameter ?? 2) : like?.weights_gb);
  if (weights === undefined) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `Model \`${raw.id}\` needs \`weights_gb\` or \`parameters_billion\` (its memory), or \`like\` a built-in model.`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  const scale = like ? settingsRatio(a, like, steps, resolution) : 1;
  const measured = measuredSpeeds(raw, item, catalog, findings);
  const a100 =
    measured.a100 ??
    (like
      ? like.a100_seconds * scale
      : raw.parameters_billion !== undefined
        ? parameterEstimate(catalog, raw.parameters_billion, steps, resolution)
        : undefined);
  if (a100 === undefined) {
    findings.push(
      err(
        FINDING_CODES.missingField,
        `Model \`${raw.id}\` needs \`seconds_per_image\` (measured), or \`parameters_billion\` to estimate its speed.`,
        rangeOf(item, 'id'),
      ),
    );
    return undefined;
  }
  const model: ImageModel = {
    id: raw.id,
    kind: 'image',
    name: raw.name ?? (like ? `${raw.id} (like ${like.name})` : raw.id),
    steps,
    resolution,
    a100_seconds: a100,
    weights_gb: weights,
    activation_gb_per_image:
      raw.activation_gb_per_image ?? like?.activation_gb_per_image ?? 3 * megapixelsOf(resolution),
    estimate: measured.entries.length === 0 && (like?.estimate ?? true),
    source: measured.entries.length
      ? SOURCE
      : like
        ? `${SOURCE}, like ${like.id}`
        : `${SOURCE}: estimate from ${raw.parameters_billion}B parameters`,
  };
  // `like`'s measured speeds carry over where none is given for that GPU, scaled to this model's settings.
  const inherited = like
    ? [...catalog.speeds.values()]
        .filter((s) => s.model === like.id && !measured.entries.some((m) => m.gpu === s.gpu))
        .map((s) => ({ ...s, model: raw.id, seconds: s.seconds * scale, source: `${s.source} (like ${like.id})` }))
    : [];
  return { model, speeds: [...measured.entries, ...inherited] };
}

/** The seconds given: a number on an A100 80GB, or a map by GPU (an unknown GPU is warned about and left out). */
function measuredSpeeds(
  raw: ModelInput,
  item: Located,
  catalog: Catalog,
  findings: Finding[],
): { a100?: number; entries: SpeedEntry[] } {
  const given = raw.seconds_per_image;
  if (given === undefined) return { entries: [] };
  const byGpu = typeof given === 'number' ? { [catalog.referenceGpu]: given } : given;
  const entries: SpeedEntry[] = [];
  const node = entryOf(item, 'seconds_per_image')?.value;
  for (const [gpu, seconds] of Object.entries(byGpu)) {
    if (!catalog.gpus.has(gpu)) {
      findings.push({
        code: FINDING_CODES.unknownGpu,
        severity: 'warning',
        message: `Unknown GPU \`${gpu}\`; this measurement is not used.${didYouMean(gpu, catalog.gpus.keys())}`,
        range:
          (node?.kind === 'map' ? node.entries.get(gpu)?.keyRange : undefined) ?? rangeOf(item, 'seconds_per_image'),
      });
      continue;
    }
    entries.push({ model: raw.id, gpu, seconds, source: SOURCE, verified: null });
  }
  // On the reference GPU: the mean of the figures, each brought to an A100 by its GPU's relative speed.
  const a100 = entries.length
    ? entries.reduce((sum, e) => sum + e.seconds * catalog.gpus.get(e.gpu)!.relative_speed, 0) / entries.length
    : undefined;
  return { a100, entries };
}

function megapixelsOf(resolution: string): number {
  const [w, h] = resolution.split('x').map(Number);
  return (w! * h!) / 1e6;
}

/** GPU time at these settings relative to `like`'s own (the law in engine/speed/imageSettings.ts). */
function settingsRatio(a: Assumptions, like: ImageModel, steps: number, resolution: string): number {
  const pixels = megapixelsOf(resolution) / megapixelsOf(like.resolution ?? a.image_settings.default_resolution);
  return (steps / (like.steps ?? steps)) * pixels ** a.image_settings.pixel_time_exponent;
}

/** Parameters of FLUX.1 dev (Black Forest Labs' model card), the model the parameter estimate scales from. */
const FLUX_DEV_PARAMETERS = 12;

/** Flux Dev's A100 time scaled by parameters, steps and pixels (the law in engine/speed/imageSettings.ts): an estimate. */
function parameterEstimate(
  catalog: Catalog,
  parameters: number,
  steps: number,
  resolution: string,
): number | undefined {
  const flux = catalog.models.get('flux-dev');
  if (!flux || flux.kind === 'text') return undefined;
  const a = catalog.assumptions;
  return flux.a100_seconds * (parameters / FLUX_DEV_PARAMETERS) * settingsRatio(a, flux, steps, resolution);
}
