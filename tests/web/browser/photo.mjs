// A patient on a phone adds a scalp photo: the "Add a photo" button appears only at the description question
// (not before), works from the keyboard, fits a 360 px screen, shows her photo as a thumbnail and the bot's
// thanks; then she finishes the intake by typing, so the intake exists for the staff check (Python side).
// Env: SITE_URL (the demo site), OUTPUT_DIR (screenshots), PHOTO_PATH (a JPEG with GPS data, made by the test),
// PHOTO_ACK (the bot's thanks, bot/channels/web_photos.yml), DONE_TEXT (the saved intake's message).
// Prints TOKEN=<session token> so the test can find the conversation's stored photo.
import { OUTPUT, SITE, check, launch, watch, widget } from './lib.mjs';

const { PHOTO_PATH, PHOTO_ACK, DONE_TEXT } = process.env;
if (!PHOTO_PATH || !PHOTO_ACK || !DONE_TEXT) throw new Error('PHOTO_PATH, PHOTO_ACK and DONE_TEXT must be set');

const ANSWERS = [
  [/store your answers/i, 'yes I agree'],
  [/first name|what should we call you/i, 'Sara'],
  [/how old/i, '34'],
  [/your sex|female, male or other/i, 'female'],
  [/in your own words|describe the hair loss/i, 'my hair is thinning all over for four months, lots on the pillow'],
  [/how long/i, 'four months'],
  [/suddenly or gradually/i, 'gradually'],
  [/notice it most|which of these is closest/i, 'all over'],
  [/clumps|pillow or in the shower/i, 'more than usual'],
  [/last six months/i, 'none of these'],
  [/family/i, 'yes my mother'],
  [/tight hairstyles/i, 'no'],
  [/scalp/i, 'no'],
  [/nails/i, 'no'],
  [/conditions/i, 'none'],
  [/medicines/i, 'none'],
  [/pregnant/i, 'no'],
  [/treatments/i, 'nothing yet'],
  [/is this correct|need changing/i, 'yes all correct'],
];

const photoButton = (page) => page.getByRole('button', { name: 'Add a photo' });

const browser = await launch();
const problems = [];
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  watch(page, problems);
  // Listening from the start turns Playwright's file-chooser interception on before any key is pressed (set up
  // only at the keypress, a fast Enter can beat it and the chooser is never reported).
  let chosen;
  const chooserOpened = new Promise((resolve) => { chosen = resolve; });
  page.on('filechooser', (chooser) => chosen(chooser));
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);
  check(!(await photoButton(page).isVisible()), 'no "Add a photo" button at the greeting');

  // Type through consent, name, age and sex: the button stays hidden until the description question.
  for (let step = 0; step < 8; step += 1) {
    const question = await widget.lastBot(page);
    if (/in your own words|describe the hair loss/i.test(question)) break;
    check(!(await photoButton(page).isVisible()), `no photo button while the bot asks: ${question.slice(0, 40)}`);
    const found = ANSWERS.find(([pattern]) => pattern.test(question));
    if (!found) throw new Error(`no typed answer for: ${question}`);
    await widget.say(page, found[1]);
  }
  check(/in your own words/i.test(await widget.lastBot(page)), 'the bot asks for the description');
  const button = photoButton(page);
  await button.waitFor({ state: 'visible' });
  check(true, 'the "Add a photo" button appears at the description question');
  const box = await button.boundingBox();
  check(box.height >= 44 && box.width >= 44, `the button is a 44 px target (${Math.round(box.width)}x${Math.round(box.height)})`);

  // From the keyboard: focus the button, press Enter, the file picker opens.
  const before = await widget.botCount(page);
  await button.focus();
  check(await button.evaluate((b) => document.activeElement === b && !b.disabled), 'the button takes keyboard focus');
  await page.keyboard.press('Enter');
  const chooser = await Promise.race([chooserOpened, page.waitForTimeout(15000).then(() => null)]);
  check(chooser !== null, 'Enter on the button opens the file picker');
  check(!chooser.isMultiple(), 'one photo at a time');
  await chooser.setFiles(PHOTO_PATH);
  await widget.settled(page, before);
  const thumb = page.locator('.skn-user img.skn-photo').last();
  await thumb.waitFor({ state: 'visible' });
  const shown = await thumb.evaluate((img) => ({ src: img.src, width: img.naturalWidth, alt: img.alt }));
  check(shown.src.startsWith('blob:') && shown.width > 0, 'the patient sees her photo as a thumbnail');
  check(shown.alt === 'Your photo', 'the thumbnail has a text alternative');
  check((await widget.lastBot(page)) === PHOTO_ACK, 'the bot thanks her for the photo');
  check(await page.locator('.skn-alert:not([hidden])').count() === 0, 'no error is shown');
  await page.screenshot({ path: `${OUTPUT}/widget-photo.png` });

  // The smallest common phone: the button and the thumbnail still fit, nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  const narrow = await button.boundingBox();
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  check(narrow.x >= 0 && narrow.x + narrow.width <= 360 && !sideways, 'the button fits a 360 px phone');
  await page.screenshot({ path: `${OUTPUT}/widget-photo-360.png` });
  await page.setViewportSize({ width: 390, height: 844 });

  const token = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('skn-chat-token:'));
    return localStorage.getItem(key);
  });
  console.log(`TOKEN=${token}`);

  // The rest of the intake, typed, so that it is saved for the staff.
  for (let step = 0; step < 30; step += 1) {
    const bots = await widget.botTexts(page);
    if (bots.some((text) => text.includes(DONE_TEXT))) break;
    const question = bots.filter((text) => text !== PHOTO_ACK).pop(); // the open question, before the thanks
    const found = ANSWERS.find(([pattern]) => pattern.test(question));
    if (!found) throw new Error(`no typed answer for: ${question}`);
    await widget.say(page, found[1]);
    check(await photoButton(page).isVisible(), `the photo button stays after: ${question.slice(0, 40)}`);
  }
  check((await widget.botTexts(page)).some((text) => text.includes(DONE_TEXT)), 'the intake is saved');

  // Reloaded, the restored conversation says where she sent the photo (the photo itself stays with the clinic).
  await page.reload();
  await widget.open(page);
  await page.waitForFunction((done) => [...document.querySelectorAll('.skn-bot .skn-text')]
    .some((e) => e.textContent.includes(done)), DONE_TEXT, { timeout: 30000 });
  const restored = await page.locator('.skn-msg .skn-text').allTextContents();
  const sentAt = restored.indexOf('Photo sent');
  const describedAt = restored.findIndex((text) => /in your own words/i.test(text));
  check(restored.filter((text) => text === 'Photo sent').length === 1, 'after a reload the transcript shows "Photo sent" once');
  check(describedAt >= 0 && sentAt > describedAt, 'where she sent it: after the description question');
  check(problems.length === 0, `no page errors (${problems.join('; ')})`);
} finally {
  await browser.close();
}
