import type { ServingEngine } from './types';

/** What a serving container's image, command and environment say: the engine, the model, tensor parallelism. */
export interface ServingFacts {
  engine?: ServingEngine;
  model?: string;
  tensorParallel?: number;
}

const MODEL_FLAGS = ['--model', '--model-id', '--model-path', '--model_id', '--model-name', '--model_name'];
const SERVED_NAME_FLAGS = ['--served-model-name'];
const TP_FLAGS = ['--tensor-parallel-size', '-tp', '--tp', '--tp-size', '--num-shard'];
const MODEL_ENV = ['HF_MODEL_ID', 'MODEL_ID', 'MODEL_NAME', 'MODEL', 'MODEL_PATH', 'HF_MODEL', 'MODEL_REPO'];
const TP_ENV = ['NUM_SHARD', 'TENSOR_PARALLEL_SIZE', 'TP_SIZE'];

export function engineOfImage(image: string): ServingEngine | undefined {
  const lower = image.toLowerCase();
  if (/vllm/.test(lower)) return 'vllm';
  if (/text-generation-inference|(^|\/)tgi/.test(lower)) return 'tgi';
  if (/sglang/.test(lower)) return 'sglang';
  if (/comfy/.test(lower)) return 'comfyui';
  return undefined;
}

function engineOfCommand(tokens: readonly string[]): ServingEngine | undefined {
  const line = tokens.join(' ');
  if (/\bvllm(\s+serve|\.entrypoints)/.test(line)) return 'vllm';
  if (/text-generation-launcher/.test(line)) return 'tgi';
  if (/sglang\.launch_server|sglang\s+serve/.test(line)) return 'sglang';
  if (/comfyui|ComfyUI\/main\.py/i.test(line)) return 'comfyui';
  return undefined;
}

/** Splits command strings (a shell line inside `-c "..."` too) into words, quotes taken off. */
export function commandWords(parts: readonly string[]): string[] {
  const words: string[] = [];
  for (const part of parts)
    for (const match of part.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
      const word = match[1] ?? match[2] ?? match[3] ?? '';
      // A quoted shell line (bash -c "vllm serve x") is words too.
      if (/\s/.test(word)) words.push(...commandWords([word]));
      else words.push(word.replace(/[;&|]+$/, ''));
    }
  return words;
}

/** The value of the first flag of `flags` (in their order) the words give, as `--x y` or `--x=y`. */
function flagValue(words: readonly string[], flags: readonly string[]): string | undefined {
  for (const flag of flags)
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (word === flag && words[i + 1] !== undefined && !words[i + 1]!.startsWith('-')) return words[i + 1];
      if (word.startsWith(`${flag}=`)) return word.slice(flag.length + 1);
    }
  return undefined;
}

/**
 * $VAR and ${VAR} (the shell's) and $(VAR) (Kubernetes' own, in a container's command and args) from the environment
 * the command runs in; undefined where one is not set.
 */
export function substitute(text: string, env: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const variable = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g;
  const out = text.replace(variable, (_, kubernetes?: string, shell?: string, fallback?: string) => {
    const name = (kubernetes ?? shell)!;
    const value = env.get(name) ?? fallback;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : out;
}

export function servingFacts(
  image: string | undefined,
  commandParts: readonly string[],
  env: ReadonlyMap<string, string>,
): ServingFacts {
  const words = commandWords(commandParts);
  const engine = (image ? engineOfImage(image) : undefined) ?? engineOfCommand(words);
  const facts: ServingFacts = {};
  if (engine) facts.engine = engine;
  const serveAt = words.findIndex((w, i) => w === 'serve' && /(^|\/)vllm$|sglang$/.test(words[i - 1] ?? ''));
  const positional =
    serveAt >= 0 && words[serveAt + 1] && !words[serveAt + 1]!.startsWith('-') ? words[serveAt + 1] : undefined;
  const fromEnv = MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined && v !== '');
  const raw = flagValue(words, MODEL_FLAGS) ?? positional ?? fromEnv ?? flagValue(words, SERVED_NAME_FLAGS);
  const model = raw === undefined ? undefined : substitute(raw, env);
  if (model) facts.model = model;
  const tpText = flagValue(words, TP_FLAGS) ?? TP_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
  const tp = tpText === undefined ? NaN : Number(substitute(tpText, env));
  if (Number.isInteger(tp) && tp > 0) facts.tensorParallel = tp;
  return facts;
}
