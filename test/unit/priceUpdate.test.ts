import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { sourceLayer } from '../../src/core/catalog/sources/assemble';
import type { SourceLayer } from '../../src/core/catalog/sources/layer';
import { fingerprint } from '../../src/node/catalog';
import { readStoredFiles, sourcesOf } from '../../src/node/priceStore';
import { TODAY } from './helpers';

/**
 * `catalog update` against a real HTTP server on 127.0.0.1 serving recorded source files: a price that changes lands
 * in `check`; a source that answers 404, hangs or sends a truncated file leaves the previous prices in use and says so.
 */
const RECORDED = join(__dirname, '../fixtures/prices');
const GENAI = join(__dirname, '../../data/prices/genai-prices.json');
const LITELLM = join(__dirname, '../../data/prices/litellm.json');
const LITELLM_TEXT = readFileSync(LITELLM, 'utf8');
/**
 * LiteLLM's map as its mirror serves it (text models too, which an update leaves out), with Recraft V3 at $0.05
 * instead of $0.04; a copy cut short; and one shrunk to three image entries.
 */
const LITELLM_MIRROR = (() => {
  const images = JSON.parse(LITELLM_TEXT) as Record<string, Record<string, unknown>>;
  images['recraft/recraftv3'] = { ...images['recraft/recraftv3'], output_cost_per_image: 0.05 };
  return JSON.stringify({
    'gpt-4o': { mode: 'chat', litellm_provider: 'openai', input_cost_per_token: 2.5e-6 },
    ...images,
  });
})();
const LITELLM_SHRUNK = JSON.stringify(
  Object.fromEntries(Object.entries(JSON.parse(LITELLM_TEXT) as object).slice(0, 3)),
);
const EXAMPLE = `version: 1
workloads:
  - { name: w, model: sdxl, volume: 200000, provider: runpod/pod-a40, serving: batch }
`;

let server: Server;
let base = '';
/** Requests the server has seen, to tell that the hanging route was asked. */
const hung: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/hang/')) {
      // Never answers: the client's timeout must end the wait.
      hung.push(url);
      return;
    }
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    };
    if (url === '/genai.json') return send(200, readFileSync(GENAI, 'utf8'));
    if (url === '/litellm.json') return send(200, LITELLM_TEXT);
    if (url === '/litellm-mirror.json') return send(200, LITELLM_MIRROR);
    if (url === '/litellm-truncated.json')
      return send(200, LITELLM_MIRROR.slice(0, Math.floor(LITELLM_MIRROR.length * 0.6)));
    if (url === '/litellm-shrunk.json') return send(200, LITELLM_SHRUNK);
    if (url === '/garbage.json') return send(200, '<html>rate limited</html>');
    const recorded = /^\/(ok|truncated)\/skypilot\/(\w+)\/vms\.csv$/.exec(url);
    if (!recorded) return send(404, 'not found');
    const text = readFileSync(join(RECORDED, 'skypilot', recorded[2]!, 'vms.csv'), 'utf8');
    // Cut inside a row: what a dropped connection or a half-written mirror leaves.
    send(200, recorded[1] === 'truncated' ? text.slice(0, Math.floor(text.length * 0.6)) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icr-prices-'));
  dirs.push(dir);
  return dir;
}

async function cli(args: string[], env: NodeJS.ProcessEnv, cwd = tmpdir()) {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd,
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    today: () => TODAY,
    env,
  });
  return { code, out, err };
}

/** The monthly cost `check` gives the workload on RunPod's A40 pod, with the given cache. */
async function a40Rate(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'inference.yaml'), EXAMPLE);
  const r = await cli(['check', '--format', 'json', ...extra], env, dir);
  const json = JSON.parse(r.out) as { workloads: { options: { offer: string; rate: string; price_date: string }[] }[] };
  const option = json.workloads[0]!.options.find((o) => o.offer === 'runpod/pod-a40')!;
  return `${option.rate} ${option.price_date}`;
}

const sources = (skypilot: string, genai = `${base}/genai.json`, litellm = `${base}/litellm.json`) => [
  '--source',
  `skypilot=${skypilot}`,
  '--source',
  `genai-prices=${genai}`,
  '--source',
  `litellm=${litellm}`,
];

/** The price per image and its date `check` gives Recraft V3 on Recraft's own API, with the given cache. */
async function recraftRate(env: NodeJS.ProcessEnv): Promise<string> {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'inference.yaml'),
    'version: 1\nworkloads:\n  - { name: w, model: recraft-v3, volume: 1000, provider: recraft/recraft-v3 }\n',
  );
  const r = await cli(['check', '--format', 'json'], env, dir);
  const json = JSON.parse(r.out) as { workloads: { options: { offer: string; rate: string; price_date: string }[] }[] };
  const option = json.workloads[0]!.options.find((o) => o.offer === 'recraft/recraft-v3')!;
  return `${option.rate} ${option.price_date}`;
}

describe('catalog update from a local HTTP server', () => {
  it('fetches every source into the cache, and check then prices with it', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    expect(await a40Rate(env)).toBe('$0.44/h 2026-12-02');
    const r = await cli(['catalog', 'update', ...sources(`${base}/ok/skypilot`)], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`updated skypilot/runpod: 16 offers from ${base}/ok/skypilot/runpod/vms.csv`);
    expect(r.out).toMatch(/7 of 7 price files updated; cache: /);
    expect(await a40Rate(env)).toBe(`$0.39/h ${TODAY}`);
    // --offline, and INFERENCE_COST_OFFLINE=1, price with the package's own data, not the cache.
    expect(await a40Rate(env, ['--offline'])).toBe('$0.44/h 2026-12-02');
    expect(await a40Rate({ ...env, INFERENCE_COST_OFFLINE: '1' })).toBe('$0.44/h 2026-12-02');
    const catalog = await cli(['catalog'], env);
    expect(catalog.out).toMatch(new RegExp(`runpod: 16 offers, ${TODAY} \\(cache\\)`));
  });

  it('a source that answers 404 keeps the last good data and says which and why, in one line', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    await cli(['catalog', 'update', ...sources(`${base}/ok/skypilot`)], env);
    const r = await cli(['catalog', 'update', ...sources(`${base}/missing`)], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `failed  skypilot/runpod: ${base}/missing/runpod/vms.csv answered HTTP 404; keeping the cached data of ${TODAY}`,
    );
    expect(r.err.trim().split('\n')).toHaveLength(5);
    expect(r.out).toContain('2 of 7 price files updated');
    expect(await a40Rate(env)).toBe(`$0.39/h ${TODAY}`);
  });

  it('a source that hangs past the timeout fails on its own; the rest update', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    const r = await cli(['catalog', 'update', '--timeout', '1', ...sources(`${base}/hang`)], env);
    expect(hung.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(r.err).toContain('skypilot/runpod: ');
    expect(r.err).toContain('did not answer in time; keeping the shipped data of 2026-12-02');
    expect(r.out).toContain('updated genai-prices');
    expect(await a40Rate(env)).toBe('$0.44/h 2026-12-02');
  });

  it('a truncated CSV or a page that is not the data is refused; the previous prices stay', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    await cli(['catalog', 'update', ...sources(`${base}/ok/skypilot`)], env);
    const r = await cli(['catalog', 'update', ...sources(`${base}/truncated/skypilot`, `${base}/garbage.json`)], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failed {2}skypilot\/runpod: .* is not usable \(not a CSV file: /);
    expect(r.err).toMatch(/failed {2}genai-prices: .*garbage\.json is not usable \(/);
    expect(await a40Rate(env)).toBe(`$0.39/h ${TODAY}`);
  });

  it('reads a mirror on disk, and the cache folder is replaced in one step', async () => {
    const onDisk = ['catalog', 'update', '--source', `skypilot=${join(RECORDED, 'skypilot')}`].concat([
      '--source',
      `genai-prices=${GENAI}`,
      '--source',
      `litellm=${LITELLM}`,
    ]);
    const cache = tempDir();
    const env = { INFERENCE_COST_CACHE_DIR: cache };
    const r = await cli([...onDisk], env);
    expect(r.code).toBe(0);
    await cli(onDisk, env);
    // One data folder and the pointer to it: older folders are removed once the pointer moves.
    expect(readdirSync(cache).filter((f) => f.startsWith('prices-'))).toHaveLength(1);
    expect(readdirSync(cache)).toContain('current.json');
    expect(await a40Rate(env)).toBe(`$0.39/h ${TODAY}`);
  });

  it('LiteLLM: a mirror of the map changes a price; a copy cut short or shrunk keeps the last good prices and says so', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    expect(await recraftRate(env)).toBe('$0.04/image 2026-07-24');
    const r = await cli(
      ['catalog', 'update', ...sources(`${base}/ok/skypilot`, undefined, `${base}/litellm-mirror.json`)],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/updated litellm: 5\d offers from http:\/\/127\.0\.0\.1:\d+\/litellm-mirror\.json/);
    expect(await recraftRate(env)).toBe(`$0.05/image ${TODAY}`);
    // Only the image entries are kept in the cache, not the map's text models.
    const cached = readdirSync(env.INFERENCE_COST_CACHE_DIR).find((f) => f.startsWith('prices-'))!;
    const stored = readFileSync(join(env.INFERENCE_COST_CACHE_DIR, cached, 'litellm.json'), 'utf8');
    expect(stored).not.toContain('gpt-4o');

    const cut = await cli(
      ['catalog', 'update', ...sources(`${base}/ok/skypilot`, undefined, `${base}/litellm-truncated.json`)],
      env,
    );
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(
      new RegExp(
        `failed {2}litellm: .*litellm-truncated\\.json is not usable \\(.*\\); keeping the cached data of ${TODAY}`,
      ),
    );
    expect(cut.err.trim().split('\n')).toHaveLength(1);
    expect(await recraftRate(env)).toBe(`$0.05/image ${TODAY}`);

    const shrunk = await cli(
      ['catalog', 'update', ...sources(`${base}/ok/skypilot`, undefined, `${base}/litellm-shrunk.json`)],
      env,
    );
    expect(shrunk.code).toBe(1);
    expect(shrunk.err).toMatch(
      /failed {2}litellm: .*litellm-shrunk\.json has \d offers where the data in use has 5\d \(shrank by more than half\); keeping the cached data/,
    );
    expect(await recraftRate(env)).toBe(`$0.05/image ${TODAY}`);
    // --offline prices with the package's own copy.
    expect(await recraftRate({ ...env, INFERENCE_COST_OFFLINE: '1' })).toBe('$0.04/image 2026-07-24');
  });

  it('a pointer to a folder that is gone, or garbage, falls back to the package', async () => {
    const cache = tempDir();
    writeFileSync(join(cache, 'current.json'), '{"dir":"../../etc"}');
    expect(await a40Rate({ INFERENCE_COST_CACHE_DIR: cache })).toBe('$0.44/h 2026-12-02');
    writeFileSync(join(cache, 'current.json'), 'not json');
    expect(await a40Rate({ INFERENCE_COST_CACHE_DIR: cache })).toBe('$0.44/h 2026-12-02');
  });

  it('bad arguments are usage errors (exit 2)', async () => {
    const env = { INFERENCE_COST_CACHE_DIR: tempDir() };
    expect((await cli(['catalog', 'update', '--source', 'nope=x'], env)).code).toBe(2);
    expect((await cli(['catalog', 'update', '--offline'], env)).code).toBe(2);
    expect((await cli(['catalog', 'update', '--timeout', '0'], env)).code).toBe(2);
    expect((await cli(['check', '--source', `skypilot=${base}`], env)).code).toBe(2);
  });
});

describe('the sources converted once, beside their data', () => {
  it('the shipped assembled.json is what converting the shipped files gives, and a changed file is converted again', () => {
    const root = join(__dirname, '../..');
    const stored = readStoredFiles(root, undefined);
    const saved = JSON.parse(readFileSync(join(root, 'data/prices/assembled.json'), 'utf8')) as {
      fingerprint: string;
      layer: SourceLayer;
    };
    expect(saved.fingerprint).toBe(fingerprint(stored));
    expect(JSON.parse(JSON.stringify(sourceLayer(builtinCatalog(), sourcesOf(stored))))).toEqual(saved.layer);
    const edited = new Map(stored);
    const runpod = edited.get('skypilot/runpod')!;
    edited.set('skypilot/runpod', { ...runpod, text: runpod.text.replace('0.44,0.44', '0.39,0.39') });
    expect(fingerprint(edited)).not.toBe(saved.fingerprint);
  });
});
