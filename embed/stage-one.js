// Stage one of the embed: what embed.js starts on every host page. It defines
// <status-widget>, keeps one live feed per URL for the whole page (the only place feeds are
// fetched), and draws the `badge`, `toast` and `report` views itself. The rules are not here but in
// Rust, in the small wasm of crates/status-embed: which documents are accepted and what a
// badge shows, the refresh schedule, the words and the language. The `compact` and `full`
// views, the report dialog and the standalone page are stage two (the Leptos widget), loaded
// the first time something needs it; it reads the feeds kept here instead of fetching again.

const SAVED = 'status-widget/feed-cache/v1/';
const SAVED_FORMAT = 'status-widget feed cache v1';
/// localStorage holds about 5 MB per site, shared with the host page; big feeds are not kept.
const MAX_SAVED_BYTES = 512 * 1024;
const DISMISSED = 'status-widget/toast-dismissed/v1/';
/// How many dismissed notices are remembered per feed; older ones are long over.
const REMEMBERED = 50;
const ICONS = { operational: '✓', maintenance: '⚙', degraded: '!', partial_outage: '◐', major_outage: '✕', unknown: '?' };
const VIEWS = ['badge', 'compact', 'full', 'toast', 'report'];
const RICH = ['compact', 'full'];
/// How often drawn views follow the clock (ages, maintenance windows starting or ending).
const TICK_MS = 15000;

/// The rules, from their own wasm or from stage two's (see `rulesOf`); replaced by the build with the
/// Statuspage reader once a feed has needed it.
let rules;
let ready;
/// The build of the rules with the Statuspage reader: its URL, then its promise once fetched.
let withStatuspage;
/// What the rules answer for a document whose reader their build leaves out.
const NOT_READ_HERE = Symbol('not read here');
let stylesheet;
let loadStageTwo;
/// Stage two's module once loaded; `false` if it cannot load.
let stageTwo;
/// The loading of stage two, once asked for (see `needStageTwo`).
let stageTwoLoading;
const feeds = new Map();
/// Each connected element and what it shows: `{ url, view, ... }`.
const widgets = new Map();

const hidden = () => document.visibilityState === 'hidden';

const storage = (() => { try { return window.localStorage; } catch { return null; } })();
const stored = (key) => { try { return storage?.getItem(key) ?? null; } catch { return null; } };
const store = (key, value) => {
  // A full or refusing storage is not worth an error: the copy is simply not kept.
  try { value == null ? storage?.removeItem(key) : storage?.setItem(key, value); } catch {}
};

/// A feed followed for as long as some widget shows it. Mirrors what the full view needs:
/// the last good text, and its health (how fresh it is, what went wrong since).
class Feed {
  constructor(url, refresh, demo) {
    this.url = url;
    this.refresh = refresh;
    // The demo's times are shifted once, so refreshes of the unchanged file stay unchanged.
    this.demoNow = demo ? Date.now() : undefined;
    this.text = null;
    this.version = 0;
    this.badge = null;
    /// The refresh interval the feed suggests, in seconds.
    this.suggested = undefined;
    this.rejected = null;
    this.health = { confirmedAt: null, fromSavedCopy: false, problem: null, nextTry: null };
    this.subscribers = 0;
    /// How many of the subscribers are badges and toasts, drawn from `badge`.
    this.drawnHere = 0;
    this.stopped = false;
    this.run();
  }

  /// Reads `text` for the views that show this feed: `{ badge, suggested }`, `{ problem }` if
  /// the reader it needs cannot be fetched, or null if it is refused. Badges and toasts need
  /// stage one's reading; a feed that only stage two shows is read by stage two alone, so a
  /// large feed is not read twice.
  async read(text) {
    if (this.drawnHere === 0 && stageTwo?.read_text) {
      const read = stageTwo.read_text(this.url, text);
      return read && { badge: null, suggested: read.refresh ?? undefined };
    }
    let badge = rules.readBadge(text, this.demoNow);
    if (badge === NOT_READ_HERE) {
      // A Statuspage document: the rules that read it are fetched once, then used for all.
      if (!(withStatuspage instanceof Promise)) {
        const url = withStatuspage;
        // A failed fetch is tried again at the next poll.
        withStatuspage = instantiate(fetch(url)).catch((error) => {
          withStatuspage = url;
          throw error;
        });
      }
      try {
        rules = await withStatuspage;
      } catch (error) {
        return { problem: { kind: 'network', detail: String(error) } };
      }
      badge = rules.readBadge(text, this.demoNow);
    }
    return badge && badge !== NOT_READ_HERE ? { badge, suggested: badge.refresh ?? undefined } : null;
  }

  /// Keeps `text`, read as `read` found it.
  keep(text, read) {
    Object.assign(this, { text, badge: read.badge, suggested: read.suggested, rejected: null });
    // Stage two compares versions, not texts, which may be megabytes long.
    this.version += 1;
  }

  async restoreSavedCopy() {
    const saved = stored(SAVED + this.url);
    if (saved == null) return;
    const [format, savedAt, ...lines] = saved.split('\n');
    const text = lines.join('\n');
    const read = format === SAVED_FORMAT && lines.length && /^\d+$/.test(savedAt) ? await this.read(text) : null;
    if (read?.problem || this.stopped) return;
    if (!read) {
      store(SAVED + this.url, null);
      return;
    }
    this.keep(text, read);
    this.health = { ...this.health, confirmedAt: Number(savedAt), fromSavedCopy: true };
    changed(this);
  }

  async run() {
    // The first request leaves before the rules are ready: the wasm compiles meanwhile.
    let request = hidden() ? null : this.fetch();
    await ready;
    if (this.stopped) return;
    await this.restoreSavedCopy();
    if (this.stopped) return;
    let interval = rules.pollInterval(this.suggested, this.refresh);
    let failures = 0;
    while (!this.stopped) {
      if (hidden()) {
        this.waitingForVisibility = true;
        await this.pause();
        this.waitingForVisibility = false;
        continue;
      }
      const result = await (request ?? this.fetch());
      request = null;
      if (this.stopped) return;
      const now = Date.now();
      let problem = result.problem ?? null;
      if (!problem && result.text === this.text) {
        // The saved copy is still current: record that it was confirmed now.
        const saved = stored(SAVED + this.url);
        if (saved) store(SAVED + this.url, saved.replace(/\n\d+\n/, `\n${now}\n`));
      } else if (!problem) {
        const read = await this.read(result.text);
        if (this.stopped) return;
        if (read?.problem) {
          problem = read.problem;
        } else if (read) {
          this.keep(result.text, read);
          interval = rules.pollInterval(this.suggested, this.refresh);
          store(SAVED + this.url, result.bytes <= MAX_SAVED_BYTES ? `${SAVED_FORMAT}\n${now}\n${result.text}` : null);
        } else {
          problem = { kind: 'invalid' };
          this.rejected = { text: result.text };
        }
      } else if (problem.kind === 'invalid') {
        this.rejected = problem.rejected;
      }
      failures = problem ? failures + 1 : 0;
      const retryAfter = problem?.retryAfter ?? undefined;
      const delay = rules.nextDelay(!problem, failures, interval, retryAfter, Math.random());
      // One update per fetch, so live regions announce one message, not two.
      this.health = problem
        ? { ...this.health, problem, nextTry: now + delay }
        : { confirmedAt: now, fromSavedCopy: false, problem: null, nextTry: null };
      changed(this);
      await this.pause(delay);
    }
  }

  /// One request, with a deadline; resolves to `{ text, bytes }` or `{ problem }`. The
  /// browser's HTTP cache revalidates in "no-cache" mode, so an unchanged feed costs a 304;
  /// adding conditional headers by hand would make every cross-origin poll preflighted.
  async fetch() {
    const abort = (this.abort = new AbortController());
    let timedOut = false;
    const deadline = ready.then(() => setTimeout(() => { timedOut = true; abort.abort(); }, rules.timeout()));
    try {
      const response = await fetch(this.url, { cache: 'no-cache', signal: abort.signal });
      if (!response.ok) {
        await ready;
        const header = response.headers.get('retry-after');
        const retryAfter = header == null ? undefined : rules.retryAfter(header, Date.now());
        return { problem: { kind: 'http', status: response.status, statusText: response.statusText, retryAfter } };
      }
      await ready;
      // A body announced as over the limit is refused before it is read into memory.
      const limit = rules.maxDocumentBytes();
      const announced = Number(response.headers.get('content-length') ?? NaN);
      if (announced > limit) {
        abort.abort();
        return { problem: { kind: 'invalid', rejected: { size: announced } } };
      }
      const body = await response.arrayBuffer();
      if (body.byteLength > limit) return { problem: { kind: 'invalid', rejected: { size: body.byteLength } } };
      try {
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), bytes: body.byteLength };
      } catch {
        return { problem: { kind: 'invalid', rejected: { bytes: new Uint8Array(body) } } };
      }
    } catch (error) {
      return { problem: timedOut ? { kind: 'timeout' } : { kind: 'network', detail: String(error) } };
    } finally {
      clearTimeout(await deadline);
    }
  }

  /// Waits `delay` milliseconds, or until woken; without a delay, only until woken.
  pause(delay) {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (delay !== undefined) this.timer = setTimeout(resolve, delay);
    }).then(() => clearTimeout(this.timer));
  }

  stop() {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }
}

/// Holds the feed at `url` for a view; `drawnHere` for badges and toasts, which need it read
/// by stage one.
function subscribe(url, refresh, demo, drawnHere = false) {
  let feed = feeds.get(url);
  if (!feed) feeds.set(url, (feed = new Feed(url, refresh, demo)));
  feed.subscribers += 1;
  // A feed only stage two showed so far was read there: badges need it read here too.
  if (drawnHere && feed.drawnHere++ === 0 && feed.text != null) {
    feed.read(feed.text).then((read) => {
      if (read?.badge) {
        feed.badge = read.badge;
        changed(feed);
      }
    });
  }
  return feed;
}

function unsubscribe(url, drawnHere = false) {
  const feed = feeds.get(url);
  if (feed && drawnHere) feed.drawnHere -= 1;
  if (feed && --feed.subscribers === 0) {
    feed.stop();
    feeds.delete(url);
  }
}

function changed(feed) {
  for (const [element, widget] of widgets) if (widget.url === feed.url && !widget.rich) draw(element, widget);
  if (stageTwo?.feed_changed) stageTwo.feed_changed(feed.url);
}

/// What stage two reads of a feed: its text and its version, what was refused, its health.
function snapshot(url) {
  const feed = feeds.get(url);
  return feed ? { text: feed.text, version: feed.version, rejected: feed.rejected, health: feed.health } : null;
}

/// The widget's language, as the element, the page and the browser prefer it.
function texts(element) {
  const preferences = [element.getAttribute('lang'), document.documentElement.getAttribute('lang'), ...navigator.languages];
  return rules.badgeTexts(preferences.filter((tag) => tag && tag.trim()));
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const wellFormed = String.prototype.isWellFormed ? (text) => text.isWellFormed() : (text) => !/\p{Cs}/u.test(text);
/// Deeper nesting is refused by the rules anyway; this only bounds the recursion below.
const DEEPEST = 200;

/// The browser's parse of `text` as the tape the rules read (see crates/status-embed/src/
/// tape.rs), or null if it is not JSON, or holds a lone surrogate, which has no UTF-8 form.
export function encodeDocument(text) {
  let value;
  try { value = JSON.parse(text); } catch { return null; }
  let bytes = new Uint8Array(1024);
  let view = new DataView(bytes.buffer);
  let at = 0;
  const room = (needed) => {
    if (at + needed <= bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, at + needed));
    grown.set(bytes);
    bytes = grown;
    view = new DataView(bytes.buffer);
  };
  const tag = (byte) => { room(1); bytes[at++] = byte; };
  const count = (n) => { room(4); view.setUint32(at, n, true); at += 4; };
  const string = (text) => {
    if (!wellFormed(text)) throw encodeDocument;
    room(4 + text.length * 3);
    const { written } = encoder.encodeInto(text, bytes.subarray(at + 4));
    count(written);
    at += written;
  };
  const walk = (value, depth) => {
    if (value === null) tag(0);
    else if (value === false) tag(1);
    else if (value === true) tag(2);
    else if (typeof value === 'number') { tag(3); room(8); view.setFloat64(at, value, true); at += 8; }
    else if (typeof value === 'string') { tag(4); string(value); }
    else if (depth > DEEPEST) { tag(5); count(0); }
    else if (Array.isArray(value)) { tag(5); count(value.length); for (const item of value) walk(item, depth + 1); }
    else {
      const keys = Object.keys(value);
      tag(6);
      count(keys.length);
      for (const key of keys) { string(key); walk(value[key], depth + 1); }
    }
  };
  try { walk(value, 0); } catch (error) { if (error === encodeDocument) return null; throw error; }
  return bytes.subarray(0, at);
}

/// The rules' own wasm, instantiated, in JavaScript terms.
async function instantiate(response) {
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(response, {}));
  } catch {
    // A server that does not send application/wasm: compile from the bytes instead.
    ({ instance } = await WebAssembly.instantiate(await (await response).arrayBuffer(), {}));
  }
  return rulesOf(instance.exports);
}

/// The rules' exports in JavaScript terms, from their own wasm or from stage two's, which
/// exports them too. Text goes both ways through the rules' one buffer.
function rulesOf(wasm) {
  const send = (bytes) => {
    const start = wasm.buffer(bytes.length);
    new Uint8Array(wasm.memory.buffer, start, bytes.length).set(bytes);
  };
  const answer = (length) => (length < 0 ? null : decoder.decode(new Uint8Array(wasm.memory.buffer, wasm.buffer_start(), length)));
  const json = (length) => (length < 0 ? null : JSON.parse(answer(length)));
  const none = (value) => value ?? NaN;
  return {
    readBadge(text, demoNow) {
      const tape = encodeDocument(text);
      if (!tape) return null;
      send(tape);
      const length = wasm.read_badge(none(demoNow));
      return length === -2 ? NOT_READ_HERE : json(length);
    },
    badgeTexts(preferences) {
      send(encoder.encode(preferences.join('\n')));
      return json(wasm.badge_texts());
    },
    relativeTime: (then, now) => json(wasm.relative_time(then, now)),
    stylesheet: () => answer(wasm.stylesheet()),
    pollInterval: (feedSeconds, overrideSeconds) => wasm.poll_interval_ms(none(feedSeconds), none(overrideSeconds)),
    nextDelay: (ok, failures, interval, retryAfter, random) => wasm.next_delay_ms(ok ? 1 : 0, failures, interval, none(retryAfter), random),
    retryAfter(header, now) {
      send(encoder.encode(header));
      const wait = wasm.retry_after_ms(now);
      return Number.isNaN(wait) ? undefined : wait;
    },
    timeout: () => wasm.timeout_ms(),
    maxDocumentBytes: () => wasm.max_document_bytes(),
    webHref(text) {
      send(encoder.encode(text));
      return answer(wasm.web_href());
    },
  };
}

const node = (tag, className, text) => {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text != null) created.textContent = text;
  return created;
};

function statusBadge(status, t) {
  const badge = node('span', `sw-badge sw-badge--${status}`);
  const icon = badge.appendChild(node('span', 'sw-badge__icon', ICONS[status]));
  icon.setAttribute('aria-hidden', 'true');
  badge.append(node('span', 'sw-badge__label', t[`status_${status}`]));
  return badge;
}

function link(className, href, text) {
  const anchor = node('a', className, text);
  anchor.href = href;
  anchor.rel = 'noopener noreferrer';
  return anchor;
}

/// Says how old the data is when it is not live, as the full view's notice does.
function staleness(feed, t) {
  const health = feed.health;
  if (!feed.badge || health.confirmedAt == null || !(health.problem || health.fromSavedCopy)) return null;
  const now = Date.now();
  const relative = (then) => {
    const [count, unit] = rules.relativeTime(then, now);
    return new Intl.RelativeTimeFormat(t.tag, { numeric: 'auto' }).format(count, unit);
  };
  const problem = health.problem;
  const reason = problem && (problem.kind === 'http' ? t.reason_http.replace('{0}', problem.status) : t[`reason_${problem.kind}`]);
  const sentences = [problem ? t.showing_old_data.replace('{0}', reason) : t.showing_saved_data,
    t.data_from.replace('{0}', relative(health.confirmedAt))];
  if (problem && health.nextTry != null) sentences.push(t.next_try.replace('{0}', relative(Math.max(health.nextTry, now))));
  return sentences.join(' ');
}

function badgeLine(element, feed, widget, t) {
  const badge = feed.badge;
  if (!badge) return node('span', 'sw-badge-line sw-badge-line--pending', feed.health.problem ? t.unavailable : t.loading);
  const target = (widget.href && rules.webHref(widget.href)) ?? badge.href;
  const line = target ? link('sw-badge-line', target) : node('span', 'sw-badge-line');
  line.append(node('span', 'sw-badge-line__name', badge.name), statusBadge(badge.status, t));
  return line;
}

function toast(element, feed, widget, t) {
  const badge = feed.badge;
  if (!badge) return null;
  const key = DISMISSED + widget.url;
  const gone = (stored(key) ?? '').split('\n');
  const now = Date.now();
  const notice = badge.notices.find((n) => (n.from == null || (n.from <= now && now < n.until)) && !gone.includes(n.key));
  if (!notice) return null;
  const aside = node('aside', 'sw-toast');
  aside.setAttribute('aria-label', t.service_notice);
  const body = aside.appendChild(node('div', 'sw-toast__body'));
  body.append(statusBadge(badge.status, t), node('p', 'sw-toast__title', notice.title));
  if (badge.href) body.append(link('sw-toast__link', badge.href, t.details));
  const close = aside.appendChild(node('button', 'sw-toast__close', '×'));
  close.type = 'button';
  close.setAttribute('aria-label', t.dismiss_notice);
  close.addEventListener('click', () => {
    store(key, [...gone.filter(Boolean), notice.key].slice(-REMEMBERED).join('\n'));
    draw(element, widget);
  });
  return aside;
}

/// "Report a problem" on its own, once the feed is known to take reports. The dialog is stage
/// two's, loaded on the first press; without stage two, the element says it could not load.
function reportButton(element, feed, widget, t) {
  if (!feed.badge?.reports || !widget.report) return null;
  if (stageTwo === false) return cannotLoadMessage(t);
  const button = node('button', 'sw-button sw-report-button', t.report_a_problem);
  button.type = 'button';
  button.setAttribute('aria-haspopup', 'dialog');
  button.addEventListener('click', async () => {
    // Without stage two the element says so in words instead (see `needStageTwo`).
    const loaded = await needStageTwo();
    if (loaded) loaded.module.open_report(element);
  });
  return button;
}

const VIEW_DRAWINGS = { badge: badgeLine, toast, report: reportButton };

/// Draws a badge, a toast or a report button. Nothing in the shadow root changes when what it
/// shows has not, and only stage one's own node is replaced (a report dialog of stage two's
/// may sit beside it).
function draw(element, widget) {
  const feed = feeds.get(widget.url);
  if (!feed || !rules) return;
  const t = texts(element);
  const root = node('div', `sw-root sw-view-${widget.view} sw-theme-${widget.theme}`);
  root.lang = t.tag;
  const content = VIEW_DRAWINGS[widget.view](element, feed, widget, t);
  if (content) {
    const notice = staleness(feed, t);
    if (notice) content.title = notice;
    root.append(content);
  }
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  if (!shadow.adoptedStyleSheets.includes(stylesheet)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, stylesheet];
  const drawn = root.outerHTML;
  if (widget.drawn !== drawn || widget.node?.parentNode !== shadow) {
    widget.drawn = drawn;
    if (widget.node?.parentNode === shadow) widget.node.replaceWith(root);
    else shadow.replaceChildren(root);
    widget.node = root;
  }
}

/// Loads stage two once; later callers wait on the same promise, which gives its module and
/// its wasm's exports. If it cannot load (a 404, offline, a CSP that refuses it), rich
/// elements say so in words and badges carry on.
function needStageTwo() {
  stageTwoLoading ??= loadStageTwo()
    .then(({ module, exports }) => {
      module.start({ subscribe: (url, refresh, demo) => subscribe(url, refresh, demo), unsubscribe: (url) => unsubscribe(url), snapshot });
      stageTwo = module;
      for (const [element, widget] of widgets) if (widget.rich) module.mount(element);
      return { module, exports };
    })
    .catch((error) => {
      console.error('status-widget: stage two could not be loaded', error);
      // The words come from the rules, which may still be on their way (and, on a page that
      // was to take them from stage two, are now fetched on their own). Elements connected
      // meanwhile are met by this loop, those connected after it by `connect`.
      ready.then(() => {
        stageTwo = false;
        for (const [element, widget] of widgets) {
          if (widget.rich) cannotLoad(element);
          else if (widget.view === 'report') draw(element, widget);
        }
        const page = document.querySelector('main[data-status-widget=page]');
        if (page) page.textContent = texts(page).stage_two_unavailable;
      });
      return false;
    });
  return stageTwoLoading;
}

/// What an element that needs stage two shows when it cannot be loaded.
function cannotLoadMessage(t) {
  const message = node('p', null, t.stage_two_unavailable);
  message.setAttribute('role', 'status');
  return message;
}

function cannotLoad(element) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.replaceChildren(cannotLoadMessage(texts(element)));
}

function options(element) {
  const attribute = (name) => element.getAttribute(name)?.trim() || null;
  const view = VIEWS.find((name) => name === attribute('view')?.toLowerCase()) ?? 'compact';
  const feed = attribute('feed');
  const refresh = Number(attribute('refresh'));
  return {
    view,
    rich: RICH.includes(view),
    demo: !feed,
    url: new URL(feed ?? 'demo/feed.json', feed ? document.baseURI : bundle).href,
    refresh: Number.isInteger(refresh) && refresh >= 0 && attribute('refresh') != null ? refresh : undefined,
    theme: ['light', 'dark'].find((name) => name === attribute('theme')?.toLowerCase()) ?? 'auto',
    href: attribute('href'),
    report: attribute('report')?.toLowerCase() !== 'off',
  };
}

function connect(element) {
  const widget = options(element);
  const before = widgets.get(element);
  widgets.set(element, widget);
  if (widget.rich) {
    if (before && !before.rich) {
      unsubscribe(before.url, true);
      element.shadowRoot?.replaceChildren();
    }
    if (stageTwo === false) cannotLoad(element);
    else if (stageTwo?.mount) stageTwo.mount(element);
    else needStageTwo();
    return;
  }
  // The new feed is held before the old one goes, so a feed that stays keeps its poller.
  subscribe(widget.url, widget.refresh, widget.demo, true);
  // What stage two drew here goes: a rich view before, or a report element's dialog.
  stageTwo?.unmount?.(element);
  if (before && !before.rich) unsubscribe(before.url, true);
  draw(element, widget);
}

function disconnect(element) {
  const widget = widgets.get(element);
  if (!widget) return;
  widgets.delete(element);
  stageTwo?.unmount?.(element);
  if (!widget.rich) unsubscribe(widget.url, true);
}

let bundle;

/// Called by embed.js with the rules' wasm (a response, or its promise; none on a page that
/// takes the rules from stage two), the rules' URL, the URL of their build with the
/// Statuspage reader, the bundle's URL and a function that loads stage two.
export function start(setup) {
  bundle = setup.bundle;
  withStatuspage = setup.withStatuspage;
  loadStageTwo = setup.loadStageTwo;
  const rulesFound = setup.wasm
    ? instantiate(setup.wasm)
    : needStageTwo().then((loaded) => (loaded ? rulesOf(loaded.exports) : instantiate(fetch(setup.rules))));
  ready = rulesFound.then((found) => {
    rules = found;
    stylesheet = new CSSStyleSheet();
    stylesheet.replaceSync(rules.stylesheet());
    for (const [element, widget] of widgets) if (!widget.rich) draw(element, widget);
  });
  document.addEventListener('visibilitychange', () => {
    // A poll came due while hidden: catch up now. Otherwise its timer is still running.
    if (!hidden()) for (const feed of feeds.values()) if (feed.waitingForVisibility) feed.wake?.();
  });
  addEventListener('online', () => { for (const feed of feeds.values()) feed.wake?.(); });
  setInterval(() => { for (const [element, widget] of widgets) if (!widget.rich) draw(element, widget); }, TICK_MS);
  if (document.querySelector('main[data-status-widget=page]')) needStageTwo();
  if (customElements.get('status-widget')) return;
  customElements.define('status-widget', class extends HTMLElement {
    static get observedAttributes() { return ['feed', 'view', 'theme', 'lang', 'href', 'refresh', 'report', 'days']; }
    connectedCallback() { connect(this); }
    disconnectedCallback() { disconnect(this); }
    attributeChangedCallback(name, before, after) { if (this.isConnected && before !== after && widgets.has(this)) connect(this); }
  });
}
