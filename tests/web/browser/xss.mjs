// What the patient types is shown as text: markup appears literally, runs nothing, creates no elements.
// Env: SITE_URL.
import { SITE, check, launch, watch, widget } from './lib.mjs';

const ATTACK = '<img src=x onerror=alert(1)>';
const browser = await launch();
const problems = [];
try {
  const page = await (await browser.newContext()).newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);
  // after consent, so the conversation keeps the patient's words (before it, none are stored)
  await widget.click(page, 'Yes, I agree');
  await widget.say(page, ATTACK);
  await widget.say(page, '<script>alert(2)</script>');
  for (const when of ['as sent', 'after a reload']) {
    const texts = await widget.userTexts(page);
    check(texts.includes(ATTACK), `${when}: the markup appears literally`);
    check(await page.locator('.skn-chat img, .skn-chat script').count() === 0, `${when}: no img or script element was created`);
    if (when === 'as sent') {
      await page.reload();
      await widget.panel(page).waitFor({ state: 'visible' });
      await widget.settled(page, 0);
    }
  }

  // A hostile bot reply (as if the server were compromised): text stays text; only the https URL is a link.
  const hostile = '<img src=x onerror=alert(4)> <a href="javascript:alert(5)">x</a> javascript:alert(6) see https://skn.example/hair.';
  await page.route('**/webhooks/web/message', (route) => route.fulfill({
    status: 200, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': SITE },
    body: JSON.stringify({ messages: [{ from: 'bot', text: hostile, time: new Date().toISOString() }] }),
  }));
  await widget.say(page, 'hello');
  check((await widget.lastBot(page)).startsWith('<img src=x onerror=alert(4)> <a href="javascript:alert(5)">x</a>'),
    'hostile bot text appears literally');
  const links = await page.locator('.skn-chat .skn-log a').evaluateAll((as) => as.map((a) => [a.href, a.rel, a.target]));
  check(links.length === 1 && links[0][0] === 'https://skn.example/hair' && links[0][1] === 'noopener noreferrer',
    `only the https URL became a link, rel=noopener (${JSON.stringify(links)})`);
  check(await page.locator('.skn-chat img, .skn-chat script').count() === 0, 'still no img or script element');
  await page.waitForTimeout(300);
  check(problems.length === 0, `no dialog fired and no page error ${problems.join('; ')}`);
} finally {
  await browser.close();
}
