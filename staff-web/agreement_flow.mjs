// The agreement report and the printable sheet in a real browser (Debian's chromium driven by playwright-core):
// log in, record a staff type and a red-flag verdict on an intake through its form, open the agreement page
// (desktop and 390 px phone), filter it, download its CSV, and print a long intake to PDF (A4) for the page count.
// Run by tests/staff/test_staff_agreement_browser.py with BASE_URL, STAFF_USER, STAFF_PASSWORD, INTAKE_ID,
// PRINT_ID, OUTPUT_DIR; prints one JSON line with what it saw.
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { BASE_URL, STAFF_USER, STAFF_PASSWORD, INTAKE_ID, PRINT_ID, OUTPUT_DIR } = process.env;
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
  step('logged in');

  // Review work through the intake page's form: a staff type and the verdict on the bot's red flags.
  await page.goto(`${BASE_URL}/staff/intakes/${INTAKE_ID}`);
  result.tel = await page.locator('[data-testid=phone] [data-testid=tel-link]').getAttribute('href');
  result.whatsapp = await page.locator('[data-testid=phone] [data-testid=whatsapp-link]').getAttribute('href');
  result.practitioner = (await page.locator('[data-testid=practitioner]').first().innerText()).trim();
  await page.selectOption('form[data-testid=review-form] select[name=corrected_type]', 'scarring_alopecia');
  await page.selectOption('form[data-testid=review-form] select[name=red_flags_verdict]', 'confirmed');
  await Promise.all([page.waitForURL(/saved=review/), page.click('form[data-testid=review-form] button[type=submit]')]);
  result.effective_type = (await page.locator('[data-testid=effective-type]').innerText()).trim();
  result.verdict = (await page.locator('[data-testid=red-flag-verdict]').innerText()).trim();
  await shot(page, 'agreement-01-intake-reviewed');
  step('reviewed an intake');

  await page.click('header nav a:has-text("Agreement")');
  await page.waitForURL(/\/staff\/agreement$/);
  await page.locator('[data-testid=rate-chart]').waitFor();
  result.rate = (await page.locator('[data-testid=agreement-rate]').innerText()).trim();
  result.bars = await page.locator('[data-testid=rate-chart] rect.bar').count();
  result.flags_confirmed = (await page.locator('[data-testid=flags-confirmed]').innerText()).trim();
  result.scarring_cell = (await page.locator('table.confusion td[data-bot=unclear][data-staff=scarring_alopecia]').innerText()).trim();
  result.chart_box = await page.locator('[data-testid=rate-chart]').boundingBox();
  await shot(page, 'agreement-02-desktop');
  step('agreement page');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.locator('[data-testid=rate-chart]').waitFor();
  result.mobile_chart_box = await page.locator('[data-testid=rate-chart]').boundingBox();
  result.mobile_overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shot(page, 'agreement-03-mobile-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  step('phone width');

  await page.fill('input[name=from]', process.env.RANGE_FROM);
  await page.fill('input[name=to]', process.env.RANGE_TO);
  await Promise.all([page.waitForURL(/from=/), page.click('form[data-testid=agreement-filters] button[type=submit]')]);
  result.filtered_intakes = (await page.locator('[data-testid=count-intakes]').innerText()).trim();
  result.filtered_bars = await page.locator('[data-testid=rate-chart] rect.bar').count();
  await shot(page, 'agreement-04-filtered');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=agreement-csv]')]);
  result.csv = readFileSync(await download.path(), 'utf-8');
  step('filtered and downloaded CSV');

  await page.goto(`${BASE_URL}/staff/intakes/${PRINT_ID}/print`);
  await page.emulateMedia({ media: 'print' });
  result.print_notes = await page.locator('section.notes li').count();  // staff notes are on the sheet
  result.print_visible_notes = await page.locator('section.notes li').first().isVisible();
  const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
  result.pdf_base64 = pdf.toString('base64');
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'agreement-05-print-sheet');
  step('printed');
} catch (error) {
  result.error = String(error && error.stack || error);
} finally {
  result.console_errors = consoleErrors;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}
