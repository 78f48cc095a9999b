import { describe, expect, it } from 'vitest';
import { gpuIdOf, readAccelerator } from '../../src/core/scan/gpus';
import { scanFiles, scanText } from '../../src/core/scan/scan';
import { commandWords, servingFacts } from '../../src/core/scan/serveArgs';
import { fixtureInputs, lineOf, useAt } from './scanHelpers';

const { uses } = scanFiles(fixtureInputs('deployments'));
const at = (file: string, needle: string) => useAt(uses, file, lineOf('deployments', file, needle));

describe('scan: Kubernetes and KServe', () => {
  it('a vLLM Deployment: model from --model, GPUs from limits, type from the node selector, replicas, TP', () => {
    const use = at('vllm.yaml', '- name: server');
    expect(use).toMatchObject({
      kind: 'deployment',
      host: 'kubernetes',
      engine: 'vllm',
      modality: 'text',
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      settings: { gpu: 'h100', gpuKnown: true, gpuCount: 2, tensorParallel: 2, replicas: 2 },
    });
    expect(use.evidence).toBe('image: vllm/vllm-openai:v0.8.5');
  });

  it('TGI in a StatefulSet: model from env MODEL_ID, --num-shard, GPU type from required node affinity', () => {
    expect(at('tgi.yaml', '- name: tgi')).toMatchObject({
      engine: 'tgi',
      model: 'Qwen/Qwen3-32B',
      settings: { gpu: 'a100-80gb', gpuCount: 4, tensorParallel: 4, replicas: 1 },
    });
  });

  it('SGLang from a shell command line; ComfyUI by its image, the GPU from an AWS instance type', () => {
    expect(at('sglang-comfy.yaml', '- name: sglang')).toMatchObject({
      engine: 'sglang',
      model: 'openai/gpt-oss-20b',
      settings: { gpu: 'l40s', gpuCount: 1, tensorParallel: 1 },
    });
    const comfy = at('sglang-comfy.yaml', '- name: comfy');
    expect(comfy).toMatchObject({ engine: 'comfyui', modality: 'image', settings: { gpu: 'l40s', replicas: 3 } });
    expect(comfy.model).toBeUndefined();
  });

  it('a KServe InferenceService: --model_id over --model_name, minReplicas, the GPU', () => {
    expect(at('kserve.yaml', 'modelFormat:')).toMatchObject({
      host: 'kserve',
      engine: 'kserve-huggingface',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      settings: { gpu: 'l4', gpuCount: 1, replicas: 1 },
    });
  });

  it('counts no Service, no CI workflow, nothing without a serving engine', () => {
    expect(uses.filter((u) => u.file === 'vllm.yaml')).toHaveLength(1);
    expect(uses.some((u) => u.file.startsWith('.github/'))).toBe(false);
  });
});

describe('scan: SkyPilot, dstack, Modal', () => {
  it('a SkyPilot service: accelerators as a map, $MODEL_NAME from envs, service replicas', () => {
    expect(at('sky-serve.yaml', 'accelerators:')).toMatchObject({
      host: 'skypilot',
      engine: 'vllm',
      model: 'Qwen/Qwen3-30B-A3B',
      settings: { gpu: 'l40s', gpuCount: 1, replicas: 2 },
    });
  });

  it('a SkyPilot task: H100:8 and the OpenAI server module', () => {
    const task = at('sky-task.yaml', 'accelerators:');
    expect(task).toMatchObject({
      api: 'SkyPilot task',
      model: 'deepseek-ai/DeepSeek-V3',
      settings: { gpu: 'h100', gpuCount: 8, tensorParallel: 8 },
    });
    expect(task.settings.replicas).toBeUndefined();
  });

  it('a dstack service: gpu A100:2, env as NAME=value, the command', () => {
    expect(at('llm.dstack.yml', 'type: service')).toMatchObject({
      host: 'dstack',
      model: 'google/gemma-3-27b-it',
      settings: { gpu: 'a100-40gb', gpuCount: 2, tensorParallel: 2, replicas: 1 },
    });
  });

  it('Modal: gpu="H100:2", the model from a constant the function uses in an f-string', () => {
    const serve = at('modal_app.py', '@app.function(image=image');
    expect(serve).toMatchObject({
      host: 'modal',
      engine: 'vllm',
      model: 'Qwen/Qwen3-32B',
      settings: { gpu: 'h100', gpuCount: 2, tensorParallel: 2 },
    });
    const embed = at('modal_app.py', '@app.function(gpu="L4")');
    expect(embed.model).toBeUndefined();
    expect(embed.settings).toMatchObject({ gpu: 'l4', gpuCount: 1 });
  });

  it('a Modal-like decorator in a file that does not import modal is not a deployment', () => {
    expect(scanText('x.py', 'from app import app\n@app.function(gpu="H100")\ndef f(): pass\n')).toEqual([]);
  });
});

describe('scan: GPU names and serving arguments', () => {
  it('maps manifests’ GPU spellings to our ids, and leaves unknown ones undefined', () => {
    expect(gpuIdOf('nvidia-h100-80gb')).toBe('h100');
    expect(gpuIdOf('NVIDIA-A100-SXM4-80GB')).toBe('a100-80gb');
    expect(gpuIdOf('nvidia-tesla-a100')).toBe('a100-40gb');
    expect(gpuIdOf('nvidia-l4')).toBe('l4');
    expect(gpuIdOf('L40S')).toBe('l40s');
    expect(gpuIdOf('g5.12xlarge')).toBe('a10g');
    expect(gpuIdOf('p4de.24xlarge')).toBe('a100-80gb');
    expect(gpuIdOf('a3-highgpu-8g')).toBe('h100');
    expect(gpuIdOf('H100-PCIe')).toBe('h100-pcie');
    expect(gpuIdOf('tpu-v5e')).toBeUndefined();
    expect(readAccelerator('H100:8')).toEqual({ gpu: 'H100', count: 8 });
    expect(readAccelerator({ 'A100-80GB': 4 })).toEqual({ gpu: 'A100-80GB', count: 4 });
    expect(readAccelerator({ name: ['H100', 'A100'], count: '2..4' })).toEqual({ gpu: 'H100', count: 2 });
  });

  it('reads --x y and --x=y, vllm serve <model>, $VAR and ${VAR:-default}', () => {
    const env = new Map([['M', 'org/model-a']]);
    expect(servingFacts(undefined, ['vllm serve $M --tp 4'], env)).toEqual({
      engine: 'vllm',
      model: 'org/model-a',
      tensorParallel: 4,
    });
    expect(servingFacts('vllm/vllm-openai', ['--model=${X:-org/b}', '-tp', '2'], new Map()).model).toBe('org/b');
    // An unresolved variable is not a model.
    expect(servingFacts('vllm/vllm-openai', ['--model', '$UNSET'], new Map()).model).toBeUndefined();
    expect(commandWords(['bash', '-c', 'vllm serve "a b" --port 1'])).toEqual([
      'bash',
      '-c',
      'vllm',
      'serve',
      'a',
      'b',
      '--port',
      '1',
    ]);
  });
});
