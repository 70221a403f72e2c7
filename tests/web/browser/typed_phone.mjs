// A patient on a phone who never clicks a button: every answer typed in her own words (Pakistani English and
// Roman Urdu, a typo or two), from the greeting to a booked consultation. Checks what she sees: every message
// gets a reply, the result is at most three messages with the first of them in view from its start, the page
// never scrolls sideways, and the booking ends with a reference.
// Env: SITE_URL (the demo site), OUTPUT_DIR (screenshots).
import { OUTPUT, SITE, check, launch, watch, widget } from './lib.mjs';

const BOOKED = /Your consultation is booked\. Reference: [A-Z0-9]{6}\./;
// What she types, by what the bot asks (free text may fill questions ahead, so never a fixed order).
const ANSWERS = [
  [/please check:.*book it/i, 'haan theek hai, book kar dein'],
  [/book a consultation|shall i\?/i, 'ji zaroor'],
  [/free times|day and time/i, null], // the first offered time, typed as she reads it
  [/mobile number|phone number i can use/i, '0333 5550177'],
  [/email/i, 'no email'],
  [/store your answers/i, 'ji theek hai'],
  [/first name|what should we call you/i, 'its Rabia'],
  [/how old/i, '31 saal'],
  [/your sex|female, male or other/i, 'female'],
  [/in your own words|describe the hair loss/i,
    'baal bohat gir rahe hain, my parting is getting wider and there is hair evrywhere on the pillow'],
  [/how long/i, 'chhe mahine se'],
  [/suddenly or gradually/i, 'slowly slowly'],
  [/notice it most|which of these is closest/i, 'on top, the parting'],
  [/clumps|pillow or in the shower/i, 'kaafi zyada, more than before'],
  [/last six months/i, 'nothing like that'],
  [/family/i, 'meri ammi ke baal bhi kam hain'],
  [/tight hairstyles/i, 'no, i keep it open mostly'],
  [/scalp/i, 'thori khujli sometimes'],
  [/nails/i, 'nahi'],
  [/conditions/i, 'none'],
  [/medicines/i, 'sirf multivitamin'],
  [/pregnant/i, 'no'],
  [/treatments/i, 'onion oil only'],
  [/is this correct|need changing/i, 'yes all correct'],
];

const browser = await launch();
const problems = [];
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);

  let sent = 0; let result = null;
  for (let step = 0; step < 45; step += 1) {
    const bots = await widget.botTexts(page);
    if (bots.some((text) => BOOKED.test(text))) break;
    const question = await widget.lastBot(page);
    const found = ANSWERS.find(([pattern]) => pattern.test(question));
    if (!found) throw new Error(`no typed answer for: ${question}`);
    let text = found[1];
    if (text === null) text = (await widget.choices(page).first().textContent()).trim();
    const before = await widget.botCount(page);
    console.log(`bot: ${question.slice(0, 90).replace(/\n/g, ' ')}\n  patient types: ${text}`);
    await widget.say(page, text); // waits for at least one new bot message: silence would time out here
    sent += 1;
    const after = await widget.botCount(page);
    if (result === null && /most like yours|pattern most like|doctor should see/i.test(
      (await widget.botTexts(page)).slice(before).join(' '))) {
      result = { count: after - before, first: before };
      for (const said of (await widget.botTexts(page)).slice(before)) console.log(`  result: ${said.slice(0, 100)}`);
      const first = page.locator('.skn-bot').nth(before);
      const box = await first.boundingBox();
      const panel = await page.locator('.skn-log').boundingBox();
      check(box && panel && box.y >= panel.y - 1 && box.y < panel.y + panel.height,
        'the first message of the result is in view from its start');
      await page.screenshot({ path: `${OUTPUT}/widget-phone-result.png` });
    }
  }
  const bots = await widget.botTexts(page);
  check(bots.some((t) => BOOKED.test(t)), 'the patient who only types reaches a booking with a reference');
  check(result !== null && result.count <= 3, `the result is at most three messages (${result && result.count})`);
  check(sent <= 30, `the booking took ${sent} typed messages`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, 'the page does not scroll sideways on a phone');
  await page.screenshot({ path: `${OUTPUT}/widget-phone-booked.png` });
  check(problems.length === 0, `no page errors or dialogs (${problems.join('; ')})`);
} finally {
  await browser.close();
}
