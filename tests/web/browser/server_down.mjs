// The Rasa server dies while the patient writes (issue 15): HAProxy answers 503 while no server is up, then the
// connection is reset by a server that is killed mid-request. The patient is told plainly, their message stays
// on screen, and it is sent again by itself once a server answers: answered once, with nothing clicked.
import { SITE, check, launch, watch, widget } from './lib.mjs';

const browser = await launch();
const problems = [];
try {
  const page = await browser.newPage();
  watch(page, problems);
  await page.goto(`${SITE}/`);
  await widget.open(page);
  await widget.settled(page, 0);

  let tries = 0;
  await page.route('**/webhooks/web/message', async (route) => {
    tries += 1;
    if (tries === 1) {
      await route.fulfill({ status: 503, contentType: 'text/html',
        body: '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>' });
    } else if (tries === 2) {
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  const before = await widget.botCount(page);
  await widget.choices(page).filter({ hasText: 'Yes, I agree' }).click();
  await page.locator('.skn-alert').waitFor({ state: 'visible' });
  check(/cannot reach/i.test(await page.locator('.skn-alert').textContent()), 'a server down is said plainly');
  check(await page.locator('.skn-user.skn-pending').count() === 1, 'the message stays on screen, not sent yet');
  await widget.settled(page, before, 30000); // the widget's own retries (1 s, then 2 s)
  await page.unroute('**/webhooks/web/message');
  check(tries === 3, `sent again by itself until a server answered (${tries} tries)`);
  check(await page.locator('.skn-alert').isHidden(), 'the alert is gone once the server answers');
  const asked = (await widget.botTexts(page)).filter((text) => /first name/i.test(text));
  check(asked.length === 1, 'the message was answered once');
  await page.reload();
  await widget.panel(page).waitFor({ state: 'visible' });
  await widget.settled(page, 0);
  check((await widget.userTexts(page)).filter((text) => text === 'Yes, I agree').length === 1,
    'the conversation holds the message once');
  check(problems.length === 0, `no page errors (${problems.join('; ')})`);
} finally {
  await browser.close();
}
