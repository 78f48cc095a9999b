import * as vscode from 'vscode';
import type { EngineSettings } from '../core/report';
import { defaultSettings } from '../core/engine/analyze';

export const SECTION = 'inferenceCost';

/** Settings that change the numbers (re-analyse) versus ones that only change what is drawn (re-render). */
export const ANALYSIS_KEYS = ['breakEven', 'staleDays', 'team', 'pricingFile'].map((k) => `${SECTION}.${k}`);
export const RENDER_KEYS = ['inlineCosts'].map((k) => `${SECTION}.${k}`);

export interface ExtensionSettings {
  engine: Omit<EngineSettings, 'today' | 'extraOffers'>;
  /** Only honoured in trusted workspaces: a pricing file is code-adjacent input from the workspace. */
  pricingFile: string;
  inlineCosts: boolean;
  /** Prices at the model calls in Python and TypeScript/JavaScript files (the scanner, loaded on first use). */
  scanEnabled: boolean;
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const defaults = defaultSettings('1970-01-01');
  const engineer = c.get<number | null>('team.engineerMonthlyUsd', null);
  const share = c.get<number | null>('team.opsShare', null);
  return {
    engine: {
      breakEvenPercent: c.get<number>('breakEven.percent', defaults.breakEvenPercent),
      breakEvenUsd: c.get<number>('breakEven.usd', defaults.breakEvenUsd),
      staleDays: c.get<number>('staleDays', defaults.staleDays),
      team: {
        ...(engineer !== null ? { engineerMonthlyUsd: engineer } : {}),
        ...(share !== null ? { opsShare: share } : {}),
      },
    },
    pricingFile: vscode.workspace.isTrusted ? c.get<string>('pricingFile', '') : '',
    inlineCosts: c.get<boolean>('inlineCosts.enabled', true),
    scanEnabled: c.get<boolean>('scan.enabled', true),
  };
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
