import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitFor, workspaceFile } from './util';

/**
 * "Inference Cost: Update prices" from a local mirror (the recorded files in test/fixtures/prices, where RunPod's
 * A40 pod is $0.39/h instead of the shipped $0.44/h): the hover then shows the new price and its date, from the cache.
 */
describe('Update prices in the extension host', () => {
  const file = () => workspaceFile('price-update', 'inference.yaml');
  const today = new Date().toISOString().slice(0, 10);

  before(async () => {
    await api();
    await vscode.workspace.fs.writeFile(
      file(),
      new TextEncoder().encode(
        'version: 1\nworkloads:\n  - { name: batch, model: sdxl, volume: 200000, provider: runpod/pod-a40, serving: batch }\n',
      ),
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('price-update'), { recursive: true });
    await vscode.workspace
      .getConfiguration('inferenceCost')
      .update('catalog.sources', undefined, vscode.ConfigurationTarget.Global);
  });

  async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(doc.getText().indexOf('runpod/pod-a40') + 2),
    );
    // Workspace and catalog text goes in as text: markdown escapes (\( \-) are taken out to read it.
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\/g, '');
    return text.includes(needle) ? text : '';
  }

  it('updates from a local source, and the hover shows the new price with its date', async () => {
    const doc = await vscode.window.showTextDocument(file()).then((e) => e.document);
    const shipped = await waitFor('the shipped price in the hover', () => hoverText(doc, '$0.44/h'));
    assert.match(shipped, /Price: skypilot, price of 2026-12-02 \(package\)/);

    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    await vscode.workspace.getConfiguration('inferenceCost').update(
      'catalog.sources',
      {
        skypilot: vscode.Uri.joinPath(root, 'test', 'fixtures', 'prices', 'skypilot').fsPath,
        'genai-prices': vscode.Uri.joinPath(root, 'data', 'prices', 'genai-prices.json').fsPath,
        litellm: vscode.Uri.joinPath(root, 'data', 'prices', 'litellm.json').fsPath,
      },
      vscode.ConfigurationTarget.Global,
    );
    const outcomes =
      await vscode.commands.executeCommand<{ ok: boolean; message: string }[]>('inferenceCost.updatePrices');
    assert.deepEqual(
      outcomes.filter((o) => !o.ok).map((o) => o.message),
      [],
    );
    const updated = await waitFor('the updated price in the hover', () => hoverText(doc, '$0.39/h'));
    assert.match(updated, new RegExp(`Price: skypilot, price of ${today} \\(cache\\)`));
  });
});
