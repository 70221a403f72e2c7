// The staff review app in a real browser (Debian's chromium driven by playwright-core):
// log in, filter, open an intake, set a review status, add a note, export CSV. Screenshots go to OUTPUT_DIR.
// Run by tests/staff/test_staff_browser.py with BASE_URL, STAFF_USER, STAFF_PASSWORD, PATIENT_NAME, OUTPUT_DIR.
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { BASE_URL, STAFF_USER, STAFF_PASSWORD, PATIENT_NAME, OUTPUT_DIR } = process.env;
const NOTE = 'Called the patient <b>not bold</b>; wants a Saturday slot';
mkdirSync(OUTPUT_DIR, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'staff-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
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
  await shot(page, '01-list');
  step('logged in');

  await page.fill('input[name=q]', PATIENT_NAME);
  await page.selectOption('select[name=channel]', 'rest');
  await page.selectOption('select[name=review]', 'new');
  await Promise.all([page.waitForURL(/q=/), page.click('form.filters button[type=submit]')]);
  const rows = await page.locator('table.intakes tbody tr[data-intake-id]').count();
  if (rows !== 1) throw new Error(`expected 1 filtered row, got ${rows}`);
  await shot(page, '02-filtered');
  step('filtered');

  await Promise.all([page.waitForURL(/\/staff\/intakes\/\d+$/), page.click(`table.intakes a:has-text("${PATIENT_NAME}")`)]);
  const transcript = page.locator('section.transcript');
  await transcript.getByText('Female', { exact: true }).first().waitFor();  // a clicked button, by its title
  result.clicked_buttons = await transcript.locator('.tag', { hasText: 'clicked a button' }).count();
  await transcript.locator('details summary').first().click();
  result.first_intent = (await transcript.locator('dl.nlu dd').first().innerText()).trim();
  result.effective_type = (await page.locator('[data-testid=effective-type]').innerText()).trim();
  await shot(page, '03-intake');
  step('opened intake');

  await page.selectOption('form[data-testid=review-form] select[name=status]', 'reviewed');
  await Promise.all([page.waitForURL(/saved=review/), page.click('form[data-testid=review-form] button[type=submit]')]);
  result.review_status = (await page.locator('[data-testid=review-status]').innerText()).trim();
  step('set review status');

  await page.fill('form[data-testid=note-form] textarea[name=body]', NOTE);
  await Promise.all([page.waitForURL(/saved=note/), page.click('form[data-testid=note-form] button[type=submit]')]);
  result.note_shown = await page.locator('.note .text', { hasText: NOTE }).count();
  await shot(page, '04-reviewed');
  step('added note');

  await page.goto(`${BASE_URL}/staff/intakes?review=reviewed`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
  const csvPath = join(OUTPUT_DIR, 'intakes.csv');
  await download.saveAs(csvPath);
  result.csv = readFileSync(csvPath, 'utf8');
  await shot(page, '05-export');
  step('exported CSV');

  await page.click('form.logout button');
  await page.waitForURL(/\/staff\/login/);
  step('logged out');
} catch (error) {
  result.error = String(error && error.stack || error);
  try { await shot(context.pages()[0], '99-failure'); } catch {}
} finally {
  result.console_errors = consoleErrors;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
