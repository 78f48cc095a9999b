import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The generated schema as users of the Red Hat YAML extension get it: yaml-language-server, driven over LSP on
 * stdio exactly as an editor drives it, with `yaml.schemas` pointing inference.yaml at schemas/inference.schema.json.
 */
const SCHEMA = pathToFileURL(join(__dirname, '../../schemas/inference.schema.json')).href;
const SERVER = require.resolve('yaml-language-server/bin/yaml-language-server');

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  /** The latest diagnostics the server published, by document URI. */
  readonly diagnostics = new Map<string, { message: string }[]>();

  constructor(private readonly server: ChildProcessWithoutNullStreams) {
    server.stdout.on('data', (chunk: Buffer) => this.read(chunk));
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private send(message: Message & { jsonrpc?: string }): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.method && message.id !== undefined) {
      // The server asks for its settings and to register capabilities: answer as an editor does.
      const items = (message.params as { items?: { section?: string }[] } | undefined)?.items ?? [];
      const result =
        message.method === 'workspace/configuration'
          ? items.map((i) => (i.section === 'yaml' ? YAML_SETTINGS : {}))
          : null;
      this.send({ id: message.id, result });
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as { uri: string; diagnostics: { message: string }[] };
      this.diagnostics.set(params.uri, params.diagnostics);
    }
    if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
  }
}

const YAML_SETTINGS = {
  schemas: { [SCHEMA]: ['inference.yaml'] },
  completion: true,
  validate: true,
  hover: true,
  schemaStore: { enable: false },
};

let server: ChildProcessWithoutNullStreams;
let client: LspClient;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'icr-lsp-'));
  server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
  client = new LspClient(server);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: { workspace: { configuration: true } },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
}, 30_000);

afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

let version = 0;

/** Completion where `|` stands; polls with a deadline, since the server loads the schema in the background. */
async function completeAt(marked: string): Promise<{ label: string }[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const items = await completeOnce(marked);
    if (items.length > 0 || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens a file with the text and asks for completion where `|` stands. */
async function completeOnce(marked: string): Promise<{ label: string }[]> {
  const text = marked.replace('|', '');
  const before = marked.slice(0, marked.indexOf('|')).split('\n');
  const uri = pathToFileURL(join(dir, `case-${++version}`, 'inference.yaml')).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const result = (await client.request('textDocument/completion', {
    textDocument: { uri },
    position: { line: before.length - 1, character: before[before.length - 1]!.length },
  })) as { items?: { label: string }[] } | { label: string }[] | null;
  return Array.isArray(result) ? result : (result?.items ?? []);
}

/** Opens a file and waits, with a deadline, for the server's diagnostics on it to satisfy `done`. */
async function diagnosticsOf(text: string, done: (messages: string[]) => boolean): Promise<string[]> {
  const uri = pathToFileURL(join(dir, `case-${++version}`, 'inference.yaml')).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const messages = client.diagnostics.get(uri)?.map((d) => d.message);
    if ((messages && done(messages)) || Date.now() > deadline) return messages ?? [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('yaml-language-server with the generated schema', () => {
  it('asks a text workload for requests and tokens, an image one for volume, and passes the example', async () => {
    const text = await diagnosticsOf(
      'version: 1\nworkloads:\n  - name: chat\n    model: llama-3.1-8b\n    provider: together/llama-3.1-8b\n',
      (m) => m.length > 0,
    );
    expect(text.join('\n')).toMatch(/requests/);
    expect(text.join('\n')).toMatch(/input_tokens/);
    expect(text.join('\n')).not.toMatch(/volume/);
    const image = await diagnosticsOf(
      'version: 1\nworkloads:\n  - name: pics\n    model: sdxl\n    provider: replicate/a40\n',
      (m) => m.length > 0,
    );
    expect(image.join('\n')).toMatch(/volume/);
    const example = readFileSync(join(__dirname, '../../examples/inference.yaml'), 'utf8');
    // Published once the server has read the file: an empty list is the answer.
    expect(await diagnosticsOf(example, () => true)).toEqual([]);
  }, 60_000);

  it('completes built-in model ids on `model:`', async () => {
    const labels = (await completeAt('version: 1\nworkloads:\n  - name: a\n    model: |\n')).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['sd15', 'sdxl', 'flux-schnell', 'flux-dev']));
  }, 30_000);

  it('completes built-in offer ids on `provider:`', async () => {
    const labels = (await completeAt('version: 1\nworkloads:\n  - name: a\n    model: sdxl\n    provider: |\n')).map(
      (i) => i.label,
    );
    expect(labels).toEqual(expect.arrayContaining(['replicate/a40', 'runpod/a40', 'vast/rtx3090', 'segmind/api']));
  }, 30_000);

  it('completes traffic shapes and workload fields with their descriptions', async () => {
    const traffic = (await completeAt('version: 1\nworkloads:\n  - name: a\n    traffic: |\n')).map((i) => i.label);
    expect(traffic).toEqual(expect.arrayContaining(['steady', 'business-hours', 'bursty', 'batch']));
    const fields = await completeAt('version: 1\nworkloads:\n  - name: a\n    |\n');
    expect(fields.map((i) => i.label)).toEqual(
      expect.arrayContaining(['min_workers', 'max_wait_hours', 'latency_slo_seconds']),
    );
  }, 30_000);
});
