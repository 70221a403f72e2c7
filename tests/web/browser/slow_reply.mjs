// A reply that does not come within 15 seconds: the patient is told and can send again, and the message is
// answered once (the same client message id). A long answer is shown from its first message on a phone.
import { OUTPUT, SITE, check, launch, watch, widget } from './lib.mjs';

const browser = await launch();
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 700 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);

  // The server answers the next message, but its answer is held back for 20 s on the way to the browser.
  let held = 0;
  await page.route('**/webhooks/web/message', async (route) => {
    held += 1;
    const response = await route.fetch();
    if (held === 1) await new Promise((resolve) => { setTimeout(resolve, 20000); });
    try { await route.fulfill({ response }); } catch (_) { /* the widget gave up on this request */ }
  });
  const before = await widget.botCount(page);
  await widget.choices(page).filter({ hasText: 'Yes, I agree' }).click();
  await page.locator('.skn-alert').waitFor({ state: 'visible', timeout: 19000 });
  check(/taking longer than usual/i.test(await page.locator('.skn-alert').textContent()),
    'after 15 s without an answer the patient is told, and their message is kept');
  await page.screenshot({ path: `${OUTPUT}/widget-slow-reply.png` });
  await page.locator('.skn-retry').click();
  await widget.settled(page, before);
  await page.unroute('**/webhooks/web/message');
  check(held === 2, 'retry sent the message again');
  const questions = (await widget.botTexts(page)).filter((text) => /first name/i.test(text));
  check(questions.length === 1, 'the message was answered once, not twice');
  await page.reload();
  await widget.panel(page).waitFor({ state: 'visible' });
  await widget.settled(page, 0);
  const agreed = (await widget.userTexts(page)).filter((text) => text === 'Yes, I agree');
  check(agreed.length === 1, 'the conversation holds the message once');

  // A long answer (an FAQ, then the question again) starts at the top of the chat, not scrolled past.
  const count = await widget.botCount(page);
  await widget.say(page, 'what exactly is mesotherapy and is it safe? does it hurt?');
  const first = page.locator('.skn-bot').nth(count);
  const [log, message] = [await page.locator('.skn-log').boundingBox(), await first.boundingBox()];
  // its start is on screen (not scrolled past above, not below the fold)
  check(message.y >= log.y - 1 && message.y < log.y + log.height - 40,
    `the first new message is in view from its start (${Math.round(message.y - log.y)} px below the top)`);
  await page.screenshot({ path: `${OUTPUT}/widget-long-answer-phone.png` });
  check(problems.length === 0, `no page errors (${problems.join('; ')})`);
} finally {
  await browser.close();
}
