import { FINDING_CODES, type Severity } from '../findings/types';
import { placedFindings, type FileReport } from './fileReport';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, one rule per stable finding code, as code-scanning tools accept it. */
export function toSarif(files: FileReport[], version: string): Record<string, unknown> {
  const rules = Object.values(FINDING_CODES).map((id) => ({ id, name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()), shortDescription: { text: id.replace(/-/g, ' ') } }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap(placedFindings).map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.path.split('\\').join('/') },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.line === f.endLine ? f.column + 1 : f.endColumn) },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'inference-cost', version, informationUri: 'https://github.com/inference-cost-review/inference-cost', rules } }, results }],
  };
}
