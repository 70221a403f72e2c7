// Builds message elements. Everything the bot or the patient wrote goes in as text (textContent), never as
// HTML; the only markup made from it is links, and only http(s) ones.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of [].concat(children)) if (child) node.append(child);
  return node;
}

export function safeHref(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

/** Text with http(s) URLs turned into links; returns a DocumentFragment of text nodes and anchors. */
export function linkify(text, linkNote) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    if (!href) continue;
    fragment.append(document.createTextNode(text.slice(last, match.index)));
    const link = el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: raw });
    link.append(el('span', { className: 'skn-sr-only', text: ` ${linkNote}` }));
    fragment.append(link);
    last = match.index + raw.length;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

export function timeElement(iso, lang) {
  const moment = iso ? new Date(iso) : new Date();
  const shown = moment.toLocaleTimeString(lang || undefined, { hour: '2-digit', minute: '2-digit' });
  return el('time', { className: 'skn-time', datetime: moment.toISOString(), text: shown });
}

/** One message: {from: 'bot'|'user', text, time, image}; `who` is the screen-reader name of the speaker. */
export function messageElement(message, who, lang, linkNote) {
  const mine = message.from === 'user';
  const body = el('div', { className: 'skn-text' });
  body.append(mine ? document.createTextNode(message.text || '') : linkify(message.text || '', linkNote));
  const image = message.image && safeHref(message.image)
    ? el('img', { src: safeHref(message.image), alt: '', className: 'skn-image' }) : null;
  return el('div', { className: `skn-msg ${mine ? 'skn-user' : 'skn-bot'}` }, [
    el('span', { className: 'skn-sr-only', text: `${who}: ` }), body, image,
    timeElement(message.time, lang),
  ]);
}

/** The patient's photo, shown from the browser's own copy (an object URL); a photo the browser cannot show
 * (HEIC outside Safari) becomes a line of text instead. */
export function photoElement(url, who, lang, alt, noPreview) {
  const image = el('img', { src: url, alt, className: 'skn-photo' });
  image.addEventListener('error', () => image.replaceWith(el('div', { className: 'skn-text', text: noPreview })), { once: true });
  return el('div', { className: 'skn-msg skn-user skn-photo-msg' }, [
    el('span', { className: 'skn-sr-only', text: `${who}: ` }), image, timeElement(null, lang),
  ]);
}

function svgIcon(d) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  for (const [name, value] of Object.entries({ viewBox: '0 0 24 24', width: '20', height: '20', 'aria-hidden': 'true', focusable: 'false' })) {
    svg.setAttribute(name, value);
  }
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

/** A camera, for the "Add a photo" button (its name is its text; the icon is decoration). */
export function cameraIcon() {
  return svgIcon('M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z');
}

/** The launcher's speech-bubble icon, drawn inline: no icon font or emoji font needed. */
export function chatIcon() {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  for (const [name, value] of Object.entries({ viewBox: '0 0 24 24', width: '28', height: '28', 'aria-hidden': 'true', focusable: 'false' })) {
    svg.setAttribute(name, value);
  }
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
