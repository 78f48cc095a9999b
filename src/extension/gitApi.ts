import * as vscode from 'vscode';

/** The few parts of the built-in Git extension's API (vscode.git, API version 1) this extension uses. */
export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD?: { readonly name?: string; readonly upstream?: { readonly remote: string; readonly name: string } };
    readonly onDidChange: vscode.Event<void>;
  };
  show(ref: string, path: string): Promise<string>;
  getCommit(ref: string): Promise<{ readonly hash: string }>;
  getRefs?(query?: { pattern?: string; count?: number }): Promise<{ name?: string; remote?: string; type: number }[]>;
}

export interface GitApi {
  readonly repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}

/** The Git API, or undefined where Git is missing or disabled: callers then simply show no delta. */
export async function gitApi(log: vscode.LogOutputChannel): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    return exports.enabled ? exports.getAPI(1) : undefined;
  } catch (e) {
    log.info(`Git is not available, so costs are shown without a delta: ${String(e)}`);
    return undefined;
  }
}
