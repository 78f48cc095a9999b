import type { Assumptions, ImageModel } from '../../catalog/types';
import type { Workload } from '../../format/model';

/**
 * An image workload's settings against its model's reference (the settings its speed figures are measured at).
 * GPU time scales linearly with steps and with the pixel count to a power (assumptions.image_settings); memory for
 * activations linearly with pixels.
 */
export interface ImageSettings {
  steps: number;
  width: number;
  height: number;
  /** The quality tier asked for, if any (per-call APIs that price by it). */
  quality?: string;
}

/** Sizes read, by text: a model's reference size is read for every offer of every workload. */
const sizes = new Map<string, readonly [number, number]>();

function parseSize(size: string): readonly [number, number] {
  let parsed = sizes.get(size);
  if (!parsed) {
    const [w, h] = size.split('x').map(Number);
    sizes.set(size, (parsed = [w!, h!]));
  }
  return parsed;
}

export function referenceSettings(model: ImageModel, assumptions: Assumptions): ImageSettings {
  const [width, height] = parseSize(model.resolution ?? assumptions.image_settings.default_resolution);
  return { steps: model.steps ?? 1, width, height };
}

export function settingsOf(model: ImageModel, workload: Workload, assumptions: Assumptions): ImageSettings {
  const ref = referenceSettings(model, assumptions);
  const asked = workload.image;
  return {
    steps: asked?.steps ?? ref.steps,
    width: asked?.width ?? ref.width,
    height: asked?.height ?? ref.height,
    quality: asked?.quality,
  };
}

/** GPU time of the workload's settings relative to the model's reference (1 at the reference). */
export function timeFactor(model: ImageModel, workload: Workload, assumptions: Assumptions): number {
  if (!workload.image) return 1;
  const ref = referenceSettings(model, assumptions);
  const s = settingsOf(model, workload, assumptions);
  const pixels = (s.width * s.height) / (ref.width * ref.height);
  return (s.steps / ref.steps) * pixels ** assumptions.image_settings.pixel_time_exponent;
}

/** Activation memory of the workload's settings relative to the reference: linear in pixels. */
export function pixelFactor(model: ImageModel, workload: Workload, assumptions: Assumptions): number {
  if (!workload.image?.width) return 1;
  const ref = referenceSettings(model, assumptions);
  const s = settingsOf(model, workload, assumptions);
  return (s.width * s.height) / (ref.width * ref.height);
}

/** "50 steps, 2048x2048" where they differ from the reference, for sources and reasons; '' at the reference. */
export function settingsNote(model: ImageModel, workload: Workload, assumptions: Assumptions): string {
  if (timeFactor(model, workload, assumptions) === 1) return '';
  const s = settingsOf(model, workload, assumptions);
  return `${s.steps} steps, ${s.width}x${s.height}`;
}
