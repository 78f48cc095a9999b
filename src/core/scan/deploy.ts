import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { GPU_LABELS, gpuIdOf, readAccelerator } from './gpus';
import { servingFacts } from './serveArgs';
import type { ModelUse, ScanHost, StatedSettings } from './types';
import { evidenceOf } from './values';

type Found = Omit<ModelUse, 'file'>;
type Plain = Record<string, unknown>;

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'Pod',
  'LeaderWorkerSet',
]);

/** Kubernetes workloads, KServe InferenceServices, SkyPilot and dstack configurations in one YAML file. */
export function deploymentUses(text: string, path: string): Found[] {
  // A YAML file that says nothing of the kind is not parsed at all: most YAML in a repository is CI and config.
  if (!/\b(kind|resources|accelerators|gpu|image|run|commands)\s*:/.test(text)) return [];
  const counter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, {
      lineCounter: counter,
      uniqueKeys: false,
      prettyErrors: false,
    }) as Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(documents)) return [];
  const found: Found[] = [];
  for (const doc of documents) {
    if (doc.errors.length) continue;
    const plain = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (!isRecord(plain)) continue;
    const at = (keys: (string | number)[]) => {
      const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? doc.contents?.range?.[0] ?? 0;
      const { line, col } = counter.linePos(offset);
      return { line, column: col, evidenceAt: offset };
    };
    const place = (keys: (string | number)[]) => {
      const { line, column, evidenceAt } = at(keys);
      // The whole line the place is on: `accelerators: H100:8`, not only the value.
      const start = text.lastIndexOf('\n', evidenceAt - 1) + 1;
      const end = text.indexOf('\n', evidenceAt);
      return { line, column, evidence: evidenceOf(text.slice(start, end === -1 ? undefined : end)) };
    };
    if (typeof plain.kind === 'string' && WORKLOAD_KINDS.has(plain.kind)) found.push(...kubernetes(plain, place));
    else if (plain.kind === 'InferenceService') found.push(...kserve(plain, place));
    else if (isDstack(plain, path)) found.push(...dstack(plain, place));
    else if (isSkyPilot(plain)) found.push(...skyPilot(plain, place));
  }
  return found;
}

type Place = (keys: (string | number)[]) => { line: number; column: number; evidence: string };

function isRecord(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Plain {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return list(value)
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String);
}

/** A YAML scalar as text; undefined for a map, a list or nothing. */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.split('..')[0]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Kubernetes env: [{name, value}]; SkyPilot envs and dstack env: a map, or a list of NAME=value. */
function envOf(value: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (Array.isArray(value))
    for (const item of value) {
      const itemValue = isRecord(item) ? scalarText(item.value) : undefined;
      if (isRecord(item) && typeof item.name === 'string' && itemValue !== undefined) env.set(item.name, itemValue);
      else if (typeof item === 'string' && item.includes('='))
        env.set(item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1));
    }
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) {
      const text = scalarText(v);
      if (text !== undefined) env.set(k, text);
    }
  return env;
}

/** The GPU a pod asks for by node selector or required node affinity. */
function podGpuName(pod: Plain): string | undefined {
  const selector = record(pod.nodeSelector);
  for (const label of GPU_LABELS) if (typeof selector[label] === 'string') return selector[label];
  const terms = list(
    record(record(record(pod.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms,
  );
  const preferred = list(record(record(pod.affinity).nodeAffinity).preferredDuringSchedulingIgnoredDuringExecution).map(
    (p) => record(p).preference,
  );
  for (const term of [...terms, ...preferred])
    for (const expression of list(record(term).matchExpressions)) {
      const e = record(expression);
      const value = list(e.values)[0];
      if ((GPU_LABELS as readonly string[]).includes(String(e.key)) && typeof value === 'string') return value;
    }
  return undefined;
}

function gpuSettings(settings: StatedSettings, name: string | undefined, count: number | undefined): void {
  if (name) {
    const id = gpuIdOf(name);
    settings.gpu = id ?? name;
    settings.gpuKnown = id !== undefined;
  }
  if (count) settings.gpuCount = count;
}

function containerGpus(container: Plain): number | undefined {
  const resources = record(container.resources);
  for (const key of ['nvidia.com/gpu', 'amd.com/gpu'])
    for (const side of [resources.limits, resources.requests]) {
      const n = positiveInt(record(side)[key]);
      if (n) return n;
    }
  return undefined;
}

function kubernetes(doc: Plain, place: Place): Found[] {
  const kind = String(doc.kind);
  const podPath =
    kind === 'Pod'
      ? ['spec']
      : kind === 'LeaderWorkerSet'
        ? ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'spec']
        : kind === 'Job'
          ? ['spec', 'template', 'spec']
          : ['spec', 'template', 'spec'];
  let pod: unknown = doc;
  for (const key of podPath) pod = record(pod)[key];
  const name = scalarText(record(doc.metadata).name) ?? '';
  const replicas = kind === 'Pod' || kind === 'Job' ? 1 : (positiveInt(record(doc.spec).replicas) ?? 1);
  const found: Found[] = [];
  list(record(pod).containers).forEach((c, index) => {
    const container = record(c);
    const image = typeof container.image === 'string' ? container.image : undefined;
    const facts = servingFacts(
      image,
      [...strings(container.command), ...strings(container.args)],
      envOf(container.env),
    );
    if (!facts.engine) return;
    const settings: StatedSettings = { replicas };
    gpuSettings(settings, podGpuName(record(pod)), containerGpus(container));
    if (facts.tensorParallel) settings.tensorParallel = facts.tensorParallel;
    found.push(
      deployment(
        place([...podPath, 'containers', index]),
        'kubernetes',
        `${facts.engine} on Kubernetes ${kind}/${name}`,
        facts,
        settings,
        image,
      ),
    );
  });
  return found;
}

function kserve(doc: Plain, place: Place): Found[] {
  const predictor = record(record(doc.spec).predictor);
  const name = scalarText(record(doc.metadata).name) ?? '';
  const model = record(predictor.model);
  const containers = predictor.model
    ? [{ c: model, path: ['spec', 'predictor', 'model'] }]
    : list(predictor.containers).map((c, i) => ({ c: record(c), path: ['spec', 'predictor', 'containers', i] }));
  const found: Found[] = [];
  for (const { c, path } of containers) {
    const image = typeof c.image === 'string' ? c.image : undefined;
    const facts = servingFacts(image, [...strings(c.command), ...strings(c.args)], envOf(c.env));
    const format = scalarText(record(c.modelFormat).name) ?? '';
    if (!facts.engine) facts.engine = format === 'huggingface' ? 'kserve-huggingface' : facts.engine;
    const storage = typeof c.storageUri === 'string' ? c.storageUri : undefined;
    if (!facts.model && storage?.startsWith('hf://')) facts.model = storage.slice('hf://'.length).replace(/@.*$/, '');
    if (!facts.engine && !facts.model) continue;
    const settings: StatedSettings = { replicas: positiveInt(predictor.minReplicas) ?? 1 };
    gpuSettings(settings, podGpuName(predictor), containerGpus(c));
    if (facts.tensorParallel) settings.tensorParallel = facts.tensorParallel;
    found.push(deployment(place(path), 'kserve', `KServe InferenceService/${name}`, facts, settings, image));
  }
  return found;
}

function isSkyPilot(doc: Plain): boolean {
  const resources = doc.resources;
  const hasAccelerators =
    isRecord(resources) &&
    (resources.accelerators !== undefined || resources.any_of !== undefined || resources.ordered !== undefined);
  return hasAccelerators && (doc.run !== undefined || doc.service !== undefined || doc.setup !== undefined);
}

function skyPilot(doc: Plain, place: Place): Found[] {
  const resources = record(doc.resources);
  const options = [...list(resources.ordered), ...list(resources.any_of)].map(record);
  const accelerator = readAccelerator(
    resources.accelerators ?? options.find((o) => o.accelerators !== undefined)?.accelerators,
  );
  const env = envOf(doc.envs);
  const facts = servingFacts(undefined, strings(doc.run), env);
  const service = doc.service === undefined ? undefined : record(doc.service);
  // A task that neither serves (no service:) nor runs a serving engine is training or a job of its own: not inference.
  if (!service && !facts.engine) return [];
  const settings: StatedSettings = {};
  gpuSettings(settings, accelerator?.gpu, accelerator?.count);
  const replicas = service
    ? (positiveInt(service.replicas) ?? positiveInt(record(service.replica_policy).min_replicas) ?? 1)
    : undefined;
  if (replicas) settings.replicas = replicas;
  const nodes = positiveInt(doc.num_nodes);
  if (nodes && nodes > 1 && settings.gpuCount) settings.gpuCount *= nodes;
  if (facts.tensorParallel) settings.tensorParallel = facts.tensorParallel;
  const what = service ? 'SkyPilot service' : 'SkyPilot task';
  const where = resources.accelerators !== undefined ? ['resources', 'accelerators'] : ['resources'];
  return [
    deployment(place(where), 'skypilot', typeof doc.name === 'string' ? `${what} ${doc.name}` : what, facts, settings),
  ];
}

function isDstack(doc: Plain, path: string): boolean {
  return (
    (doc.type === 'service' || doc.type === 'task') &&
    (/\.dstack\.ya?ml$/.test(path) || doc.commands !== undefined) &&
    (isRecord(doc.resources) || doc.model !== undefined)
  );
}

function dstack(doc: Plain, place: Place): Found[] {
  const resources = record(doc.resources);
  const accelerator = readAccelerator(resources.gpu);
  const env = envOf(doc.env);
  const facts = servingFacts(typeof doc.image === 'string' ? doc.image : undefined, strings(doc.commands), env);
  const declared = typeof doc.model === 'string' ? doc.model : record(doc.model).name;
  if (typeof declared === 'string' && !facts.model) facts.model = declared;
  const settings: StatedSettings = {};
  // dstack may name the GPU by memory only (80GB:2): that is a count, not a GPU we can price.
  gpuSettings(
    settings,
    accelerator && !/^\d+gb$/i.test(accelerator.gpu) ? accelerator.gpu : undefined,
    accelerator?.count,
  );
  const replicas = positiveInt(doc.replicas);
  if (replicas) settings.replicas = replicas;
  if (facts.tensorParallel) settings.tensorParallel = facts.tensorParallel;
  const name = typeof doc.name === 'string' ? ` ${doc.name}` : '';
  return [deployment(place(['type']), 'dstack', `dstack ${String(doc.type)}${name}`, facts, settings)];
}

function deployment(
  at: { line: number; column: number; evidence: string },
  host: ScanHost,
  api: string,
  facts: ReturnType<typeof servingFacts>,
  settings: StatedSettings,
  image?: string,
): Found {
  const found: Found = {
    line: at.line,
    column: at.column,
    kind: 'deployment',
    host,
    api,
    settings,
    evidence: image ? evidenceOf(`image: ${image}`) : at.evidence,
  };
  if (facts.engine) found.engine = facts.engine;
  if (facts.engine === 'comfyui') found.modality = 'image';
  else if (facts.engine) found.modality = 'text';
  if (facts.model) found.model = facts.model;
  else found.modelExpression = facts.engine === 'comfyui' ? 'a ComfyUI workflow (its checkpoints)' : 'not stated';
  return found;
}
