import { writeFileSync } from 'node:fs';
import { fileJsonSchema } from '../src/core/format/jsonSchema';
import { loadCatalog } from '../src/node/catalog';

/** Writes the JSON schema generated from the zod schema; a unit test fails when the committed file differs. */
const out = process.argv[2];
if (!out) throw new Error('usage: gen-schema <output.json>');
// The models and offers a newcomer's editor completes: the hand-kept ones and the sources shipped in the package.
writeFileSync(out, `${JSON.stringify(fileJsonSchema(loadCatalog({ offline: true, root: process.cwd() })), null, 2)}\n`);
