// A second browser with a forged or tampered session token sees nothing of the first patient's conversation.
// Env: SITE_URL.
import { createHmac, randomBytes } from 'node:crypto';
import { SITE, check, launch, watch, widget } from './lib.mjs';

const SECRET_NAME = 'Zainabsecret';
const b64url = (value) => Buffer.from(value).toString('base64url');

function tokenOf(page) {
  return page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('skn-chat-token'))?.[1] || null);
}

const browser = await launch();
const problems = [];
try {
  // Patient A tells the bot her name.
  const first = await (await browser.newContext()).newPage();
  watch(first, problems);
  await first.goto(`${SITE}/`);
  await widget.open(first);
  await widget.settled(first, 0);
  await widget.click(first, 'Yes, I agree');
  await widget.say(first, SECRET_NAME);
  const tokenA = await tokenOf(first);
  const [header, payload, signature] = tokenA.split('.');
  const claimsA = JSON.parse(Buffer.from(payload, 'base64url').toString());
  check(claimsA.sub.startsWith('web-'), 'the session id is issued by the server, inside the signed token');

  const forgeries = {
    // A's token with another session id and A's signature: the signature no longer matches.
    tampered: `${header}.${b64url(JSON.stringify({ ...claimsA, sub: `${claimsA.sub}x` }))}.${signature}`,
    // A's session id, signed with a key the attacker made up.
    forged: (() => {
      const body = `${header}.${b64url(JSON.stringify(claimsA))}`;
      return `${body}.${createHmac('sha256', randomBytes(32)).update(body).digest('base64url')}`;
    })(),
    // "alg: none", an old trick against careless JWT checks.
    unsigned: `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`,
  };

  for (const [kind, token] of Object.entries(forgeries)) {
    const context = await browser.newContext();
    await context.addInitScript(([key, value]) => {
      if (!sessionStorage.getItem('planted')) { localStorage.setItem(key, value); sessionStorage.setItem('planted', '1'); }
    }, [Object.keys(await first.evaluate(() => ({ ...localStorage })))[0], token]);
    const page = await context.newPage();
    watch(page, problems);
    const statuses = [];
    page.on('response', (response) => {
      if (response.url().includes('/webhooks/web/history')) statuses.push(response.status());
    });
    await page.goto(`${SITE}/`);
    await widget.open(page);
    await widget.settled(page, 0);
    check(statuses.includes(401), `${kind} token: the server refuses it (401)`);
    const seen = (await page.locator('.skn-log').textContent()) || '';
    check(!seen.includes(SECRET_NAME) && !seen.includes('first name'), `${kind} token: nothing of the first conversation is shown`);
    check(/store your answers/i.test(await widget.lastBot(page)), `${kind} token: a new conversation starts instead`);
    const own = await tokenOf(page);
    check(own !== token && JSON.parse(Buffer.from(own.split('.')[1], 'base64url')).sub !== claimsA.sub,
      `${kind} token: replaced by a new session of its own`);
    await context.close();
  }

  // The first patient's conversation is untouched.
  await first.reload();
  await widget.panel(first).waitFor({ state: 'visible' });
  await widget.settled(first, 0);
  check((await widget.userTexts(first)).includes(SECRET_NAME), 'the first patient still has her conversation');
  check(problems.length === 0, `no page errors or dialogs ${problems.join('; ')}`);
} finally {
  await browser.close();
}
