// The reference for the first-badge bench (tests/bench/first-badge.js): a status badge as one
// might write it by hand, in one small file and no wasm. It reads the same native feed
// (docs/feed-format.md: `service.name`, and `status`, or else the worst component status) and
// draws the service name, an icon and the status word into an open shadow root, with a
// `.sw-badge` element so the bench sees it paint as it sees the widget's.
const RANK = ['operational', 'unknown', 'maintenance', 'degraded', 'partial_outage', 'major_outage'];
const ICONS = { operational: '✓', maintenance: '⚙', degraded: '!', partial_outage: '◐', major_outage: '✕', unknown: '?' };
const WORDS = {
  operational: 'Operational', maintenance: 'Under maintenance', degraded: 'Degraded performance',
  partial_outage: 'Partial outage', major_outage: 'Major outage', unknown: 'Status unknown',
};
const CSS = `
  :host { display: inline-block; font: 14px/1.4 system-ui, sans-serif; }
  .line { display: inline-flex; align-items: center; gap: 0.5em; }
  .sw-badge { display: inline-flex; gap: 0.3em; padding: 0.1em 0.6em; border-radius: 999px; background: #e6f4ea; color: #1e6b34; }
  .sw-badge--degraded, .sw-badge--partial_outage { background: #fff4e5; color: #8a4b00; }
  .sw-badge--major_outage { background: #fdecea; color: #a4161a; }
  .sw-badge--maintenance, .sw-badge--unknown { background: #e8eefc; color: #23408e; }`;

const worst = (statuses) => statuses.reduce((a, b) => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a), 'operational');

customElements.define('vanilla-badge', class extends HTMLElement {
  async connectedCallback() {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<style>${CSS}</style><span class="line">Loading status…</span>`;
    try {
      const feed = await (await fetch(this.getAttribute('feed'), { cache: 'no-cache' })).json();
      let status = feed.status ?? worst((feed.components ?? []).map((c) => c.status));
      if (!(status in ICONS)) status = 'unknown';
      const line = shadow.querySelector('.line');
      line.textContent = feed.service?.name ?? '';
      const badge = line.appendChild(document.createElement('span'));
      badge.className = `sw-badge sw-badge--${status}`;
      badge.innerHTML = `<span aria-hidden="true">${ICONS[status]}</span><span></span>`;
      badge.lastChild.textContent = WORDS[status];
    } catch {
      shadow.querySelector('.line').textContent = 'Status unavailable';
    }
  }
});
