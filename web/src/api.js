// Talks to the assistant's secure web channel (bot/channels/web.py): JSON over HTTP(S), bearer session token.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || (status ? `HTTP ${status}` : 'network error'));
    this.status = status; // 0: the server could not be reached
    this.code = (body && body.error) || (status ? 'http_error' : 'unreachable');
    this.retryAfter = (body && body.retry_after) || 0;
  }
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export class ChatApi {
  constructor(server, timeoutMs = 60000) {
    this.base = server.replace(/\/+$/, '') + '/webhooks/web';
    this.timeoutMs = timeoutMs;
  }

  async request(path, { method = 'GET', token, body, file, signal } = {}) {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // a file goes as it is (the server decides what it is from its content, not from this type)
    if (file) headers['Content-Type'] = file.type || 'application/octet-stream';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    if (signal) signal.addEventListener('abort', () => abort.abort()); // the caller gave up waiting
    let response;
    try {
      response = await fetch(this.base + path, {
        method, headers, body: file || (body === undefined ? undefined : JSON.stringify(body)),
        signal: abort.signal, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      });
    } catch (_) {
      throw new ApiError(0, null);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  newSession() { return this.request('/session', { method: 'POST' }); }
  send(token, message, signal) { return this.request('/message', { method: 'POST', token, body: message, signal }); }
  history(token) { return this.request('/history', { token }); }
  photo(token, file) { return this.request('/photo', { method: 'POST', token, file }); }
}
