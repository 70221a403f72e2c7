// The hand-off queue in a real browser (Debian's chromium driven by playwright-core): a receptionist logs in,
// follows the "Hand-offs" link (with its count), sees the request with its tel: and WhatsApp links, marks it
// done, and the page is looked at on a 390 px phone too. Screenshots go to OUTPUT_DIR.
// Run by tests/staff/test_staff_handoffs_browser.py with BASE_URL, STAFF_USER, STAFF_PASSWORD, HANDOFF_ID,
// OUTPUT_DIR; prints one JSON line with what it saw.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { BASE_URL, STAFF_USER, STAFF_PASSWORD, HANDOFF_ID, OUTPUT_DIR } = process.env;
mkdirSync(OUTPUT_DIR, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'staff-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const result = { steps: [] };
const step = (name) => result.steps.push(name);
const shot = (page, name) => page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
const consoleErrors = [];
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  await page.goto(`${BASE_URL}/staff/intakes`);
  await page.waitForURL(/\/staff\/login/);
  await page.fill('input[name=username]', STAFF_USER);
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/intakes/), page.click('button[type=submit]')]);
  result.nav_count = (await page.locator('[data-testid=handoff-count]').innerText()).trim();
  step('logged in');

  await Promise.all([page.waitForURL(/\/staff\/handoffs$/), page.click('nav a[href="/staff/handoffs"]')]);
  const row = page.locator(`[data-testid=open-handoffs] tr[data-handoff-id="${HANDOFF_ID}"]`);
  await row.waitFor();
  result.open_rows = await page.locator('[data-testid=open-handoffs] tr[data-handoff-id]').count();
  result.tel = await row.locator('a[href^="tel:"]').getAttribute('href');
  result.whatsapp = await row.locator('a[href^="https://wa.me/"]').getAttribute('href');
  result.row_text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  await shot(page, 'handoffs-01-desktop');
  step('opened the queue');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await row.waitFor();
  result.mobile_overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  result.mobile_button_visible = await row.getByRole('button', { name: 'Mark done' }).isVisible();
  await shot(page, 'handoffs-02-mobile-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  step('phone width');

  await Promise.all([page.waitForURL(/done=/), row.getByRole('button', { name: 'Mark done' }).click()]);
  result.notice = (await page.locator('[data-testid=handoff-done]').innerText()).trim();
  result.open_after = await page.locator('[data-testid=open-handoffs] tr[data-handoff-id]').count();
  result.done_row = (await page.locator(`[data-testid=done-handoffs] tr[data-handoff-id="${HANDOFF_ID}"]`).innerText())
    .replace(/\s+/g, ' ').trim();
  result.nav_count_after = (await page.locator('[data-testid=handoff-count]').innerText()).trim();
  await shot(page, 'handoffs-03-marked-done');
  step('marked done');
} catch (error) {
  result.error = String(error && error.stack || error);
} finally {
  result.console_errors = consoleErrors;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}
