import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

/** What the UI runner hands to the tests. */
export const env = {
  url: required('ICR_URL'),
  workspace: required('ICR_WORKSPACE'),
  artifacts: required('ICR_ARTIFACTS'),
  runDir: required('ICR_RUN_DIR'),
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests with npm run test:ui`);
  return value;
}

export const SELECTORS = {
  workbench: '.monaco-workbench',
  quickInput: '.quick-input-widget input',
  quickInputRow: '.quick-input-list .monaco-list-row',
  editorLines: '.editor-instance .monaco-editor .view-lines',
  squiggleWarning: '.monaco-editor .squiggly-warning',
  squiggleError: '.monaco-editor .squiggly-error',
  problemsRow: '.markers-panel .monaco-list-row',
  hover: '.monaco-hover:not(.hidden) .monaco-hover-content',
  codeLens: '.monaco-editor .codelens-decoration',
};

export async function openWorkbench(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${env.url}/?folder=${encodeURIComponent(env.workspace)}`);
  await page.waitForSelector(SELECTORS.workbench, { timeout: 60_000 });
  return page;
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.fill(SELECTORS.quickInput, name);
  await page.waitForSelector(SELECTORS.quickInputRow);
  await page.keyboard.press('Enter');
  await page.waitForSelector(SELECTORS.editorLines);
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.fill(SELECTORS.quickInput, `>${title}`);
  await page.waitForSelector(`${SELECTORS.quickInputRow}:has-text("${title}")`);
  await page.keyboard.press('Enter');
}

/** The webview's content frame: two nested iframes in the workbench. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(env.artifacts, 'ui');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Moves the caret onto the first occurrence of text in the editor by clicking it. */
export async function clickText(page: Page, text: string): Promise<void> {
  const token = page.locator(`${SELECTORS.editorLines} .view-line span`, { hasText: text }).first();
  await token.waitFor();
  await token.click();
}
