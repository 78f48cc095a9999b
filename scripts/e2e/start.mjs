// npm start: build, package, install the VSIX into a private code-server profile and open examples/.
// Prints the URL; Ctrl+C stops code-server and everything it started.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeRunDir, startCodeServer } from './codeServer.mjs';
import { ROOT } from './env.mjs';
import { installVsix } from './install.mjs';
import { packageVsix } from './package.mjs';
import { setup } from './setup.mjs';

execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
setup();
const vsix = packageVsix();
const run = makeRunDir('start');
installVsix(run.dir, vsix.path);
const port = Number(process.env.PORT) || undefined;
const server = await startCodeServer({ runDir: run.dir, port });
const folder = join(ROOT, 'examples');
console.log(
  `\nInference Cost Review is running in VS Code (code-server), with ${folder} open:\n\n  ${server.url}/?folder=${encodeURIComponent(folder)}\n\nOpen that URL in a browser. Ctrl+C stops it.`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server...');
  await server.stop();
  run.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
