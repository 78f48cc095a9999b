import type { Catalog } from '../catalog/types';
import { draftModelId, hostAndModel, matchUse, type CatalogMatch } from './catalogMatch';
import type { ModelUse } from './types';

import { PLACEHOLDER, PLACEHOLDER_COMMENT } from './placeholder';

export { PLACEHOLDER, PLACEHOLDER_COMMENT };

export interface DraftWorkload {
  use: ModelUse;
  match: CatalogMatch;
  name: string;
}

/** Each use with its catalog match and a unique workload name. */
export function draftWorkloads(uses: readonly ModelUse[], catalog: Catalog): DraftWorkload[] {
  const taken = new Set<string>();
  return uses.map((use) => {
    const match = matchUse(use, catalog);
    return { use, match, name: uniqueName(baseName(use, match), taken) };
  });
}

/** A draft inference.yaml: one workload per use, each with a comment naming the file and line it came from. */
export function draftInference(uses: readonly ModelUse[], catalog: Catalog): string {
  const lines = [
    '# Drafted by `inference-cost scan` from the model calls and deployments in the code.',
    `# ${uses.length} use${uses.length === 1 ? '' : 's'} found. Figures marked "placeholder" are not in the code: set them, or`,
    '# import a request log (`inference-cost usage import <log> --workload <name> --write`). Every field: docs/format.md.',
    'version: 1',
    '',
  ];
  const workloads = draftWorkloads(uses, catalog);
  if (workloads.length === 0) return [...lines, 'workloads: []', ''].join('\n');
  lines.push('workloads:');
  for (const workload of workloads) lines.push(...workloadLines(workload), '');
  return lines.join('\n');
}

/** One workload's lines: its call in a comment, `  - name:` at two spaces, fields at four (also the quick fix). */
export function workloadLines({ use, match, name }: DraftWorkload): string[] {
  const out: string[] = [];
  const comment = (text: string) => out.push(`    # ${text}`);
  const field = (key: string, value: string | number, note?: string) => {
    const line = `    ${key}: ${scalar(value)}`;
    out.push(note ? `${line.padEnd(32)}  # ${note}` : line);
  };
  out.push(`  # ${use.file}:${use.line}: ${use.api}${use.kind === 'sdk' ? ` (${use.host})` : ''}`);
  out.push(`  - name: ${scalar(name)}`);
  const modelNote = match.model
    ? use.model !== match.model
      ? `the code says ${use.model}`
      : undefined
    : match.notes.shift();
  const raw = hostAndModel(use).raw;
  field('model', match.model ?? (raw ? draftModelId(raw) : 'set-me'), modelNote);
  const kind = match.kind ?? (use.host === 'fal' || use.host === 'replicate' ? 'image' : 'text');
  const s = use.settings;
  if (kind === 'image') {
    field('volume', PLACEHOLDER.volume, `${PLACEHOLDER_COMMENT} (images a month)`);
  } else {
    field('requests', PLACEHOLDER.requests, `${PLACEHOLDER_COMMENT} (requests a month)`);
    field('input_tokens', PLACEHOLDER.input_tokens, PLACEHOLDER_COMMENT);
    if (s.maxTokens)
      field('output_tokens', s.maxTokens, 'the code’s max_tokens: the most a request makes; the average is less');
    else field('output_tokens', PLACEHOLDER.output_tokens, PLACEHOLDER_COMMENT);
  }
  if (match.provider) field('provider', match.provider, match.notes.find((n) => n.startsWith('provider: '))?.slice(10));
  else comment(providerNotChosen(use, match));
  if (kind === 'image') {
    if (s.quality) field('quality', s.quality);
    if (s.size && /^\d+x\d+$/.test(s.size)) field('resolution', s.size);
    else if (s.size) comment(`size in the code: ${s.size}`);
    if (s.aspectRatio) comment(`aspect ratio in the code: ${s.aspectRatio}`);
    if (s.steps && Number.isInteger(s.steps) && s.steps <= 1000) field('steps', s.steps);
    if (s.n && s.n > 1) comment(`${s.n} images a call in the code: count every image in volume`);
  } else if (s.n && s.n > 1) comment(`n=${s.n} completions a call in the code: output_tokens counts all of them`);
  if (use.kind === 'deployment') comment(deploymentSummary(use));
  for (const note of match.notes) if (!note.startsWith('provider: ')) comment(note);
  return out;
}

/** Why the draft has no provider line, and what `check` does without one. */
function providerNotChosen(use: ModelUse, match: CatalogMatch): string {
  const why = match.notes.some((n) => !n.startsWith('provider: ')) ? ' (see the note below)' : '';
  const calls = use.kind === 'sdk' ? `; the code calls ${hostAndModel(use).host}` : '';
  return `provider: not chosen${why}${calls}; without one \`check\` prices it over every offer that can serve it`;
}

function deploymentSummary(use: ModelUse): string {
  const s = use.settings;
  const parts = [use.engine ? `${use.api}` : use.api];
  if (s.replicas) parts.push(`${s.replicas} replica${s.replicas === 1 ? '' : 's'}`);
  if (s.gpuCount || s.gpu) parts.push(`${s.gpuCount ?? 1} x ${s.gpu ?? 'GPU (type not stated)'} a replica`);
  if (s.tensorParallel) parts.push(`tensor parallel ${s.tensorParallel}`);
  return parts.join(', ');
}

function baseName(use: ModelUse, match: CatalogMatch): string {
  const file = use.file
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');
  const what = match.model ?? use.model?.split('/').pop() ?? use.host;
  return (
    `${file}-${what}`
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'workload'
  );
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** A YAML scalar: bare where YAML reads it back as the same string, quoted otherwise. */
function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const bare =
    (/^[A-Za-z_][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value)) ||
    /^\d+x\d+$/.test(value);
  return bare ? value : JSON.stringify(value);
}
