// Writes data/prices/assembled.json: the shipped sources converted once, so a run reads offers instead of converting
// the CSVs and the per-token data every time. A run checks its fingerprint and converts again where it differs.
import { join } from 'node:path';
import { writeLayer } from '../src/node/catalog';
import { readStoredFiles, SHIPPED_DIR } from '../src/node/priceStore';

const root = process.cwd();
writeLayer(join(root, SHIPPED_DIR), readStoredFiles(root, undefined));
