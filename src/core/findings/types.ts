import type { SourceRange } from '../text/lineIndex';

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes: diagnostics, quick fixes, SARIF rules and CI filters key on them. */
export const FINDING_CODES = {
  // Input problems
  yamlSyntax: 'yaml-syntax',
  fileTooLarge: 'file-too-large',
  invalidEncoding: 'invalid-encoding',
  emptyFile: 'empty-file',
  multipleDocuments: 'multiple-documents',
  duplicateKey: 'duplicate-key',
  tooDeep: 'nesting-too-deep',
  aliasBomb: 'alias-expansion-too-large',
  aliasCycle: 'alias-cycle',
  invalidValue: 'invalid-value',
  unknownKey: 'unknown-key',
  missingField: 'missing-field',
  unsupportedVersion: 'unsupported-version',
  unknownModel: 'unknown-model',
  unknownOffer: 'unknown-offer',
  unknownGpu: 'unknown-gpu',
  offerWithoutPrice: 'offer-without-price',
  duplicateName: 'duplicate-name',
  futureDate: 'verified-in-future',
  zeroVolume: 'zero-volume',
  renamedId: 'renamed-id',
  // A draft's open questions (issue 33): no offer chosen yet, a figure the code could not tell
  noProvider: 'no-provider',
  placeholderFigure: 'placeholder-figure',
  // Cost findings
  aboveBreakEven: 'above-break-even',
  batchExceedsVram: 'batch-exceeds-vram',
  modelNotServed: 'model-not-served',
  latencyUnmet: 'latency-target-unmet',
  spotLatencyCritical: 'spot-on-latency-critical',
  spotUnavailable: 'spot-unavailable',
  lowUtilization: 'low-utilization',
  stalePrice: 'stale-price',
  overBudget: 'over-budget',
  marketplaceInteractive: 'marketplace-for-interactive',
  retiredOffer: 'retired-offer',
  unlistedOffer: 'unlisted-offer',
  quoteRequired: 'quote-required',
  filePlan: 'file-plan',
  // Findings of a change (inference-cost diff): they need the base to be seen
  measuredOnOtherGpu: 'measurement-on-other-gpu',
  // Drift (check and diff on a folder): a model use in the code that no workload of the file declares
  undeclaredModelUse: 'undeclared-model-use',
} as const;

export type FindingCode = (typeof FINDING_CODES)[keyof typeof FINDING_CODES];

export interface RelatedInfo {
  message: string;
  range?: SourceRange;
}

/** What a quick fix needs, carried with the finding so the editor never re-derives it. */
export type FixData =
  | {
      kind: 'switch-provider';
      alternatives: { offer: string; monthlyMicros: number }[];
      /**
       * The workload has no `provider:` line: the fix adds one after the line that holds this offset (its model),
       * at that line's indent (core/edits.ts), instead of replacing the value at the finding's range.
       */
      newLineAfter?: number;
    }
  | { kind: 'set-batch-size'; batchSize: number };

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  range: SourceRange;
  /** The workload it belongs to, if any (by index in the file). */
  workload?: number;
  related?: RelatedInfo[];
  fix?: FixData;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
