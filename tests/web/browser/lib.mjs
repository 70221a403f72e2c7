// Shared helpers of the browser scripts: Debian's chromium driven by playwright-core (from web/node_modules).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
export const { chromium } = require('playwright-core');
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const SITE = process.env.SITE_URL; // the demo site whose origin the channel allows
export const OUTPUT = process.env.OUTPUT_DIR || 'tests/output';
mkdirSync(OUTPUT, { recursive: true });

/** Headless chromium. Playwright gives every launch a fresh temporary --user-data-dir of its own, and each
 * context is a separate browser profile: a second context is a second patient's browser. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

/** Collects page errors and dialogs, which must never happen. */
export function watch(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', async (dialog) => { problems.push(`dialog: ${dialog.message()}`); await dialog.dismiss(); });
  page.on('console', (msg) => { if (msg.type() === 'error') console.log(`[console] ${msg.text()}`); });
  return problems;
}

export const widget = {
  launcher: (page) => page.locator('.skn-launcher'),
  panel: (page) => page.locator('#skn-chat-panel'),
  input: (page) => page.locator('#skn-chat-input'),
  botTexts: (page) => page.locator('.skn-bot .skn-text').allTextContents(),
  userTexts: (page) => page.locator('.skn-user .skn-text').allTextContents(),
  lastBot: async (page) => (await page.locator('.skn-bot .skn-text').last().textContent()) || '',
  choices: (page) => page.locator('.skn-choices .skn-choice'),

  async open(page) {
    if (await this.panel(page).isHidden()) await this.launcher(page).click();
    await this.panel(page).waitFor({ state: 'visible' });
  },

  /** Waits until the bot has answered: more bot messages than before, nothing pending, no typing. */
  async settled(page, botCountBefore = 0, timeout = 60000) {
    await page.waitForFunction((before) => {
      const bots = document.querySelectorAll('.skn-bot').length;
      const busy = document.querySelector('.skn-pending') || document.querySelector('.skn-typing')?.textContent;
      return bots > before && !busy;
    }, botCountBefore, { timeout });
  },

  async botCount(page) { return page.locator('.skn-bot').count(); },

  async say(page, text) {
    const before = await this.botCount(page);
    await this.input(page).fill(text);
    await this.input(page).press('Enter');
    await this.settled(page, before);
  },

  async click(page, title) {
    const before = await this.botCount(page);
    await this.choices(page).filter({ hasText: title }).first().click();
    await this.settled(page, before);
  },
};
