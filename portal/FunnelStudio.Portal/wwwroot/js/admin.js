// FunnelStudio admin pages: behaviour without inline handlers (the pages run under a
// Content-Security-Policy that allows no inline script).
(function () {
  'use strict';

  // A form with data-confirm asks before it is sent (deactivating a user).
  document.addEventListener('submit', function (evt) {
    var form = evt.target.closest('form[data-confirm]');
    if (form && !window.confirm(form.getAttribute('data-confirm'))) evt.preventDefault();
  });

  // A filter select with data-autosubmit applies at once (the audit log's filters).
  document.addEventListener('change', function (evt) {
    var select = evt.target.closest('select[data-autosubmit]');
    if (select && select.form) select.form.requestSubmit();
  });
})();
