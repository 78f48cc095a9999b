// npm run bench:editor: activation and edit-to-diagnostics latency measured inside code-server's extension host.
import { join } from 'node:path';
import { ROOT } from './env.mjs';
import { runHostTests } from './run-host-tests.mjs';

const code = await runHostTests({ testsPath: join(ROOT, 'out', 'bench', 'index.js'), label: 'bench' });
process.exit(code);
