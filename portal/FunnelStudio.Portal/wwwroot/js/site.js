// FunnelStudio portal: behaviour every page shares.
(function () {
  'use strict';

  // The server shows and reads date-times in the browser's time zone (see Ui/UserTimeZone.cs).
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var cookie = 'fs_tz=' + encodeURIComponent(tz);
    if (tz && document.cookie.split('; ').indexOf(cookie) < 0) {
      document.cookie = cookie + '; path=/; max-age=31536000; samesite=lax';
    }
  } catch (e) { /* no Intl: the server's zone is used */ }

  // Every htmx request carries the antiforgery token (Razor Pages validate it on POST).
  document.body.addEventListener('htmx:configRequest', function (evt) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) evt.detail.headers['RequestVerificationToken'] = meta.content;
  });

  // A small toast for outcomes that need no dialog (a card moved, a request failed).
  window.fsToast = function (message, kind) {
    var host = document.getElementById('fs-toasts');
    if (!host || !message) return;
    var toast = document.createElement('div');
    toast.className = 'toast align-items-center border-0 text-bg-' + (kind || 'success');
    toast.setAttribute('role', kind === 'danger' ? 'alert' : 'status');
    toast.setAttribute('aria-live', kind === 'danger' ? 'assertive' : 'polite');
    var row = document.createElement('div');
    row.className = 'd-flex';
    var body = document.createElement('div');
    body.className = 'toast-body';
    body.textContent = message; // text, never HTML
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn-close btn-close-white me-2 m-auto';
    close.setAttribute('data-bs-dismiss', 'toast');
    close.setAttribute('aria-label', document.documentElement.lang === 'zh-CN' ? '关闭' : 'Close');
    row.appendChild(body);
    row.appendChild(close);
    toast.appendChild(row);
    host.appendChild(toast);
    toast.addEventListener('hidden.bs.toast', function () { toast.remove(); });
    bootstrap.Toast.getOrCreateInstance(toast, { delay: 4000 }).show();
  };

  // Lookup inputs that search as you type: picking a result sets the hidden value.
  document.addEventListener('click', function (evt) {
    var choice = evt.target.closest('.fs-lookup-choice, .fs-lookup-clear');
    var open = document.querySelectorAll('.fs-lookup-results:not(:empty)');
    if (choice) {
      var box = choice.closest('.fs-lookup');
      box.querySelector('.fs-lookup-value').value = choice.dataset.id || '';
      box.querySelector('.fs-lookup-search').value = choice.dataset.title || '';
      box.querySelector('.fs-lookup-results').innerHTML = '';
      return;
    }
    open.forEach(function (results) {
      if (!results.closest('.fs-lookup').contains(evt.target)) results.innerHTML = '';
    });
  });
  document.addEventListener('input', function (evt) {
    if (!evt.target.classList.contains('fs-lookup-search')) return;
    if (evt.target.value.trim() === '') {
      evt.target.closest('.fs-lookup').querySelector('.fs-lookup-value').value = '';
    }
  });
  document.addEventListener('keydown', function (evt) {
    if (evt.key === 'Escape' && evt.target.classList.contains('fs-lookup-search')) {
      evt.target.closest('.fs-lookup').querySelector('.fs-lookup-results').innerHTML = '';
    }
  });

  // Filters that apply as soon as they change (the list's stage and owner, the board's owner) and the
  // phone's sort picker, which goes to the ordering it names. Here rather than in onchange="…":
  // the Content-Security-Policy runs no inline script.
  document.addEventListener('change', function (evt) {
    var el = evt.target;
    if (!(el instanceof HTMLSelectElement)) return;
    if (el.hasAttribute('data-fs-autosubmit') && el.form) {
      el.form.requestSubmit();
    } else if (el.hasAttribute('data-fs-navigate') && /^\/(?!\/)/.test(el.value)) {
      window.location.href = el.value; // only a path on this site
    }
  });

  // Keep the current stage of a long stage path in view on narrow screens.
  var current = document.querySelector('.fs-path [aria-current="step"]');
  if (current && current.scrollIntoView) current.scrollIntoView({ block: 'nearest', inline: 'center' });
})();
