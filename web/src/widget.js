// The SKN chat widget. Embedded with one tag:
//   <script src=".../widget.js" data-server="https://bot.example" data-title="SKN Hair Clinic"
//           data-color="#6b3fa0" data-lang="en" defer></script>
// Loads widget.css from beside itself, keeps the session token in localStorage (so a reload or another page
// of the site continues the conversation) and sends each message over the secure web channel.
import { ApiError, ChatApi } from './api.js';
import { cameraIcon, chatIcon, el, messageElement, photoElement } from './render.js';
import { isRtl, strings } from './strings.js';

const OPENING = { payload: '/greet', hidden: true }; // starts the intake; not shown as the patient's words
const RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000];
const SLOW_REPLY_MS = 15000; // no answer by then: say so and offer to send again (same id: answered once)

function messageId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  return `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
const MAX_CHARS = 2000;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024; // the server's limit too: a larger photo is not even sent
const PHOTO_TYPES = 'image/jpeg,image/png,image/heic,image/heif,.heic,.heif';

function readConfig(script) {
  const data = script ? script.dataset : {};
  const color = (data.color || '').trim();
  return {
    server: (data.server || window.location.origin).trim(),
    title: (data.title || 'SKN Cosmetic Clinic').trim(),
    color: /^#[0-9a-f]{3,8}$/i.test(color) ? color : null, // only a plain colour reaches the CSS
    lang: (data.lang || document.documentElement.lang || 'en').trim(),
    css: script && script.src ? new URL('widget.css', script.src).href : null,
  };
}

const storage = {
  get(area, key) { try { return window[area].getItem(key); } catch (_) { return null; } },
  set(area, key, value) {
    try { if (value === null) window[area].removeItem(key); else window[area].setItem(key, value); } catch (_) { /* private mode */ }
  },
};

class ChatWidget {
  constructor(config) {
    this.config = config;
    this.t = strings(config.lang, { title: config.title, max: MAX_CHARS });
    this.api = new ChatApi(config.server);
    this.tokenKey = `skn-chat-token:${config.server}`;
    this.openKey = `skn-chat-open:${config.server}`;
    this.outbox = []; // messages not yet accepted by the server, oldest first
    this.sending = false;
    this.loaded = false;
    this.retryTimer = null;
    this.retryNowHandler = null;
    this.photoUrls = []; // object URLs of the thumbnails shown, released when the log is cleared
    this.build();
    if (storage.get('sessionStorage', this.openKey) === '1') this.open(false);
  }

  // -- DOM ------------------------------------------------------------------------------------------------
  build() {
    const { t, config } = this;
    if (config.css) document.head.append(el('link', { rel: 'stylesheet', href: config.css }));
    this.launcher = el('button', {
      type: 'button', className: 'skn-launcher', 'aria-expanded': 'false', 'aria-controls': 'skn-chat-panel',
      'aria-label': t('open'),
    }, [chatIcon()]);
    this.restartButton = el('button', { type: 'button', className: 'skn-restart', text: t('restart') });
    this.closeButton = el('button', { type: 'button', className: 'skn-close', 'aria-label': t('close') },
      [el('span', { 'aria-hidden': 'true', text: '×' })]);
    this.log = el('div', { className: 'skn-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-label': t('conversation'), tabindex: '0' });
    this.typing = el('div', { className: 'skn-typing', role: 'status', 'aria-live': 'polite' });
    this.alertText = el('span');
    this.retryButton = el('button', { type: 'button', className: 'skn-retry', text: t('retryNow') });
    this.alert = el('div', { className: 'skn-alert', role: 'alert', hidden: true }, [this.alertText, this.retryButton]);
    this.input = el('textarea', { id: 'skn-chat-input', className: 'skn-input', rows: '1', maxlength: String(MAX_CHARS),
      placeholder: t('placeholder'), autocomplete: 'off' });
    this.sendButton = el('button', { type: 'submit', className: 'skn-send', text: t('send') });
    // "Add a photo": a real button (keyboard, screen readers) that opens the file picker; shown only from the
    // description question on, when the server says photos_allowed.
    this.photoInput = el('input', { type: 'file', accept: PHOTO_TYPES, className: 'skn-file', tabindex: '-1', 'aria-hidden': 'true' });
    this.photoButton = el('button', { type: 'button', className: 'skn-photo-button' },
      [cameraIcon(), el('span', { text: t('addPhoto') })]);
    this.photoBar = el('div', { className: 'skn-photo-bar', hidden: true }, [this.photoButton, this.photoInput]);
    this.form = el('form', { className: 'skn-form' }, [
      el('label', { for: 'skn-chat-input', className: 'skn-sr-only', text: t('input') }), this.input, this.sendButton,
    ]);
    this.panel = el('section', {
      id: 'skn-chat-panel', className: 'skn-panel', role: 'dialog', 'aria-labelledby': 'skn-chat-title', hidden: true,
    }, [
      el('div', { className: 'skn-header' }, [ // not <header>: that would be a second page banner
        el('h2', { id: 'skn-chat-title', className: 'skn-title', text: config.title }),
        this.restartButton, this.closeButton,
      ]),
      this.log, this.typing, this.alert, this.photoBar, this.form,
    ]);
    this.root = el('div', { className: 'skn-chat', lang: config.lang, dir: isRtl(config.lang) ? 'rtl' : 'ltr' },
      [this.panel, this.launcher]);
    if (config.color) this.root.style.setProperty('--skn-accent', config.color); // CSSOM: allowed by a strict CSP
    document.body.append(this.root);

    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open(true) : this.close()));
    this.closeButton.addEventListener('click', () => this.close());
    this.restartButton.addEventListener('click', () => this.startOver());
    this.retryButton.addEventListener('click', () => this.retryNowHandler && this.retryNowHandler());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); this.close(); }
    });
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.submitInput(); });
    this.photoButton.addEventListener('click', () => this.photoInput.click());
    this.photoInput.addEventListener('change', () => {
      const [file] = this.photoInput.files;
      this.photoInput.value = ''; // the same file may be chosen again later
      if (file) this.sendPhoto(file);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.submitInput(); }
    });
  }

  open(focus) {
    this.panel.hidden = false;
    this.root.classList.add('skn-open');
    this.launcher.setAttribute('aria-expanded', 'true');
    storage.set('sessionStorage', this.openKey, '1');
    if (focus) this.input.focus();
    if (!this.loaded) { this.loaded = true; this.resume(); }
  }

  close() {
    this.panel.hidden = true;
    this.root.classList.remove('skn-open');
    this.launcher.setAttribute('aria-expanded', 'false');
    storage.set('sessionStorage', this.openKey, null);
    this.launcher.focus();
  }

  scrollDown() { this.log.scrollTop = this.log.scrollHeight; }

  setTyping(on) {
    this.typing.replaceChildren();
    if (on) this.typing.append(el('span', { text: this.t('typing') }), el('span', { className: 'skn-dots', 'aria-hidden': 'true' }, [el('i'), el('i'), el('i')]));
  }

  showAlert(text, onRetryNow) {
    this.alertText.textContent = text + ' ';
    this.retryNowHandler = onRetryNow;
    this.retryButton.hidden = !onRetryNow;
    this.alert.hidden = false;
  }

  hideAlert() { this.alert.hidden = true; this.retryNowHandler = null; }

  /** Adds a message; bot buttons replace any older ones, so only the current question's choices stay clickable. */
  addMessage(message) {
    const who = message.from === 'user' ? this.t('you') : this.t('bot');
    // a photo in a restored transcript: said as a line (the photo itself stays with the clinic, not the browser)
    const shown = message.photo ? { from: 'user', text: this.t('photoNoPreview'), time: message.time } : message;
    const node = messageElement(shown, who, this.config.lang, this.t('link'));
    if (message.from === 'user') this.clearChoices(); // answered: the old question's buttons go
    if (message.buttons && message.buttons.length) {
      this.clearChoices();
      const group = el('div', { className: 'skn-choices', role: 'group', 'aria-label': this.t('choices') });
      for (const button of message.buttons) {
        const choice = el('button', { type: 'button', className: 'skn-choice', text: button.title });
        choice.addEventListener('click', () => this.send({ payload: button.payload, title: button.title }));
        group.append(choice);
      }
      node.append(group);
    }
    this.log.append(node);
    return node;
  }

  /** Shows a batch of new messages with the first of them at the top, so a long answer is read from its start. */
  addMessages(messages) {
    const nodes = messages.map((message) => this.addMessage(message));
    if (!nodes.length) return;
    const top = nodes[0].getBoundingClientRect().top - this.log.getBoundingClientRect().top + this.log.scrollTop;
    const overflows = this.log.scrollHeight - top > this.log.clientHeight;
    if (overflows) this.log.scrollTop = Math.max(0, top - 8);
    else this.scrollDown();
  }

  clearChoices() {
    const hadFocus = this.log.contains(document.activeElement) && document.activeElement.matches('.skn-choice');
    this.log.querySelectorAll('.skn-choices').forEach((group) => group.remove());
    if (hadFocus) this.input.focus(); // never leave keyboard focus on a removed button
  }

  // -- conversation ---------------------------------------------------------------------------------------
  get token() { return storage.get('localStorage', this.tokenKey); }
  set token(value) { storage.set('localStorage', this.tokenKey, value); }

  /** On first open: the transcript of this browser's session, or a new session that greets the patient. */
  async resume() {
    if (!this.token) { await this.begin(); return; }
    this.setTyping(true);
    try {
      const { messages, photos_allowed: photosAllowed } = await this.api.history(this.token);
      this.setPhotosAllowed(photosAllowed);
      this.setTyping(false);
      this.hideAlert();
      messages.forEach((message) => this.addMessage(message));
      this.scrollDown(); // a restored conversation continues at its end
      if (!messages.length) this.send(OPENING);
    } catch (error) {
      this.setTyping(false);
      if (error instanceof ApiError && error.status === 401) { this.token = null; await this.begin(); return; }
      this.showAlert(this.t('offline'), () => { this.hideAlert(); this.resume(); });
      this.retryLater(() => this.resume(), 0);
    }
  }

  async begin(note) {
    this.outbox = [];
    this.log.replaceChildren();
    this.photoUrls.forEach((url) => URL.revokeObjectURL(url));
    this.photoUrls = [];
    this.setPhotosAllowed(false);
    if (note) this.addMessage({ from: 'bot', text: note });
    try {
      this.token = (await this.api.newSession()).token;
    } catch (error) {
      this.showAlert(this.t('offline'), () => { this.hideAlert(); this.begin(note); });
      this.retryLater(() => this.begin(note), 0);
      return;
    }
    this.hideAlert();
    this.send(OPENING);
  }

  startOver() {
    clearTimeout(this.retryTimer);
    this.token = null;
    this.begin();
    this.input.focus();
  }

  submitInput() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.send({ text });
  }

  send(message) {
    const shown = message.hidden ? null : this.addMessage({ from: 'user', text: message.title || message.text });
    if (shown) { shown.classList.add('skn-pending'); this.scrollDown(); }
    this.outbox.push({ message: { ...message, id: messageId() }, shown, attempts: 0, token: this.token });
    this.pump();
  }

  /** Sends the outbox in order, one at a time; on failure keeps the message and retries with backoff. */
  async pump() {
    if (this.sending) return;
    this.sending = true;
    while (this.outbox.length) {
      const item = this.outbox[0];
      if (item.token !== this.token) { this.outbox.shift(); continue; } // from a session that was replaced
      this.setTyping(true);
      const waiting = new AbortController();
      const slow = setTimeout(() => this.showAlert(this.t('slowReply'), () => {
        item.resendNow = true; // the same message id again: the server answers it once
        waiting.abort();
      }), SLOW_REPLY_MS);
      try {
        const { messages, photos_allowed: photosAllowed } = await this.api.send(item.token, item.message, waiting.signal);
        if (this.outbox[0] !== item) continue; // "start over" while waiting
        this.outbox.shift();
        this.setPhotosAllowed(photosAllowed);
        this.setTyping(false);
        this.hideAlert();
        if (item.shown) item.shown.classList.remove('skn-pending');
        this.addMessages(messages);
      } catch (error) {
        this.setTyping(false);
        if (this.outbox[0] !== item) continue;
        if (item.resendNow) { item.resendNow = false; this.hideAlert(); continue; }
        if (!this.handleSendError(item, error)) break;
      } finally {
        clearTimeout(slow);
      }
    }
    this.sending = false;
  }

  /** true: go on with the next message now; false: stop, a retry is scheduled or the session was replaced. */
  handleSendError(item, error) {
    if (error.status === 401) { // expired or revoked: start afresh, keep the patient's words in the box
      this.outbox = [];
      if (!item.message.hidden && item.message.text) this.input.value = item.message.text;
      this.token = null;
      this.begin(this.t('expired'));
      return false;
    }
    if (!error.retryable) { // too long or malformed: will never succeed, give the text back to edit
      this.outbox.shift();
      if (item.shown) item.shown.remove();
      if (item.message.text) this.input.value = item.message.text;
      this.showAlert(error.status === 413 ? this.t('tooLong') : error.message, null);
      return true;
    }
    item.attempts += 1;
    if (item.shown) item.shown.dataset.status = this.t('notSent');
    const delay = error.status === 429 ? Math.max(1000, error.retryAfter * 1000)
      : RETRY_DELAYS[Math.min(item.attempts - 1, RETRY_DELAYS.length - 1)];
    const again = () => { this.hideAlert(); this.pump(); };
    this.showAlert(error.status === 429 ? this.t('slowDown') : this.t('offline'), () => { clearTimeout(this.retryTimer); again(); });
    this.retryLater(again, delay);
    return false;
  }

  // -- photos -------------------------------------------------------------------------------------------------
  setPhotosAllowed(allowed) {
    const hadFocus = document.activeElement === this.photoButton;
    this.photoBar.hidden = !allowed;
    if (hadFocus && !allowed) this.input.focus();
  }

  /** Shows the patient's photo at once (from the browser's copy), sends it, then shows the bot's answer. */
  async sendPhoto(file) {
    if (file.size > MAX_PHOTO_BYTES) { this.showAlert(this.t('photoTooLarge'), null); return; }
    const url = URL.createObjectURL(file);
    this.photoUrls.push(url);
    const shown = photoElement(url, this.t('you'), this.config.lang, this.t('photoAlt'), this.t('photoNoPreview'));
    shown.classList.add('skn-pending');
    this.log.append(shown);
    this.scrollDown();
    const token = this.token;
    this.photoButton.disabled = true;
    this.setTyping(true);
    try {
      const { messages } = await this.api.photo(token, file);
      if (token !== this.token) return; // "start over" while sending
      shown.classList.remove('skn-pending');
      this.hideAlert();
      this.addMessages(messages.map((message) => ({ from: 'bot', ...message })));
    } catch (error) {
      if (token !== this.token) return;
      shown.remove(); // not kept: the patient may choose it (or another) again
      this.showAlert(error.status ? error.message : this.t('photoFailed'), null);
      if (error.status === 409) this.setPhotosAllowed(false);
    } finally {
      this.setTyping(false);
      this.photoButton.disabled = false;
    }
  }

  retryLater(action, delay) {
    clearTimeout(this.retryTimer);
    const wait = delay || RETRY_DELAYS[1];
    this.retryTimer = setTimeout(action, wait);
  }
}

// document.currentScript is only set while this script runs: read it now, mount once the body exists.
const script = document.currentScript || document.querySelector('script[src*="widget.js"][data-server]');
function mount() {
  if (window.__sknChatMounted) return; // the tag pasted twice
  window.__sknChatMounted = true;
  new ChatWidget(readConfig(script)); // eslint-disable-line no-new
}
if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);
