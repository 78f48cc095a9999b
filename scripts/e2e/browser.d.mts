import type { BrowserContext } from 'playwright-core';
export function launchBrowser(runDir: string): Promise<BrowserContext>;
