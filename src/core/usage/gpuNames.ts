import type { Catalog } from '../catalog/types';

/** A GPU name as logs write it ("NVIDIA A100-SXM4-80GB", "gpu-l40s", "RTX 4090"), down to letters and digits. */
function compact(name: string): string {
  return name
    .toLowerCase()
    .replace(/nvidia|geforce|amd|instinct|tesla/g, '')
    .replace(/[^a-z0-9]/g, '')
    .replace(/^gpu/, '')
    .replace(/(sxm\d?|large|small|medium|xlarge)$/, '')
    .replace(/sxm\d?/, '');
}

/**
 * The catalog's GPU id a log's GPU name stands for: the id itself, or the one GPU whose id or name reads the same in
 * letters and digits. A name that fits several (an A100 without its memory) or none is not guessed.
 */
export function gpuIdOf(name: string, catalog: Catalog): { id: string } | { error: string } {
  if (catalog.gpus.has(name)) return { id: name };
  const wanted = compact(name);
  const fits = [...catalog.gpus.values()].filter((g) => compact(g.id) === wanted || compact(g.name) === wanted);
  if (fits.length === 1) return { id: fits[0]!.id };
  if (fits.length > 1) return { error: `"${name}" could be ${fits.map((g) => g.id).join(' or ')}` };
  const close = [...catalog.gpus.values()].filter((g) => wanted.length >= 2 && compact(g.id).startsWith(wanted));
  return {
    error: close.length
      ? `"${name}" could be ${close.map((g) => g.id).join(' or ')}`
      : `"${name}" is no GPU of the catalog`,
  };
}
