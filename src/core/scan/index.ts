/**
 * The scanner's public API (issue 33). Pure: it takes texts and a catalog, never the file system or the editor.
 * - scanFiles / scanText: model uses in code and deployment files, with file, line, column and evidence.
 * - matchUse: a use mapped to the catalog (our model id, its kind, the offer that prices it).
 * - declaringWorkload: the workload of an inference.yaml that declares a use (drift in check and diff).
 * - draftInference: a draft inference.yaml for uses (`inference-cost scan`).
 */
export { scanFiles, scanText, languageOf, SCANNED_EXTENSIONS } from './scan';
export { matchUse, declaringWorkload, resolveModel, hostAndModel, type CatalogMatch } from './catalogMatch';
export { draftInference, draftWorkloads, PLACEHOLDER, PLACEHOLDER_COMMENT, type DraftWorkload } from './draft';
export { parseGitignore, type IgnoreRules } from './gitignore';
export { undeclaredUses, undeclaredUseFinding, appearedUses, useKey, excludes, type DriftTarget } from './drift';
export type {
  ModelUse,
  ScanInput,
  ScanResult,
  ScanNote,
  StatedSettings,
  ScanHost,
  UseKind,
  ServingEngine,
} from './types';
