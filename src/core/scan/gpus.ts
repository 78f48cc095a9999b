/**
 * GPU names as manifests and platforms spell them (H100, A100-80GB, nvidia-tesla-a100, NVIDIA-H100-80GB-HBM3,
 * g5.12xlarge) -> our GPU ids (src/core/catalog/data/gpus.json). Undefined where the name is not one we know.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [/gh200/, 'gh200'],
  [/h100.*(pcie)|pcie.*h100/, 'h100-pcie'],
  [/h100.*nvl/, 'h100-nvl'],
  [/h100|h800/, 'h100'],
  [/h200/, 'h200'],
  [/b200|gb200/, 'b200'],
  [/a100.*80|a100-sxm4-80/, 'a100-80gb'],
  [/a100/, 'a100-40gb'],
  [/l40s/, 'l40s'],
  [/l40/, 'l40'],
  [/(^|[^a-z])l4($|[^0-9a-z])/, 'l4'],
  [/a10g/, 'a10g'],
  [/(^|[^a-z])a10($|[^0-9a-z])/, 'a10'],
  [/(^|[^a-z])t4($|[^0-9a-z])/, 't4'],
  [/rtx.?pro.?6000|pro-6000/, 'rtx-pro-6000'],
  [/6000.?ada|rtx-6000/, 'rtx-6000-ada'],
  [/a6000/, 'rtx-a6000'],
  [/a5000/, 'rtx-a5000'],
  [/(^|[^a-z])a40($|[^0-9a-z])/, 'a40'],
  [/5090/, 'rtx5090'],
  [/4090/, 'rtx4090'],
  [/3090/, 'rtx3090'],
  [/mi300x/, 'mi300x'],
];

/** AWS instance families with one GPU type (node.kubernetes.io/instance-type, SkyPilot instance_type). */
const AWS_FAMILIES: Record<string, string> = {
  p5: 'h100',
  p5e: 'h200',
  p5en: 'h200',
  p4d: 'a100-40gb',
  p4de: 'a100-80gb',
  g6e: 'l40s',
  g6: 'l4',
  g5: 'a10g',
  g4dn: 't4',
  p6: 'b200',
};

/** GCP accelerator-optimized machine types: a3 H100, a2 A100 (a2-ultragpu 80 GB), g2 L4. */
const GCP_FAMILIES: readonly [RegExp, string][] = [
  [/^a3-ultragpu/, 'h200'],
  [/^a3-/, 'h100'],
  [/^a2-ultragpu/, 'a100-80gb'],
  [/^a2-/, 'a100-40gb'],
  [/^g2-/, 'l4'],
];

export function gpuIdOf(name: string): string | undefined {
  const lower = name.toLowerCase().trim();
  const family = /^([a-z0-9]+)\.\w+$/.exec(lower)?.[1];
  if (family && AWS_FAMILIES[family]) return AWS_FAMILIES[family];
  for (const [pattern, id] of GCP_FAMILIES) if (pattern.test(lower)) return id;
  for (const [pattern, id] of PATTERNS) if (pattern.test(lower)) return id;
  return undefined;
}

/** Node labels that name the GPU a pod lands on. */
export const GPU_LABELS = [
  'cloud.google.com/gke-accelerator',
  'nvidia.com/gpu.product',
  'karpenter.k8s.aws/instance-gpu-name',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
  'gpu.nvidia.com/class',
  'accelerator',
  'gpu-type',
] as const;

/** SkyPilot and dstack accelerators: "H100:8", "A100-80GB", {H100: 8}, ["L4", "A10G"], dstack "80GB:2" or {name, count}. */
export function readAccelerator(value: unknown): { gpu: string; count: number } | undefined {
  if (typeof value === 'string') {
    const [name, count] = value.split(':');
    if (!name) return undefined;
    const n = count === undefined ? 1 : Number(count.replace(/\.\..*$/, ''));
    return { gpu: name.trim(), count: Number.isFinite(n) && n > 0 ? n : 1 };
  }
  if (Array.isArray(value)) return readAccelerator(value[0]);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('name' in record || 'count' in record) {
      const name: unknown = Array.isArray(record.name) ? (record.name as unknown[])[0] : record.name;
      const given = record.count ?? 1;
      const count =
        typeof given === 'number' ? given : typeof given === 'string' ? Number(given.split('..')[0]) : Number.NaN;
      return typeof name === 'string'
        ? { gpu: name, count: Number.isFinite(count) && count > 0 ? count : 1 }
        : undefined;
    }
    const [first] = Object.entries(record);
    if (first && (typeof first[1] === 'number' || first[1] === null))
      return { gpu: first[0], count: typeof first[1] === 'number' ? first[1] : 1 };
  }
  return undefined;
}
