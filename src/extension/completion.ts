import * as vscode from 'vscode';
import type { Catalog, Model } from '../core/catalog/types';
import { providerChoices } from '../core/engine/complete';
import { formatMonthly } from '../core/money';
import { trafficKinds } from '../core/engine/traffic';
import { describeBreakdown, formatRate } from '../core/render/words';
import type { AnalysisService } from './analysis';
import type { PriceService } from './prices';

/** The value being typed after `key:` on this line, if the line is that key. */
function valueAt(
  document: vscode.TextDocument,
  position: vscode.Position,
): { key: string; range: vscode.Range } | undefined {
  const line = document.lineAt(position.line).text;
  const match = /^(\s*(?:-\s+)?)([a-z_]+):(\s*)([^\s#]*)/.exec(line);
  if (!match) return undefined;
  const start = match[1]!.length + match[2]!.length + 1 + match[3]!.length;
  const end = start + match[4]!.length;
  if (position.character < start - match[3]!.length || position.character > end) return undefined;
  return { key: match[2]!, range: new vscode.Range(position.line, start, position.line, end) };
}

/**
 * Completion where the decision is made: on `provider:` every offer with its monthly cost for this workload,
 * cheapest eligible first and the ones that cannot serve it last with the reason; on `model:` the built-in
 * models; on `traffic:` the shapes.
 */
export class CostCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly analysis: AnalysisService,
    private readonly prices: PriceService,
  ) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.CompletionItem[] | undefined {
    const at = valueAt(document, position);
    if (at?.key === 'provider') return this.providers(document, position, at.range);
    // The file's own catalog knows the models it declares; before its first analysis, the prices alone.
    const catalog = this.analysis.get(document.uri)?.catalog ?? this.prices.catalog();
    if (at?.key === 'model') return models(catalog, at.range);
    if (at?.key === 'traffic') return traffic(catalog, at.range);
    return undefined;
  }

  private providers(
    document: vscode.TextDocument,
    position: vscode.Position,
    range: vscode.Range,
  ): vscode.CompletionItem[] | undefined {
    const report = this.analysis.get(document.uri);
    if (!report) return undefined;
    const choices = providerChoices(document.getText(), document.offsetAt(position), report);
    return choices?.map(({ option, rank }) => {
      const item = new vscode.CompletionItem(option.offer.id, vscode.CompletionItemKind.Value);
      const price = option.priced ? formatMonthly(option.totalMicros) : '—';
      const verified = option.offer.verified ?? 'never verified';
      item.detail = option.eligible
        ? `${price} · ${option.offer.billing} · ${option.offer.tier} · ${formatRate(option.details.rate)} · verified ${verified}`
        : `not eligible: ${option.reasons.map((r) => r.text).join('; ')} · ${price}`;
      item.documentation = option.priced
        ? `${price} = ${describeBreakdown(option)}\n\nSource: ${option.offer.source}`
        : option.offer.source;
      item.sortText = String(rank).padStart(4, '0');
      item.filterText = option.offer.id;
      item.range = range;
      return item;
    });
  }
}

/** Models declared in the file first, then those a GPU can run, then those served only through APIs. */
function models(catalog: Catalog, range: vscode.Range): vscode.CompletionItem[] {
  const group = (m: Model) => (m.source.startsWith('models: in') ? 0 : m.hosted_only ? 2 : 1);
  return [...catalog.models.values()].map((m) => {
    const item = new vscode.CompletionItem(m.id, vscode.CompletionItemKind.EnumMember);
    item.detail = m.hosted_only ? `${m.name} · API only` : m.name;
    item.sortText = `${group(m)}${m.id}`;
    item.range = range;
    return item;
  });
}

function traffic(catalog: Catalog, range: vscode.Range): vscode.CompletionItem[] {
  return Object.entries(trafficKinds(catalog.assumptions)).map(([kind, words]) => {
    const item = new vscode.CompletionItem(kind, vscode.CompletionItemKind.EnumMember);
    item.detail = words;
    item.range = range;
    return item;
  });
}
