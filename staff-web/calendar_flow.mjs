// The calendar in a real browser (Debian's chromium driven by playwright-core): a receptionist logs in, opens
// today's calendar, marks one appointment attended, moves one to a free time, cancels one (through its
// confirmation page), ticks off a reminder call for tomorrow, and looks at the page on a 390 px phone.
// Run by tests/staff/test_staff_calendar_browser.py with BASE_URL, STAFF_USER, STAFF_PASSWORD, ATTEND_REF,
// MOVE_REF, CANCEL_REF, CALL_REF, OUTPUT_DIR; prints one JSON line with what it saw. Screenshots go to OUTPUT_DIR.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { BASE_URL, STAFF_USER, STAFF_PASSWORD, ATTEND_REF, MOVE_REF, CANCEL_REF, CALL_REF, OUTPUT_DIR } = process.env;
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
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const row = (reference) => page.locator(`table[data-testid^="appointments-"] tr[data-reference="${reference}"]`);

  await page.goto(`${BASE_URL}/staff/intakes`);
  await page.waitForURL(/\/staff\/login/);
  await page.fill('input[name=username]', STAFF_USER);
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/intakes/), page.click('button[type=submit]')]);
  step('logged in');

  await Promise.all([page.waitForURL(/\/staff\/calendar$/), page.click('nav a[href="/staff/calendar"]')]);
  result.heading = await text(page.locator('h1'));
  result.rows = await page.locator('table[data-testid^="appointments-"] tbody tr[data-reference]').count();
  result.before = {};
  for (const ref of [ATTEND_REF, MOVE_REF, CANCEL_REF]) result.before[ref] = await text(row(ref));
  result.red_flags = await page.locator('[data-testid=red-flag]').count();
  await shot(page, 'calendar-01-today-desktop');
  step('opened today');

  await Promise.all([page.waitForURL(/done=attended/), row(ATTEND_REF).getByRole('button', { name: 'Attended' }).click()]);
  result.attended_notice = await text(page.locator('[data-testid=calendar-done]'));
  result.attended_status = await text(row(ATTEND_REF).locator('[data-testid=status]'));
  step('marked attended');

  await Promise.all([page.waitForURL(/\/move$/), row(MOVE_REF).getByRole('link', { name: 'Move' }).click()]);
  for (let i = 0; i < 7 && await page.locator('[data-testid=no-free-times]').count(); i++) {
    await Promise.all([page.waitForURL(/day=/), page.click('[data-testid=next-day]')]);  // today may be full or over
  }
  const choice = page.locator('[data-testid=move-form] input[name=slot]').last();
  result.moved_to = await choice.getAttribute('value');
  await choice.check();
  await shot(page, 'calendar-02-move');
  await Promise.all([page.waitForURL(/done=moved/), page.click('[data-testid=move-form] button[type=submit]')]);
  result.moved_notice = await text(page.locator('[data-testid=calendar-done]'));
  result.moved_call = await page.locator('[data-testid=call-patient]').count();
  step('moved');

  await page.goto(`${BASE_URL}/staff/calendar`);
  await Promise.all([page.waitForURL(/\/cancel$/), row(CANCEL_REF).getByRole('link', { name: 'Cancel' }).click()]);
  result.confirm_page = await text(page.locator('section'));
  await shot(page, 'calendar-03-cancel-confirm');
  await Promise.all([page.waitForURL(/done=cancelled/), page.click('[data-testid=cancel-form] button[type=submit]')]);
  result.cancelled_notice = await text(page.locator('[data-testid=calendar-done]'));
  result.call_link = await page.locator('[data-testid=call-patient] a[href^="tel:"]').getAttribute('href');
  result.cancelled_status = await text(row(CANCEL_REF).locator('[data-testid=status]'));
  step('cancelled');

  const call = page.locator(`[data-testid=reminders-to-call] tr[data-reference="${CALL_REF}"]`);
  result.reminder_row = await text(call);
  result.reminder_tel = await call.locator('a[href^="tel:"]').getAttribute('href');
  await Promise.all([page.waitForURL(/\/staff\/calendar#reminders$/), call.getByRole('button', { name: 'Called' }).click()]);
  result.reminder_after = await text(page.locator(`[data-testid=reminders-to-call] tr[data-reference="${CALL_REF}"]`));
  await shot(page, 'calendar-04-after-desktop');
  step('marked called');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE_URL}/staff/calendar`);
  result.mobile_scroll_width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  const button = page.locator('table[data-testid^="appointments-"] tr[data-reference] button').first();
  result.mobile_button_visible = await button.isVisible();
  await shot(page, 'calendar-05-today-390');
  step('phone width');
} catch (error) {
  result.error = String(error && error.stack || error);
  try { await shot(context.pages()[0], 'calendar-99-failure'); } catch {}
} finally {
  result.console_errors = consoleErrors;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  console.log(JSON.stringify(result));
  process.exitCode = result.error ? 1 : 0;
}
