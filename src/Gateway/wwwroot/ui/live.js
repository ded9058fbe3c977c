// Live alerts over the SSE streams (with the session cookie), as toasts and a badge. A dropped stream reconnects
// with Last-Event-ID, so nothing retained is missed or shown twice.
import { alertTitle, formatDate, t } from './texts.js';

/**
 * Reads the SSE stream at `path` and calls `onEvent({ type, id, data })` for each event (data parsed as JSON when it
 * is). `onState(true|false)` says whether the stream is connected. Returns a function that stops it.
 */
export function watch(path, onEvent, { onState = () => {} } = {}) {
  let lastId = null;
  let stopped = false;
  const controller = new AbortController();
  (async () => {
    let delay = 1000;
    while (!stopped) {
      try {
        const headers = { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) };
        const response = await fetch(path, { headers, credentials: 'same-origin', signal: controller.signal });
        if (response.status === 401) { onState(false); return; }
        if (!response.ok) { throw new Error(`HTTP ${response.status}`); }
        onState(true);
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) { break; }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parse(block);
            if (event.id) { lastId = event.id; }
            if (event.data !== undefined) { onEvent(event); }
          }
        }
      } catch (error) {
        if (stopped) { return; }
        console.warn(`stream ${path}: ${error.message}`);
      }
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();
  return () => { stopped = true; controller.abort(); };
}

/**
 * Watches a change stream (`/streams/...`, `changed` events) and runs `reload()` after each change, a burst of changes
 * once, and on every (re)connect, since nothing is signalled while the stream is down. Reloads run one at a time; one
 * that fails is logged and the next change tries again. `document.body.dataset.live` says whether the stream is connected.
 */
export function watchChanges(path, reload, { delay = 250 } = {}) {
  let timer = 0;
  let queue = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { queue = queue.then(reload).catch((error) => console.warn(`reload after ${path}: ${error.message}`)); }, delay);
  };
  return watch(path, ({ type }) => { if (type === 'changed') { schedule(); } }, {
    onState: (connected) => {
      document.body.dataset.live = String(connected);
      if (connected) { schedule(); }
    },
  });
}

function parse(block) {
  const event = { type: 'message' };
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) { continue; }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') { event.type = value; } else if (field === 'id') { event.id = value; } else if (field === 'data') { data.push(value); }
  }
  if (data.length) {
    const text = data.join('\n');
    try { event.data = JSON.parse(text); } catch { event.data = text; }
  }
  return event;
}

function toasts() {
  let box = document.getElementById('toasts');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toasts';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    document.body.append(box);
  }
  return box;
}

/** Shows a toast: `text`, coloured by `tier` ('Upcoming', 'Due', 'Overdue') when given; closes itself after `timeout` ms. */
export function toast(text, { tier, detail, timeout = 20000 } = {}) {
  const item = document.createElement('div');
  item.className = `toast${tier ? ` tier-${tier.toLowerCase()}` : ''}`;
  const body = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = text;
  body.append(title);
  if (detail) { const more = document.createElement('div'); more.className = 'muted'; more.textContent = detail; body.append(more); }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', t('common.close'));
  close.addEventListener('click', () => item.remove());
  item.append(body, close);
  toasts().prepend(item);
  if (timeout) { setTimeout(() => item.remove(), timeout); }
  return item;
}

/** A badge counting alerts not yet looked at: `add()` counts one, a click on the badge clears it. */
export function badge(element) {
  let count = 0;
  const show = () => { element.textContent = count ? String(count) : ''; element.dataset.count = String(count); };
  element.addEventListener('click', () => { count = 0; show(); });
  show();
  return { add() { count += 1; show(); }, clear() { count = 0; show(); }, get count() { return count; } };
}

/**
 * Watches an alert stream. Each alert raised while the page is open becomes a toast (coloured by its tier) and counts on
 * the badge; `onAlert(alert, live)` sees every alert. With `history`, the alerts the stream still retains are replayed
 * first, reaching only `onAlert(alert, false)`. `onState(connected)` reports the connection.
 */
export function watchAlerts(path, badgeElement, onAlert = () => {}, { history = false, onState = () => {} } = {}) {
  const counter = badge(badgeElement);
  const opened = Date.now();
  return watch(history ? `${path}${path.includes('?') ? '&' : '?'}lastEventId=0` : path, ({ type, data }) => {
    if (type === 'gap' || typeof data !== 'object' || data === null) { return; }
    const live = !history || new Date(data.at).getTime() >= opened - 5000;
    if (live) {
      counter.add();
      toast(alertTitle(data), { tier: data.tier, detail: [data.caseNumber, data.dueDate ? formatDate(data.dueDate) : null].filter(Boolean).join(' · ') });
    }
    onAlert(data, live);
  }, { onState });
}
