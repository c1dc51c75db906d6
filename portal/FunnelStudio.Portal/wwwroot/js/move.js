// The move dialog (Pages/Shared/_MoveModal.cshtml): the move handler answers a refused move with
// the dialog's content and an "fs-blocked" event, a successful one with "fs-moved".
(function () {
  'use strict';
  var el = document.getElementById('fs-move-modal');
  if (!el) return;
  var modal = bootstrap.Modal.getOrCreateInstance(el);

  function focusFirst() {
    var target = el.querySelector('.is-invalid, .modal-body input:not([type=hidden]), .modal-body select, .modal-body textarea, #fs-move-submit');
    if (target) target.focus();
  }

  document.body.addEventListener('fs-blocked', function () {
    if (el.classList.contains('show')) focusFirst();
    else modal.show();
  });
  el.addEventListener('shown.bs.modal', focusFirst);

  document.body.addEventListener('fs-moved', function (evt) {
    modal.hide();
    if (evt.detail && evt.detail.message) window.fsToast(evt.detail.message, 'success');
  });

  // A submit in flight: no double submits from impatient taps.
  document.body.addEventListener('htmx:beforeRequest', function (evt) {
    var form = evt.target.closest && evt.target.closest('.fs-move-form');
    var button = form && form.querySelector('#fs-move-submit');
    if (button) button.disabled = true;
  });
})();
