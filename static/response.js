// The section editor: a live preview of the Markdown, rendered and sanitized by the server
// (POST /api/v1/preview), at most one request in flight, sent once typing pauses.
(function () {
  'use strict';
  const form = document.getElementById('section-form');
  const body = document.getElementById('body');
  const preview = document.getElementById('preview');
  const count = document.getElementById('word-count');
  if (!form || !body || !preview) return;
  const budget = parseInt(form.dataset.budget || '', 10);
  let timer = null;
  let busy = false;
  let again = false;

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const resp = await fetch('/api/v1/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': form.dataset.csrf || '' },
        body: JSON.stringify({ markdown: body.value })
      });
      if (resp.ok) {
        const data = await resp.json();
        // The server sanitized this HTML (ammonia); raw HTML typed by a writer comes back escaped.
        preview.innerHTML = data.html;
        if (count) {
          count.textContent = String(data.words);
          count.classList.toggle('over', !isNaN(budget) && data.words > budget);
        }
      }
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }

  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
