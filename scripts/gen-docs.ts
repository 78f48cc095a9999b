// Writes docs/format.md from the zod schema and the shipped catalog; a unit test fails when the committed file differs.
import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../src/node/catalog';
import { formatReference } from './formatReference';

writeFileSync('docs/format.md', formatReference(loadCatalog({ offline: true, root: process.cwd() })));
