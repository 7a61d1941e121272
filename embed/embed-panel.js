// "Embed this" on the standalone page: choose a view, theme and language, see the widget
// live, copy the script or iframe snippet. Loaded only by the standalone page.
const panel = document.querySelector('details.sw-embed');
const framed = window.parent !== window;

if (panel && !framed) {
  const bundle = new URL('./', import.meta.url);
  const params = new URLSearchParams(location.search);
  // Without ?feed= the page shows the built-in demo, and so do the preview and snippets: a
  // widget with no feed attribute shows the demo of the bundle it was loaded from, kept
  // looking fresh, where the demo file's own URL would show its stale dates.
  const feed = params.get('feed') ? new URL(params.get('feed'), location.href).href : '';
  const field = (name) => panel.querySelector(`[name=${name}]`);
  const confirmation = panel.querySelector('.sw-embed__confirmation');
  const preview = panel.querySelector('.sw-embed__preview');
  const attribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

  const snippets = () => {
    const view = field('view').value;
    const theme = field('theme').value;
    const lang = field('lang').value.trim();
    const page = new URL(bundle);
    page.search = new URLSearchParams({ ...(feed ? { feed } : {}), view, theme, ...(lang ? { lang } : {}) }).toString();
    return {
      settings: { feed, view, theme, lang },
      script:
        `<script type="module" src="${attribute(new URL('embed.js', bundle).href)}"></script>\n` +
        `<status-widget${feed ? ` feed="${attribute(feed)}"` : ''} view="${view}" theme="${theme}"${lang ? ` lang="${attribute(lang)}"` : ''}></status-widget>`,
      frame:
        `<iframe src="${attribute(page.href)}" title="Service status" style="width:100%;border:0" data-status-widget-frame></iframe>\n` +
        `<script type="module" src="${attribute(new URL('embed-frame.js', bundle).href)}"></script>`,
    };
  };

  // The preview is a second live widget, so it exists only while the panel is open.
  const update = () => {
    const current = snippets();
    panel.querySelector('[data-snippet=script]').textContent = current.script;
    panel.querySelector('[data-snippet=frame]').textContent = current.frame;
    if (!panel.open) {
      preview.replaceChildren();
      return;
    }
    const widget = preview.querySelector('status-widget') || preview.appendChild(document.createElement('status-widget'));
    for (const [name, value] of Object.entries(current.settings)) {
      if (value) widget.setAttribute(name, value);
      else widget.removeAttribute(name);
    }
  };

  panel.addEventListener('toggle', update);
  panel.addEventListener('input', update);
  for (const button of panel.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', async () => {
      const kind = button.dataset.copy;
      confirmation.textContent = '';
      try {
        await navigator.clipboard.writeText(snippets()[kind]);
        confirmation.textContent = `${kind === 'script' ? 'Script' : 'Iframe'} snippet copied.`;
      } catch {
        confirmation.textContent = 'Copying was not allowed; select the snippet and copy it yourself.';
      }
    });
  }
  update();
  panel.hidden = false;
}
