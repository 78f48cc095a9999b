import { describe, expect, it } from 'vitest';
import { scanFiles, scanText } from '../../src/core/scan/scan';
import { fixtureInputs, lineOf, useAt } from './scanHelpers';

const python = scanFiles(fixtureInputs('sdk-python'));
const typescript = scanFiles(fixtureInputs('sdk-ts'));

describe('scan: Python SDK calls', () => {
  it('reads a call spread over lines, its model from a constant with an os.getenv default and a parameter default', () => {
    const use = useAt(python.uses, 'images.py', lineOf('sdk-python', 'images.py', 'return client.images.generate(\n'));
    expect(use).toMatchObject({
      kind: 'sdk',
      host: 'openai',
      modality: 'image',
      model: 'gpt-image-1',
      settings: { quality: 'high', size: '1024x1536', n: 2 },
    });
    expect(use.column).toBe(12);
    expect(use.evidence).toContain('client.images.generate( model=IMAGE_MODEL');
  });

  it('counts no call in a comment, a string, a docstring or a Markdown file, nor a function of our own', () => {
    const files = new Set(python.uses.map((u) => u.file));
    expect(files.has('README.md')).toBe(false);
    expect(files.has('unrelated.py')).toBe(false);
    expect(python.uses.filter((u) => u.file === 'images.py').map((u) => u.line)).toEqual([
      lineOf('sdk-python', 'images.py', 'return client.images.generate(\n'),
      lineOf('sdk-python', 'images.py', 'return fal_client.subscribe('),
      lineOf('sdk-python', 'images.py', 'return replicate.run('),
      lineOf('sdk-python', 'images.py', 'return client.images.generate(model=name'),
    ]);
  });

  it('keeps a model known only at run time as undefined, with the expression', () => {
    const use = useAt(python.uses, 'images.py', lineOf('sdk-python', 'images.py', 'client.images.generate(model=name'));
    expect(use.model).toBeUndefined();
    expect(use.modelExpression).toBe('name');
  });

  it('reads fal and Replicate inputs: named sizes, width and height, steps, a version taken as written', () => {
    const fal = useAt(python.uses, 'images.py', lineOf('sdk-python', 'images.py', 'fal_client.subscribe('));
    expect(fal).toMatchObject({ host: 'fal', model: 'fal-ai/flux/dev', settings: { size: '1024x768', steps: 28 } });
    const replicate = useAt(python.uses, 'images.py', lineOf('sdk-python', 'images.py', 'replicate.run('));
    expect(replicate).toMatchObject({ host: 'replicate', settings: { size: '768x768' } });
    expect(replicate.model).toMatch(/^stability-ai\/sdxl:7762/);
  });

  it('finds OpenAI chat and responses, Anthropic, Together, Bedrock, Hugging Face and LiteLLM calls', () => {
    const at = (needle: string) => useAt(python.uses, 'text.py', lineOf('sdk-python', 'text.py', needle));
    expect(at('openai_client.chat.completions.create')).toMatchObject({
      host: 'openai',
      model: 'gpt-4.1-mini', // os.environ.get default
      settings: { maxTokens: 400 },
    });
    expect(at('openai_client.responses.create')).toMatchObject({ model: 'gpt-4.1', settings: { maxTokens: 800 } });
    // A class attribute, and max_tokens on a later line.
    expect(at('claude.messages.create')).toMatchObject({
      host: 'anthropic',
      model: 'claude-sonnet-4-5',
      settings: { maxTokens: 1024 },
    });
    expect(at('together.chat.completions.create')).toMatchObject({
      host: 'together',
      model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    });
    expect(at('bedrock.invoke_model')).toMatchObject({
      host: 'bedrock',
      model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    });
    // The model given to the client's constructor.
    expect(at('hf.chat_completion')).toMatchObject({
      host: 'huggingface',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      settings: { maxTokens: 200 },
    });
    expect(at('hf.text_to_image')).toMatchObject({
      modality: 'image',
      model: 'black-forest-labs/FLUX.1-schnell',
      settings: { steps: 4 },
    });
    // `from litellm import completion`: a bare call is LiteLLM's.
    expect(at('completion(model="anthropic/')).toMatchObject({ host: 'litellm', settings: { maxTokens: 300 } });
    expect(at('image_generation(model=')).toMatchObject({
      host: 'litellm',
      modality: 'image',
      model: 'dall-e-3',
      settings: { quality: 'hd', size: '1024x1024' },
    });
  });

  it('reads Google GenAI configs and Vertex model objects', () => {
    const at = (needle: string) => useAt(python.uses, 'google.py', lineOf('sdk-python', 'google.py', needle));
    expect(at('client.models.generate_images(')).toMatchObject({
      host: 'google',
      modality: 'image',
      model: 'imagen-4.0-generate-001',
      settings: { n: 4, aspectRatio: '16:9' },
    });
    expect(at('client.models.generate_content(')).toMatchObject({ modality: 'text', model: 'gemini-2.5-flash' });
    expect(at('ImageGenerationModel.from_pretrained(')).toMatchObject({
      host: 'vertex',
      model: 'imagen-4.0-fast-generate-001',
    });
  });
});

describe('scan: TypeScript and JavaScript SDK calls', () => {
  it('reads process.env.X ?? a default, a parameter default, shorthand properties and an object constant', () => {
    const at = (needle: string) => useAt(typescript.uses, 'images.ts', lineOf('sdk-ts', 'images.ts', needle));
    expect(at('openai.images.generate({\n')).toMatchObject({
      host: 'openai',
      model: 'gpt-image-1-mini',
      settings: { quality: 'low', size: '1024x1024' },
    });
    expect(at('fal.subscribe(')).toMatchObject({
      host: 'fal',
      model: 'fal-ai/flux/schnell',
      settings: { size: '1024x1024', steps: 4, n: 2 },
    });
    expect(at("replicate.run('")).toMatchObject({
      host: 'replicate',
      model: 'black-forest-labs/flux-1.1-pro',
      settings: { aspectRatio: '3:2' },
    });
    expect(at('ai.models.generateImages(')).toMatchObject({
      host: 'google',
      modality: 'image',
      model: 'imagen-4.0-generate-001',
      settings: { n: 2 },
    });
    expect(typescript.uses.filter((u) => u.file === 'images.ts')).toHaveLength(4);
  });

  it('reads TSX: Anthropic, OpenAI pointed at Together, Bedrock commands, Hugging Face', () => {
    const at = (needle: string) => useAt(typescript.uses, 'chat.tsx', lineOf('sdk-ts', 'chat.tsx', needle));
    expect(at('anthropic.messages.create(')).toMatchObject({ host: 'anthropic', settings: { maxTokens: 512 } });
    expect(at('together.chat.completions.create(')).toMatchObject({ host: 'together' });
    expect(at('new InvokeModelCommand(')).toMatchObject({ host: 'bedrock', model: 'meta.llama3-1-8b-instruct-v1:0' });
    expect(at('hf.textToImage(')).toMatchObject({
      host: 'huggingface',
      model: 'black-forest-labs/FLUX.1-dev',
      settings: { steps: 28 },
    });
  });

  it('reads CommonJS require()', () => {
    expect(typescript.uses.filter((u) => u.file === 'legacy.js')).toMatchObject([
      { host: 'openai', model: 'gpt-4o-mini', settings: { n: 2 } },
    ]);
  });

  it('reads fal.queue.submit; an OpenAI thread message beside an Anthropic import is no model call', () => {
    const text = [
      "import { fal } from '@fal-ai/client';",
      "import OpenAI from 'openai';",
      "import Anthropic from '@anthropic-ai/sdk';",
      'const client = new OpenAI();',
      "await fal.queue.submit('fal-ai/flux/dev', { input: { num_inference_steps: 20 } });",
      "await client.beta.threads.messages.create('thread_1', { role: 'user', content: 'hi' });",
    ].join('\n');
    expect(scanText('queue.ts', text)).toMatchObject([
      { host: 'fal', api: 'fal.queue.submit', model: 'fal-ai/flux/dev', settings: { steps: 20 }, line: 5 },
    ]);
  });

  it('skips a minified file and says so', () => {
    const minified = `import OpenAI from "openai";const c=new OpenAI();${'c.chat.completions.create({model:"gpt-4o"});'.repeat(200)}`;
    const result = scanFiles([{ path: 'vendor.min.js', text: minified }]);
    expect(result.uses).toEqual([]);
    expect(result.notes[0]?.message).toMatch(/minified/);
  });

  it('survives broken syntax: the calls the parser recovers still count', () => {
    const text =
      'from openai import OpenAI\nclient = OpenAI()\ndef f(:\n    pass\nclient.chat.completions.create(model="gpt-4.1")\n';
    expect(scanText('broken.py', text).map((u) => u.model)).toEqual(['gpt-4.1']);
  });
});
