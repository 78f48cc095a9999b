import * as vscode from 'vscode';
import type { InferenceCostApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'inference-cost-review.inference-cost';

/** Polls until check() returns a value other than undefined/false, or fails with what it saw last. Never a fixed sleep. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits for what a file written by the test brings. The file watcher reports it; on a loaded machine code-server's
 * watcher has been seen to drop the event of a file created just after another folder was deleted, so after 10 s the
 * test asks for the refresh a person would.
 */
export async function waitForNewFile<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
): Promise<T> {
  return waitFor(what, check, 10_000).catch(async () => {
    await vscode.commands.executeCommand('inferenceCost.refresh');
    return waitFor(`${what} after a refresh`, check);
  });
}

export async function api(): Promise<InferenceCostApi> {
  const ext = vscode.extensions.getExtension<InferenceCostApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const exports = await ext.activate();
  await exports.analysis.whenIdle();
  return exports;
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export function diagnosticsWith(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.code === code);
}

export function textAt(doc: vscode.TextDocument, range: vscode.Range): string {
  return doc.getText(range);
}
