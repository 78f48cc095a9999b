import type { ModelUse, ScanHost, StatedSettings } from './types';
import { describe, entryOf, firstOf, numberOf, stringOf, type CallSite, type Value } from './values';

/** One file's calls and imports, language aside. */
export interface CodeFile {
  imports: ReadonlySet<string>;
  importedFrom: ReadonlyMap<string, string>;
  calls: readonly CallSite[];
}

type Found = Omit<ModelUse, 'file'>;

/** Modules whose presence makes a file an SDK user (Python module path prefixes and npm package names). */
const SDK_MODULES = [
  'openai',
  'anthropic',
  '@anthropic-ai/sdk',
  'together',
  'together-ai',
  'fal_client',
  '@fal-ai/client',
  '@fal-ai/serverless-client',
  'replicate',
  'google',
  'google.genai',
  'google.generativeai',
  '@google/genai',
  '@google/generative-ai',
  '@google-cloud/vertexai',
  'vertexai',
  'boto3',
  'aioboto3',
  '@aws-sdk/client-bedrock-runtime',
  'huggingface_hub',
  '@huggingface/inference',
  'litellm',
  'groq',
  'groq-sdk',
  'mistralai',
  '@mistralai/mistralai',
  'fireworks',
];

function importsAny(file: CodeFile, modules: readonly string[]): boolean {
  for (const imported of file.imports)
    for (const module of modules)
      if (imported === module || imported.startsWith(`${module}.`) || imported.startsWith(`${module}/`)) return true;
  return false;
}

/** Every SDK call in one file, in source order. */
export function sdkUses(file: CodeFile): Found[] {
  if (!importsAny(file, SDK_MODULES)) return [];
  const found: Found[] = [];
  for (const call of file.calls) {
    const use = readCall(call, file);
    if (use) found.push(use);
  }
  return found;
}

function readCall(call: CallSite, file: CodeFile): Found | undefined {
  const path = call.callee;
  const last = path[path.length - 1]!;
  const tail = (n: number) => path.slice(-n).join('.');
  if (call.isNew) return commandCall(call, file);
  if (tail(2) === 'images.generate' || tail(2) === 'images.edit' || tail(2) === 'images.create_variation')
    return openAiShaped(call, file, 'image');
  if (
    tail(3) === 'chat.completions.create' ||
    tail(3) === 'chat.completions.stream' ||
    tail(3) === 'chat.completions.parse'
  )
    return openAiShaped(call, file, 'text');
  if (tail(2) === 'responses.create' || tail(2) === 'responses.stream' || tail(2) === 'responses.parse')
    return openAiShaped(call, file, 'text');
  if (tail(2) === 'messages.create' || tail(2) === 'messages.stream') return anthropic(call, file);
  if (isFal(call, file)) return fal(call);
  if (isReplicate(call, file)) return replicate(call);
  if (
    /^(generate_images|generate_content|generate_content_stream|edit_image|generateImages|generateContent|generateContentStream|editImage)$/.test(
      last,
    ) &&
    path[path.length - 2] === 'models'
  )
    return googleGenAi(call, file);
  if (
    (last === 'from_pretrained' && path[path.length - 2] === 'ImageGenerationModel') ||
    last === 'GenerativeModel' ||
    last === 'getGenerativeModel'
  )
    return googleModelObject(call, file);
  if (/^(invoke_model|invoke_model_with_response_stream|converse|converse_stream)$/.test(last)) return bedrock(call);
  if (
    /^(text_to_image|chat_completion|text_generation|image_to_image|textToImage|chatCompletion|chatCompletionStream|textGeneration|imageToImage)$/.test(
      last,
    ) &&
    isHuggingFace(call, file)
  )
    return huggingFace(call);
  if (path[0] === 'litellm' && /^a?(completion|image_generation|text_completion)$/.test(last) && path.length === 2)
    return liteLlm(call);
  return undefined;
}

/** The host behind an OpenAI-shaped call: the client's class, the base URL it was given, else the file's imports. */
function openAiHost(call: CallSite, file: CodeFile): ScanHost {
  const cls = call.receiverClass ?? '';
  if (/^Async?AzureOpenAI$|^AzureOpenAI$/.test(cls)) return 'azure';
  if (/Together/.test(cls)) return 'together';
  if (/InferenceClient|HfInference/.test(cls)) return 'huggingface';
  if (/Groq/.test(cls)) return 'groq';
  if (/Fireworks/.test(cls)) return 'fireworks';
  if (/Mistral/.test(cls)) return 'mistral';
  const base = stringOf(firstOf(call.receiverArgs, ['base_url', 'baseURL', 'api_base']));
  if (base) return hostOfUrl(base) ?? 'openai';
  if (cls === '' && importsAny(file, ['together', 'together-ai']) && !importsAny(file, ['openai'])) return 'together';
  if (cls === '' && importsAny(file, ['groq', 'groq-sdk']) && !importsAny(file, ['openai'])) return 'groq';
  return 'openai';
}

function hostOfUrl(url: string): ScanHost | undefined {
  const hosts: [RegExp, ScanHost][] = [
    [/together\.(xyz|ai)/, 'together'],
    [/groq\.com/, 'groq'],
    [/fireworks\.ai/, 'fireworks'],
    [/deepseek\.com/, 'deepseek'],
    [/x\.ai/, 'x-ai'],
    [/mistral\.ai/, 'mistral'],
    [/huggingface\.(co|cloud)/, 'huggingface'],
    [/openai\.azure\.com/, 'azure'],
    [/generativelanguage\.googleapis\.com/, 'google'],
    [/openai\.com/, 'openai'],
  ];
  return hosts.find(([pattern]) => pattern.test(url))?.[1];
}

function openAiShaped(call: CallSite, file: CodeFile, modality: 'image' | 'text'): Found | undefined {
  // A user's own `images.generate` without any client we know of is not an SDK call.
  if (
    !call.receiverClass &&
    !importsAny(file, [
      'openai',
      'together',
      'together-ai',
      'huggingface_hub',
      '@huggingface/inference',
      'groq',
      'groq-sdk',
    ])
  )
    return undefined;
  const host = openAiHost(call, file);
  const model =
    call.keywords.get('model') ??
    (host === 'huggingface' ? (call.receiverArgs?.get('model') ?? call.receiverArgs?.get('#0')) : undefined);
  return use(call, host, modality, call.callee.slice(-3).join('.'), model, settingsOf(call.keywords));
}

function anthropic(call: CallSite, file: CodeFile): Found | undefined {
  // OpenAI's Assistants: client.beta.threads.messages.create adds a message to a thread, it calls no model.
  if (call.callee.includes('threads') || /OpenAI/.test(call.receiverClass ?? '')) return undefined;
  const cls = call.receiverClass ?? '';
  if (!/Anthropic/.test(cls) && !importsAny(file, ['anthropic', '@anthropic-ai/sdk'])) return undefined;
  const host: ScanHost = /Bedrock/.test(cls) ? 'bedrock' : /Vertex/.test(cls) ? 'vertex' : 'anthropic';
  return use(
    call,
    host,
    'text',
    call.callee.slice(-2).join('.'),
    call.keywords.get('model'),
    settingsOf(call.keywords),
  );
}

const FAL_CALLS = /^(subscribe|run|submit|stream|subscribe_async|run_async|submit_async)$/;

function isFal(call: CallSite, file: CodeFile): boolean {
  const [root] = call.callee;
  const last = call.callee[call.callee.length - 1]!;
  // fal.subscribe(...), and fal.queue.submit(...) in JavaScript.
  const shaped = call.callee.length === 2 || (call.callee.length === 3 && call.callee[1] === 'queue');
  if (!FAL_CALLS.test(last) || !shaped) return false;
  if (root === 'fal_client') return true;
  const from = file.importedFrom.get(root!);
  return from !== undefined && from.startsWith('@fal-ai/');
}

function fal(call: CallSite): Found {
  // Python: fal_client.subscribe(app, arguments={...}); JavaScript: fal.subscribe(app, { input: {...} }).
  const input = call.keywords.get('arguments') ?? entryOf(call.positional[1], 'input') ?? call.positional[1];
  const model = call.positional[0] ?? call.keywords.get('application');
  const api = `fal.${call.callee.slice(1).join('.')}`;
  return use(call, 'fal', undefined, api, model, settingsOf(objectEntries(input)));
}

function isReplicate(call: CallSite, file: CodeFile): boolean {
  const path = call.callee;
  const last = path[path.length - 1]!;
  if (!/^(run|async_run|stream|async_stream)$/.test(last)) return false;
  if (path[0] === 'replicate' && path.length === 2) return true;
  return /Replicate|Client/.test(call.receiverClass ?? '') && importsAny(file, ['replicate']);
}

function replicate(call: CallSite): Found {
  const options = call.positional[1];
  const input = call.keywords.get('input') ?? entryOf(options, 'input');
  return use(call, 'replicate', undefined, 'replicate.run', call.positional[0], settingsOf(objectEntries(input)));
}

function googleGenAi(call: CallSite, file: CodeFile): Found | undefined {
  if (
    !importsAny(file, ['google.genai', 'google', '@google/genai']) &&
    !/GoogleGenAI|Client/.test(call.receiverClass ?? '')
  )
    return undefined;
  const vertex = call.receiverArgs?.get('vertexai');
  const host: ScanHost = vertex?.kind === 'boolean' && vertex.value ? 'vertex' : 'google';
  const method = call.callee[call.callee.length - 1]!;
  const modality = /image/i.test(method) ? 'image' : 'text';
  const config = objectEntries(call.keywords.get('config'));
  const settings = settingsOf(new Map([...call.keywords, ...(config ?? [])]));
  return use(call, host, modality, `models.${method}`, call.keywords.get('model'), settings);
}

/** Vertex AI's ImageGenerationModel.from_pretrained("imagen-...") and GenerativeModel("gemini-..."). */
function googleModelObject(call: CallSite, file: CodeFile): Found | undefined {
  const vertex = importsAny(file, ['vertexai', '@google-cloud/vertexai']);
  if (!vertex && !importsAny(file, ['google.generativeai', '@google/generative-ai'])) return undefined;
  const last = call.callee[call.callee.length - 1]!;
  const image = last === 'from_pretrained';
  const model =
    call.positional[0]?.kind === 'object'
      ? entryOf(call.positional[0], 'model')
      : (call.positional[0] ?? call.keywords.get('model_name'));
  return use(
    call,
    vertex ? 'vertex' : 'google',
    image ? 'image' : 'text',
    call.callee.slice(-2).join('.'),
    model,
    settingsOf(call.keywords),
  );
}

function bedrock(call: CallSite): Found | undefined {
  const model = call.keywords.get('modelId');
  if (!model) return undefined;
  const inference = objectEntries(call.keywords.get('inferenceConfig'));
  return use(
    call,
    'bedrock',
    undefined,
    call.callee[call.callee.length - 1]!,
    model,
    settingsOf(inference ?? new Map()),
  );
}

/** JavaScript's Bedrock: client.send(new InvokeModelCommand({ modelId })). */
function commandCall(call: CallSite, file: CodeFile): Found | undefined {
  const last = call.callee[call.callee.length - 1]!;
  if (
    /^(InvokeModel|InvokeModelWithResponseStream|Converse|ConverseStream)Command$/.test(last) &&
    importsAny(file, ['@aws-sdk/client-bedrock-runtime'])
  )
    return bedrock({ ...call, callee: [last] });
  return undefined;
}

function isHuggingFace(call: CallSite, file: CodeFile): boolean {
  return (
    /InferenceClient|HfInference/.test(call.receiverClass ?? '') ||
    importsAny(file, ['huggingface_hub', '@huggingface/inference'])
  );
}

function huggingFace(call: CallSite): Found {
  const last = call.callee[call.callee.length - 1]!;
  const model = call.keywords.get('model') ?? call.receiverArgs?.get('model') ?? stringReceiverModel(call);
  const modality = /image/i.test(last) ? 'image' : 'text';
  const parameters = objectEntries(call.keywords.get('parameters'));
  return use(
    call,
    'huggingface',
    modality,
    `InferenceClient.${last}`,
    model,
    settingsOf(new Map([...call.keywords, ...(parameters ?? [])])),
  );
}

function stringReceiverModel(call: CallSite): Value | undefined {
  const first = call.receiverArgs?.get('#0');
  // InferenceClient("black-forest-labs/FLUX.1-dev"), not HfInference(token).
  return first?.kind === 'string' && first.value.includes('/') ? first : undefined;
}

function liteLlm(call: CallSite): Found {
  const last = call.callee[call.callee.length - 1]!;
  const modality = /image/.test(last) ? 'image' : 'text';
  return use(
    call,
    'litellm',
    modality,
    `litellm.${last}`,
    call.keywords.get('model') ?? call.positional[0],
    settingsOf(call.keywords),
  );
}

function objectEntries(value: Value | undefined): ReadonlyMap<string, Value> | undefined {
  return value?.kind === 'object' ? value.entries : undefined;
}

function use(
  call: CallSite,
  host: ScanHost,
  modality: 'image' | 'text' | undefined,
  api: string,
  modelValue: Value | undefined,
  settings: StatedSettings,
): Found {
  const model = stringOf(modelValue);
  const found: Found = {
    line: call.line,
    column: call.column,
    end: call.end,
    kind: 'sdk',
    host,
    api,
    settings,
    evidence: call.evidence,
  };
  if (modality) found.modality = modality;
  if (model) found.model = model;
  else found.modelExpression = describe(modelValue) ?? 'not given (the SDK default)';
  return found;
}

/** fal's named sizes. */
const FAL_SIZES: Record<string, string> = {
  square_hd: '1024x1024',
  square: '512x512',
  portrait_4_3: '768x1024',
  portrait_16_9: '576x1024',
  landscape_4_3: '1024x768',
  landscape_16_9: '1024x576',
};

/** The settings an SDK call's keywords (or input object) state, whatever the SDK calls them. */
export function settingsOf(entries: ReadonlyMap<string, Value> | undefined): StatedSettings {
  const settings: StatedSettings = {};
  if (!entries) return settings;
  const quality = stringOf(entries.get('quality'));
  if (quality) settings.quality = quality;
  const size = firstOf(entries, ['size', 'image_size', 'imageSize', 'resolution']);
  const width = numberOf(firstOf(entries, ['width']) ?? entryOf(size, 'width'));
  const height = numberOf(firstOf(entries, ['height']) ?? entryOf(size, 'height'));
  const sizeText = stringOf(size);
  if (sizeText && /^\d+\s*[x×*]\s*\d+$/i.test(sizeText)) settings.size = sizeText.replace(/\s*[x×*]\s*/i, 'x');
  else if (sizeText && FAL_SIZES[sizeText]) settings.size = FAL_SIZES[sizeText];
  else if (width && height) settings.size = `${width}x${height}`;
  else if (sizeText) settings.size = sizeText;
  const aspect = stringOf(firstOf(entries, ['aspect_ratio', 'aspectRatio']));
  if (aspect) settings.aspectRatio = aspect;
  const steps = numberOf(firstOf(entries, ['steps', 'num_inference_steps', 'numInferenceSteps', 'num_steps']));
  if (steps) settings.steps = steps;
  const maxTokens = numberOf(
    firstOf(entries, [
      'max_tokens',
      'max_completion_tokens',
      'max_output_tokens',
      'max_new_tokens',
      'maxTokens',
      'maxOutputTokens',
      'max_tokens_to_sample',
      'maxNewTokens',
    ]),
  );
  if (maxTokens) settings.maxTokens = maxTokens;
  const n = numberOf(
    firstOf(entries, [
      'n',
      'num_images',
      'number_of_images',
      'numberOfImages',
      'num_outputs',
      'numImages',
      'candidate_count',
      'candidateCount',
    ]),
  );
  if (n) settings.n = n;
  return settings;
}
