// The widget's own words (the bot's words come from the server). data-lang picks the table; English otherwise.
const STRINGS = {
  en: {
    open: 'Open chat with {title}', close: 'Close chat', restart: 'Start over', conversation: 'Conversation', input: 'Type your message',
    send: 'Send', typing: '{title} is typing…', you: 'You', bot: '{title}', choices: 'Choose an answer',
    offline: 'Cannot reach the clinic\'s assistant. Retrying… Your message is kept.', retryNow: 'Retry now',
    slowDown: 'You are sending messages very quickly. Waiting a moment, then sending…',
    tooLong: 'That message is too long. Please shorten it to {max} characters.',
    expired: 'Your earlier chat has ended, so a new one has started.', notSent: 'Not sent yet',
    placeholder: 'Type here…', link: '(opens in a new tab)',
    slowReply: 'The assistant is taking longer than usual to answer. Your message is kept.',
    addPhoto: 'Add a photo', photoAlt: 'Your photo', photoNoPreview: 'Photo sent',
    photoTooLarge: 'That photo is larger than 10 MB. Please choose a smaller one.',
    photoFailed: 'The photo could not be sent. Please try again.',
  },
  ur: {
    open: '{title} سے بات کریں', close: 'چیٹ بند کریں', restart: 'نئے سرے سے شروع کریں', conversation: 'گفتگو', input: 'اپنا پیغام لکھیں',
    send: 'بھیجیں', typing: '{title} لکھ رہا ہے…', you: 'آپ', bot: '{title}', choices: 'جواب منتخب کریں',
    offline: 'کلینک کے اسسٹنٹ سے رابطہ نہیں ہو سکا۔ دوبارہ کوشش ہو رہی ہے… آپ کا پیغام محفوظ ہے۔',
    retryNow: 'ابھی دوبارہ کوشش کریں', slowDown: 'آپ بہت تیزی سے پیغام بھیج رہے ہیں۔ ذرا انتظار کے بعد بھیجا جائے گا…',
    tooLong: 'یہ پیغام بہت لمبا ہے۔ براہ کرم {max} حروف تک مختصر کریں۔',
    expired: 'آپ کی پچھلی گفتگو ختم ہو گئی، نئی شروع ہو گئی ہے۔', notSent: 'ابھی نہیں بھیجا گیا',
    placeholder: 'یہاں لکھیں…', link: '(نئی ٹیب میں کھلے گا)',
    slowReply: 'اسسٹنٹ کو جواب دینے میں معمول سے زیادہ وقت لگ رہا ہے۔ آپ کا پیغام محفوظ ہے۔',
    addPhoto: 'تصویر شامل کریں', photoAlt: 'آپ کی تصویر', photoNoPreview: 'تصویر بھیج دی گئی',
    photoTooLarge: 'یہ تصویر 10 MB سے بڑی ہے۔ براہ کرم چھوٹی تصویر منتخب کریں۔',
    photoFailed: 'تصویر نہیں بھیجی جا سکی۔ براہ کرم دوبارہ کوشش کریں۔',
  },
};

export function strings(lang, vars) {
  const table = STRINGS[(lang || 'en').slice(0, 2).toLowerCase()] || STRINGS.en;
  return (key, extra = {}) => (table[key] || STRINGS.en[key] || key)
    .replace(/\{(\w+)\}/g, (_, name) => String({ ...vars, ...extra }[name] ?? ''));
}

export function isRtl(lang) {
  return ['ur', 'ar', 'fa'].includes((lang || '').slice(0, 2).toLowerCase());
}
