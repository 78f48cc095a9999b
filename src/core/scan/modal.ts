import { gpuIdOf } from './gpus';
import type { PythonFile } from './python';
import { servingFacts } from './serveArgs';
import type { ModelUse, StatedSettings } from './types';

type Found = Omit<ModelUse, 'file'>;

const MODEL_CONSTANT =
  /^(MODEL|MODEL_NAME|MODEL_ID|MODEL_REPO|MODEL_PATH|BASE_MODEL|HF_MODEL|HF_MODEL_ID|MODEL_REPO_ID)$/i;

/** Modal: @app.function(gpu="H100:2") and @app.cls(gpu=...) in a file that imports modal. */
export function modalUses(file: PythonFile): Found[] {
  if (![...file.imports].some((m) => m === 'modal' || m.startsWith('modal.'))) return [];
  const found: Found[] = [];
  for (const { call, bodyStrings } of file.decorators) {
    const last = call.callee[call.callee.length - 1];
    if (last !== 'function' && last !== 'cls' && last !== 'web_server' && last !== 'asgi_app') continue;
    const gpu = call.keywords.get('gpu');
    if (!gpu) continue;
    const { name, count } = readModalGpu(gpu.kind === 'list' ? gpu.items[0] : gpu);
    const settings: StatedSettings = {};
    if (name) {
      const id = gpuIdOf(name);
      settings.gpu = id ?? name;
      settings.gpuKnown = id !== undefined;
    }
    if (count) settings.gpuCount = count;
    const facts = servingFacts(undefined, bodyStrings, new Map());
    if (facts.tensorParallel) settings.tensorParallel = facts.tensorParallel;
    // A module constant names the model only for a function that uses it.
    const constant = [...file.constants].find(
      ([key, value]) => MODEL_CONSTANT.test(key) && bodyStrings.includes(value),
    )?.[1];
    const model = facts.model ?? constant;
    const use: Found = {
      line: call.line,
      column: call.column,
      end: call.end,
      kind: 'deployment',
      host: 'modal',
      api: `Modal @${call.callee.join('.')}`,
      settings,
      evidence: call.evidence,
    };
    if (facts.engine) use.engine = facts.engine;
    if (facts.engine && facts.engine !== 'comfyui') use.modality = 'text';
    if (facts.engine === 'comfyui') use.modality = 'image';
    if (model) use.model = model;
    else use.modelExpression = 'not stated';
    found.push(use);
  }
  return found;
}

/** gpu="H100", "A100-80GB:4", or modal.gpu.H100(count=2) (kept as its text). */
function readModalGpu(value: import('./values').Value | undefined): { name?: string; count?: number } {
  if (value?.kind === 'string') {
    const [name, count] = value.value.split(':');
    return { name, count: count ? Number(count) || 1 : 1 };
  }
  if (value?.kind === 'dynamic') {
    const match = /gpu\.(\w+)\((?:.*count\s*=\s*(\d+))?/.exec(value.text);
    if (match) return { name: match[1], count: match[2] ? Number(match[2]) : 1 };
  }
  if (value?.kind === 'object') {
    // modal.gpu.A100(count=2, size="80GB") read as keywords only: the class name is lost, keep the count.
    const count = value.entries.get('count');
    return { count: count?.kind === 'number' ? count.value : 1 };
  }
  return {};
}
