import type { Catalog } from '../src/core/catalog/types';
import { fileJsonSchema } from '../src/core/format/jsonSchema';
import { LIMITS } from '../src/core/format/schema';

/**
 * docs/format.md: the inference.yaml reference, generated from the zod schema (through the JSON schema it makes) and
 * the catalog, so it cannot drift from what the engine reads. `npm run build` writes it; a unit test fails when the
 * committed file differs.
 */
type Prop = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  anyOf?: Prop[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  examples?: unknown[];
  items?: Prop;
  properties?: Record<string, Prop>;
  additionalProperties?: Prop | boolean;
  required?: string[];
  const?: unknown;
};

export function formatReference(catalog: Catalog): string {
  const schema = fileJsonSchema(catalog) as Prop;
  const props = schema.properties!;
  const out = [
    '# `inference.yaml` reference',
    '',
    'Generated from the zod schema the engine validates with and from the catalog shipped in the package (`npm run',
    'build` writes it; a test fails when it is out of date). Any `inference.yaml` in the workspace, at any depth, is read.',
    'Every problem is a finding at its exact place; the rest of the file is still priced wherever it can be.',
    '',
    `Limits: a file of at most ${LIMITS.maxFileBytes / 1024 / 1024} MB, nesting ${LIMITS.maxNesting} levels, names of ${LIMITS.maxNameLength} characters.`,
    '',
    ...section('The file', props, schema.required ?? []),
    ...section('`team:`', props.team!.properties!, []),
    ...section('`models:` (each item)', props.models!.items!.properties!, props.models!.items!.required ?? []),
    ...section('`offers:` (each item)', props.offers!.items!.properties!, props.offers!.items!.required ?? []),
    ...section('`workloads:` (each item)', props.workloads!.items!.properties!, props.workloads!.items!.required ?? []),
    ...catalogLists(catalog),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

function section(title: string, properties: Record<string, Prop>, required: string[]): string[] {
  return [
    `## ${title}`,
    '',
    '| field | type | required | meaning | example |',
    '|---|---|---|---|---|',
    ...Object.entries(properties).map(
      ([name, p]) =>
        `| \`${name}\` | ${cell(typeOf(p))} | ${required.includes(name) ? 'yes' : ''} | ${cell(p.description ?? '')} | ${cell(example(p))} |`,
    ),
    '',
  ];
}

/** A field's type in words: its kind, its range or its allowed values. */
function typeOf(p: Prop): string {
  if (p.const !== undefined) return `\`${JSON.stringify(p.const)}\``;
  if (p.enum)
    return p.enum.length > 12 ? `one of ${p.enum.length} ids` : p.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (p.anyOf) return p.anyOf.map(typeOf).join(' or ');
  const kind = Array.isArray(p.type) ? p.type.join(' or ') : (p.type ?? 'any');
  if (kind === 'array') return `list of ${typeOf(p.items ?? {})}`;
  if (kind === 'object')
    return p.properties
      ? `map (${Object.keys(p.properties).join(', ')})`
      : `map of ${typeof p.additionalProperties === 'object' ? typeOf(p.additionalProperties) : 'values'}`;
  const low = p.minimum ?? p.exclusiveMinimum;
  const range = low !== undefined || p.maximum !== undefined ? ` ${low ?? '…'} to ${p.maximum ?? '…'}` : '';
  const length = p.maxLength !== undefined ? `, up to ${p.maxLength} characters` : '';
  return `${kind}${range}${length}`;
}

function example(p: Prop): string {
  return p.examples?.length ? `\`${JSON.stringify(p.examples[0])}\`` : '';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** What ids a file may name: built-in models, GPUs, traffic shapes and where offers come from. */
function catalogLists(catalog: Catalog): string[] {
  const models = [...catalog.models.values()];
  const self = models.filter((m) => !m.hosted_only);
  const api = models.filter((m) => m.hosted_only);
  const perProvider = new Map<string, number>();
  for (const o of catalog.offers.values()) perProvider.set(o.provider, (perProvider.get(o.provider) ?? 0) + 1);
  return [
    '## Models a file may name',
    '',
    'Models with weights to run (GPU offers price them, and per-token or per-call offers that serve them):',
    '',
    '| id | kind | name |',
    '|---|---|---|',
    ...self.map(
      (m) => `| \`${m.id}\` | ${m.kind ?? 'image'} | ${cell(m.name)}${m.estimate ? ' (estimated speed)' : ''} |`,
    ),
    '',
    `Models served only through APIs: ${api.length}, from the hand-kept catalog and \`@pydantic/genai-prices\`,`,
    '`inference-cost catalog` lists them. A provider’s own spelling of a model (`claude-sonnet-4-5`,',
    '`meta-llama/Llama-3.3-70B-Instruct-Turbo`) is read as our id, and said so.',
    '',
    '## GPUs',
    '',
    '| id | name | GB | memory GB/s | diffusion speed vs A100 |',
    '|---|---|---:|---:|---:|',
    ...[...catalog.gpus.values()].map(
      (g) =>
        `| \`${g.id}\` | ${cell(g.name)} | ${g.vram_gb} | ${g.memory_bandwidth_gbps} | ${g.relative_speed}${g.estimate ? ' (estimated from its datasheet)' : ''} |`,
    ),
    '',
    '## Offers by provider',
    '',
    `${catalog.offers.size} offers in the shipped catalog (\`inference-cost catalog\` lists each with its price, source`,
    'and date; `docs/catalog.md` says where they come from):',
    '',
    [...perProvider]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([p, n]) => `\`${p}\` ${n}`)
      .join(' · '),
    '',
    '## Traffic shapes',
    '',
    ...Object.entries(catalog.assumptions.traffic).map(([k, v]) => `- \`${k}\`: ${v.note}`),
    '- `batch`: work that may wait up to `max_wait_hours` (default 24); it is packed into whole GPU-hours per window.',
    '- `{hours: [24 weights], weekdays: [7 weights]}`: your own shape, weight(day, hour) = weekdays[day] × hours[hour].',
  ];
}
