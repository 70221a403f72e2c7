// A page served from an origin the clinic did not allow cannot talk to the channel.
// Env: OTHER_SITE_URL (the demo site on a port that is not in WEB_ALLOWED_ORIGINS), SERVER_URL.
// (The server's 403 itself is checked in test_web_channel.py: a browser hides refused answers from pages.)
import { check, launch, widget } from './lib.mjs';

const OTHER = process.env.OTHER_SITE_URL;
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  const failed = [];
  page.on('requestfailed', (request) => { if (request.url().includes('/webhooks/web/')) failed.push(request.url()); });
  await page.goto(`${OTHER}/`);
  await widget.open(page);
  await page.locator('.skn-alert').waitFor({ state: 'visible', timeout: 20000 });
  check(/cannot reach/i.test(await page.locator('.skn-alert').textContent()), 'the widget says it cannot reach the assistant');
  check(await page.locator('.skn-bot').count() === 0, 'no bot message arrives');
  // Even a script of that page calling the channel directly gets nothing readable.
  const direct = await page.evaluate(async (server) => {
    try {
      const response = await fetch(`${server}/webhooks/web/session`, { method: 'POST' });
      return `read ${response.status}`;
    } catch (error) {
      return 'blocked';
    }
  }, process.env.SERVER_URL);
  check(direct === 'blocked', `a direct fetch from that page is blocked (${direct})`);
  check(failed.length > 0, `the browser refused the channel's answers (${failed.length} requests failed)`);
} finally {
  await browser.close();
}
