import { writeFileSync } from 'node:fs';
import { fileJsonSchema } from '../src/core/format/jsonSchema';

/** Writes the JSON schema generated from the zod schema; a unit test fails when the committed file differs. */
const out = process.argv[2];
if (!out) throw new Error('usage: gen-schema <output.json>');
writeFileSync(out, `${JSON.stringify(fileJsonSchema(), null, 2)}\n`);
