/** One file handed to the scanner: a path (forward slashes, relative to the scanned folder) and its text. */
export interface ScanInput {
  path: string;
  text: string;
}

/** Where a use came from: an SDK call in code, or a deployment that runs a model on GPUs. */
export type UseKind = 'sdk' | 'deployment';

/** The API or platform a use goes to. */
export type ScanHost =
  | 'openai'
  | 'azure'
  | 'anthropic'
  | 'fal'
  | 'replicate'
  | 'together'
  | 'google'
  | 'vertex'
  | 'bedrock'
  | 'huggingface'
  | 'litellm'
  | 'groq'
  | 'mistral'
  | 'fireworks'
  | 'deepseek'
  | 'x-ai'
  // Deployments: the platform the GPUs run on.
  | 'kubernetes'
  | 'kserve'
  | 'skypilot'
  | 'modal'
  | 'dstack';

/** Self-hosted serving engine a deployment runs. */
export type ServingEngine = 'vllm' | 'tgi' | 'sglang' | 'comfyui' | 'kserve-huggingface';

/** The settings a use states in the code or manifest (absent where it says nothing). */
export interface StatedSettings {
  quality?: string;
  /** WxH where the code says it (size="1024x1024", width/height); a host's name for a size otherwise. */
  size?: string;
  aspectRatio?: string;
  steps?: number;
  maxTokens?: number;
  /** Images (or completions) per call. */
  n?: number;
  /** Our GPU id (h100, a100-80gb, l4, ...) or, when not one we know, the manifest's own spelling. */
  gpu?: string;
  gpuKnown?: boolean;
  gpuCount?: number;
  tensorParallel?: number;
  replicas?: number;
}

export interface ModelUse {
  /** The path as given to the scanner. */
  file: string;
  /** 1-based line and column of the call (or of the manifest's container/resource). */
  line: number;
  column: number;
  /** Where a call in code ends (line, and the column just past it); a manifest's use is its first line. */
  end?: { line: number; column: number };
  kind: UseKind;
  host: ScanHost;
  /** What the call makes, where the API says so: images, or text. */
  modality?: 'image' | 'text';
  /** The call or platform in words: `client.images.generate`, `vllm on Kubernetes Deployment/llm`. */
  api: string;
  engine?: ServingEngine;
  /** The model as the code spells it; undefined when it is only known at run time. */
  model?: string;
  /** Why the model is undefined: the expression the code passes. */
  modelExpression?: string;
  settings: StatedSettings;
  /** The source text of the call (first lines, trimmed). */
  evidence: string;
}

/** A file the scanner could not read as its language (broken syntax is still scanned; this is for what it skipped). */
export interface ScanNote {
  file: string;
  message: string;
}

export interface ScanResult {
  uses: ModelUse[];
  notes: ScanNote[];
}
