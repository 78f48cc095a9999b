// Installs a VSIX into a code-server extensions folder with code-server's own CLI.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { processEnv } from './codeServer.mjs';
import { CODE_SERVER_ENTRY, NODE24 } from './env.mjs';

export function installVsix(runDir, vsix) {
  execFileSync(
    NODE24,
    [
      CODE_SERVER_ENTRY,
      '--user-data-dir',
      join(runDir, 'user-data'),
      '--extensions-dir',
      join(runDir, 'extensions'),
      '--install-extension',
      vsix,
      '--force',
    ],
    {
      env: processEnv(runDir),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
