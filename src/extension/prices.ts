import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog/types';
import { loadCatalog } from '../node/catalog';
import { currentCacheDir, defaultCacheDir } from '../node/priceStore';
import { DEFAULT_LOCATIONS, updatePrices, type FileOutcome } from '../node/updatePrices';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SECTION, todayUtc } from './config';
import { Disposable } from './disposable';

export const AUTO_UPDATE = ['off', 'daily', 'weekly'] as const;
type AutoUpdate = (typeof AUTO_UPDATE)[number];
const DAYS: Record<AutoUpdate, number> = { off: Infinity, daily: 1, weekly: 7 };
const TIMEOUT_MS = 20_000;

/**
 * The prices the editor analyses with: the hand-kept offers and the maintained sources from the user cache the CLI
 * shares, else those shipped in the extension. Read on first use, not at activation. An update runs in the
 * background: diagnostics keep using the prices already loaded until it has written the cache.
 */
export class PriceService extends Disposable {
  private running: Promise<FileOutcome[]> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires once new prices are in the cache and loaded. */
  readonly onDidUpdate = this.changed.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  catalog(): Catalog {
    return loadCatalog({ root: this.extensionPath, cacheDir: defaultCacheDir() });
  }

  /** Fetches every source (or the mirrors in settings) into the cache; one update at a time. */
  update(): Promise<FileOutcome[]> {
    this.running ??= this.fetch().finally(() => (this.running = undefined));
    return this.running;
  }

  /** On start: an update where the setting asks for one and the cache is older than it allows. */
  updateIfDue(): void {
    const every = vscode.workspace.getConfiguration(SECTION).get<AutoUpdate>('catalog.autoUpdate', 'weekly');
    const age = this.cacheAgeDays();
    if (every === 'off' || age < DAYS[every]) return;
    this.log.info(
      `Prices are ${age === Infinity ? 'not cached yet' : `${age.toFixed(1)} days old`}: updating (${every})`,
    );
    void this.update().catch((e: unknown) => this.log.warn(`Price update failed: ${String(e)}`));
  }

  private cacheAgeDays(): number {
    const current = currentCacheDir(defaultCacheDir());
    if (!current) return Infinity;
    try {
      return (Date.now() - statSync(join(current, 'manifest.json')).mtimeMs) / 86_400_000;
    } catch {
      return Infinity;
    }
  }

  private async fetch(): Promise<FileOutcome[]> {
    const config = vscode.workspace.getConfiguration(SECTION);
    // A workspace the user does not trust may not point the update at files or hosts of its choosing.
    const sources =
      (vscode.workspace.isTrusted
        ? config.get<Record<string, unknown>>('catalog.sources')
        : config.inspect<Record<string, unknown>>('catalog.sources')?.globalValue) ?? {};
    const pick = (id: keyof typeof DEFAULT_LOCATIONS) =>
      typeof sources[id] === 'string' && sources[id] ? sources[id] : DEFAULT_LOCATIONS[id];
    const outcomes = await updatePrices({
      root: this.extensionPath,
      cacheDir: defaultCacheDir(),
      locations: { skypilot: pick('skypilot'), 'genai-prices': pick('genai-prices'), litellm: pick('litellm') },
      today: todayUtc(),
      timeoutMs: TIMEOUT_MS,
    });
    for (const o of outcomes) {
      if (o.ok) this.log.info(o.message);
      else this.log.warn(o.message);
    }
    if (outcomes.some((o) => o.ok)) this.changed.fire();
    return outcomes;
  }
}
