// The open widget with axe-core (no serious or critical violations), by keyboard, with ARIA roles.
// Env: SITE_URL.
import { readFileSync } from 'node:fs';
import { AXE_PATH, SITE, check, launch, widget } from './lib.mjs';

const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${SITE}/`);

  // Keyboard only: Tab to the launcher, Enter opens with focus in the message box, Escape closes.
  const launcher = widget.launcher(page);
  await launcher.focus();
  await page.keyboard.press('Enter');
  await widget.panel(page).waitFor({ state: 'visible' });
  await widget.settled(page, 0);
  check(await launcher.getAttribute('aria-expanded') === 'true', 'the launcher says the chat is expanded');
  check(await page.evaluate(() => document.activeElement.id) === 'skn-chat-input', 'opening moves focus to the message box');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.className) === 'skn-send', 'Tab goes from the box to Send');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  check(await page.evaluate(() => document.activeElement.className) === 'skn-choice', 'the answer buttons come before the box');
  await page.locator('.skn-choice', { hasText: 'Yes, I agree' }).focus();
  await page.keyboard.press('Enter'); // a choice by keyboard
  await widget.settled(page, 1);
  check(/first name/i.test(await widget.lastBot(page)), 'a button works by keyboard');
  await page.keyboard.press('Escape');
  check(await widget.panel(page).isHidden(), 'Escape closes the chat');
  check(await page.evaluate(() => document.activeElement.classList.contains('skn-launcher')), 'focus returns to the launcher');
  await page.keyboard.press('Enter');
  await widget.panel(page).waitFor({ state: 'visible' });

  const log = page.locator('[role="log"]');
  check(await log.getAttribute('aria-live') === 'polite', 'the conversation is a live log');
  check(await page.locator('[role="dialog"][aria-labelledby="skn-chat-title"]').count() === 1, 'the panel is a labelled dialog');
  check(await page.locator('label[for="skn-chat-input"]').count() === 1, 'the message box has a label');

  await page.evaluate(readFileSync(AXE_PATH, 'utf8')); // evaluated by the browser devtools, so the page CSP allows it
  const results = await page.evaluate(() => window.axe.run('.skn-chat', {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  for (const v of results.violations) console.log(`axe ${v.impact}: ${v.id} - ${v.help} (${v.nodes.length})`);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(results.passes.length > 10, `axe ran (${results.passes.length} rules passed)`);
  check(bad.length === 0, `no serious or critical accessibility violations (${bad.map((v) => v.id).join(', ')})`);
} finally {
  await browser.close();
}
