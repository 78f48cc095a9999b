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

/** Opens a file by Quick Open; `folder` picks among files of the same name (the row shows its folder). */
export async function openFile(page: Page, name: string, folder?: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.fill(SELECTORS.quickInput, name);
  if (folder) {
    await page.locator(SELECTORS.quickInputRow, { hasText: folder }).first().click();
  } else {
    await page.waitForSelector(SELECTORS.quickInputRow);
    await page.keyboard.press('Enter');
  }
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

/**
 * The editor's text as a person reads it: VS Code draws spaces as U+00A0 and inlay hints as CSS
 * pseudo-element content, so both are folded back in.
 */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) return '';
    const lines = [...root.querySelectorAll('.view-line')].sort(
      (a, b) => (a as HTMLElement).offsetTop - (b as HTMLElement).offsetTop,
    );
    const pseudo = (el: Element, which: '::before' | '::after') => {
      const content = getComputedStyle(el, which).content;
      return content && content !== 'none' && content !== 'normal' ? content.replace(/^"|"$/g, '') : '';
    };
    const read = (el: Element): string =>
      pseudo(el, '::before') +
      (el.children.length ? [...el.children].map(read).join('') : (el.textContent ?? '')) +
      pseudo(el, '::after');
    return lines
      .map(read)
      .join('\n')
      .replace(/\u00a0/g, ' ');
  }, SELECTORS.editorLines);
}

export async function waitForEditorText(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await editorText(page);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`editor text never matched ${String(pattern)}; last:\n${text}`);
}

/** A token in the editor whose whole text is exactly this. */
export function editorToken(page: Page, text: string) {
  return page
    .locator(`${SELECTORS.editorLines} .view-line span span`, {
      hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    })
    .first();
}

/** Moves the caret onto the first occurrence of text in the editor by clicking it. */
export async function clickText(page: Page, text: string): Promise<void> {
  const token = editorToken(page, text);
  await token.waitFor();
  await token.click();
}

/**
 * Hovers a token until a hover with this text shows. A hover asked for before the language server has the file
 * answers without it, and a mouse already resting on the spot sends no new move: so the mouse leaves and comes
 * back every few seconds, up to a deadline.
 */
export async function hoverUntilShown(page: Page, token: string, hasText: string, timeoutMs = 30_000) {
  const hover = page.locator(SELECTORS.hover).filter({ hasText }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.mouse.move(0, 0);
    await editorToken(page, token).hover();
    const shown = await hover.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return hover;
    if (Date.now() > deadline) throw new Error(`no hover with "${hasText}" over ${token} within ${timeoutMs / 1000} s`);
  }
}
