// A patient's whole intake on the demo site: buttons and typing, a reload in the middle, the second page of
// the site, a dropped connection, the read-back summary and confirmation, and the booking at the end.
// Env: SITE_URL (the demo site), OUTPUT_DIR (screenshots), SUMMARY_HEADER and DONE_TEXT (the bot's wording of
// the read-back and of the saved intake, from bot/conversation/messages.yml).
import { OUTPUT, SITE, check, launch, watch, widget } from './lib.mjs';

const { SUMMARY_HEADER, DONE_TEXT } = process.env;
const BOOKED = /Your consultation is booked\. Reference: [A-Z0-9]{6}\./;
if (!SUMMARY_HEADER || !DONE_TEXT) throw new Error('SUMMARY_HEADER and DONE_TEXT must be set');

// What the patient answers, by what the bot asks (free text may pre-fill questions, so never a fixed order).
const ANSWERS = [
  // booking, after the result: asked first so its wording never meets the intake patterns below
  [/book a consultation|shall i\?/i, { click: 'Yes, book a consultation' }],
  [/free times|day and time/i, { first: true }],
  [/mobile number|phone number i can use/i, { type: '0300 1234567' }],
  [/email/i, { click: 'No email, thanks' }],
  [/please check:.*book it/i, { click: 'Yes, book it' }],
  [/store your answers/i, { click: 'Yes, I agree' }],
  [/first name|what should we call you/i, { type: 'Sara' }],
  [/how old/i, { type: '34' }],
  [/your sex|female, male or other/i, { click: 'Female' }],
  [/in your own words|describe the hair loss/i,
    { type: 'My hair has been thinning all over for about four months and I find much more hair on my pillow' }],
  [/how long/i, { click: '1-6 months' }],
  [/suddenly or gradually/i, { click: 'Gradually' }],
  [/notice it most|which of these is closest/i, { click: 'Widening part / all over' }],
  [/clumps/i, { click: 'More than usual' }],
  [/last six months/i, { click: 'None of these' }],
  [/family/i, { click: 'Yes' }],
  [/tight hairstyles/i, { click: 'No' }],
  [/scalp/i, { type: 'a little itching' }],
  [/nails/i, { click: 'No' }],
  [/conditions/i, { click: 'None of these' }],
  [/medicines/i, { type: 'none' }],
  [/pregnant/i, { click: 'None of these' }],
  [/treatments/i, { type: 'nothing yet' }],
  [/is this correct/i, { click: "Yes, that's correct" }],
];

async function answer(page, question) {
  const found = ANSWERS.find(([pattern]) => pattern.test(question));
  if (!found) throw new Error(`no answer for the question: ${question}`);
  const [, action] = found;
  console.log(`bot: ${question.slice(0, 90).replace(/\n/g, ' ')}\n  patient: ${action.click || action.type || 'the first offered time'}`);
  if (action.first) await widget.click(page, '');  // an empty title matches every button: the first one
  else if (action.click) await widget.click(page, action.click);
  else await widget.say(page, action.type);
}

const browser = await launch();
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let page = await context.newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  check(await widget.panel(page).isHidden(), 'the widget starts closed, as a launcher button');
  await widget.open(page);
  await widget.settled(page, 0);
  check(/store your answers/i.test(await widget.lastBot(page)), 'the bot greets and asks for consent');
  check(await page.locator('.skn-bot time[datetime]').count() > 0, 'messages show their time');

  let reloaded = false; let movedPage = false; let wentOffline = false;
  for (let step = 0; step < 50; step += 1) {
    if ((await widget.botTexts(page)).some((text) => BOOKED.test(text))) break;
    const question = await widget.lastBot(page);

    if (!reloaded && /your sex/i.test(question)) {
      // A reload in the middle continues the same conversation, and replies still arrive (rasa#13027).
      const before = await widget.botTexts(page);
      await page.reload();
      await widget.panel(page).waitFor({ state: 'visible' }); // it stays open across pages
      await widget.settled(page, 0);
      const after = await widget.botTexts(page);
      check(JSON.stringify(after) === JSON.stringify(before), 'after a reload the transcript is the same');
      check((await widget.userTexts(page)).includes('Sara'), 'after a reload the patient\'s answers are there');
      check(await widget.choices(page).count() === 3, 'after a reload the open question\'s buttons are there');
      await page.screenshot({ path: `${OUTPUT}/widget-desktop.png` });
      reloaded = true;
    } else if (!movedPage && /notice it most|how long|suddenly|clumps|last six months|family/i.test(question)) {
      // Another page of the site: the same conversation, continued there.
      const before = await widget.botTexts(page);
      await page.locator('nav a', { hasText: 'Treatments' }).click();
      await page.waitForURL('**/treatments.html');
      await widget.panel(page).waitFor({ state: 'visible' });
      await widget.settled(page, 0);
      check(JSON.stringify(await widget.botTexts(page)) === JSON.stringify(before),
        'the treatments page shows the same conversation');
      movedPage = true;
    } else if (movedPage && !wentOffline && /tight hairstyles|scalp|nails/i.test(question)) {
      // The server cannot be reached: a clear message, the patient's words kept, sent once it is back.
      await page.route('**/webhooks/web/message', (route) => route.abort('connectionrefused'));
      const before = await widget.botCount(page);
      const words = /tight/i.test(question) ? 'no' : /scalp/i.test(question) ? 'a little itching' : 'no';
      await widget.input(page).fill(words);
      await widget.input(page).press('Enter');
      await page.locator('.skn-alert').waitFor({ state: 'visible' });
      check(/cannot reach/i.test(await page.locator('.skn-alert').textContent()), 'an unreachable server is said plainly');
      check(await page.locator('.skn-user.skn-pending').count() === 1, 'the unsent message stays on screen');
      await page.unroute('**/webhooks/web/message');
      await page.locator('.skn-retry').click();
      await widget.settled(page, before);
      check(await page.locator('.skn-alert').isHidden(), 'the message is gone once the server answers');
      wentOffline = true;
      continue;
    }
    await answer(page, await widget.lastBot(page));
  }
  const bot = await widget.botTexts(page);
  const summaryAt = bot.findIndex((text) => text.startsWith(SUMMARY_HEADER));
  check(summaryAt > 0, 'the bot reads back a summary');
  const doneAt = bot.findIndex((text) => text.startsWith(DONE_TEXT)); // the thanks opens the result
  check(doneAt > summaryAt, 'after confirming, the answers are noted');
  const bookedAt = bot.findIndex((text) => BOOKED.test(text));
  check(bookedAt > doneAt, 'the patient reaches the booking confirmation with a reference code');
  check(bot.some((text) => /not a diagnosis/i.test(text)), 'the likely type is explained as not a diagnosis');
  check(reloaded && movedPage && wentOffline, 'reload, second page and offline retry all happened');
  check(await page.locator('.skn-bot a[href]').count() === 0 || await page.locator('.skn-bot a[rel~="noopener"]').count() > 0,
    'links (if any) open safely');

  // "Start over": a new session, greeted from the start; the old conversation is not shown.
  const oldToken = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('skn-chat-token'))[1]);
  await page.locator('.skn-restart').click();
  await widget.settled(page, 0);
  const newToken = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('skn-chat-token'))[1]);
  check(newToken !== oldToken, 'start over issues a new session');
  check((await widget.botTexts(page)).length === 1 && /store your answers/i.test(await widget.lastBot(page)),
    'start over shows only the new greeting');

  // A phone: the open widget fills the screen.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    deviceScaleFactor: 2 });
  page = await phone.newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);
  const box = await widget.panel(page).boundingBox();
  check(box.width === 390 && box.height >= 800, `on a phone the chat fills the screen (${box.width}x${box.height})`);
  await page.screenshot({ path: `${OUTPUT}/widget-phone.png` });
  check(problems.length === 0, `no page errors or dialogs ${problems.join('; ')}`);
} finally {
  await browser.close();
}
