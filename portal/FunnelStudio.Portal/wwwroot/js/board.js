// The stage board: drag a card (SortableJS) or pick "Move to" on it; the move handler decides.
// A refused move puts the card back and opens the dialog (move.js) listing every unmet criterion.
(function () {
  'use strict';
  var board = document.getElementById('fs-board');
  if (!board) return;
  var pending = null; // the dragged card and where it came from, until the server answers

  function post(card, to, extra) {
    var values = { to: to, _version: card.dataset.version, source: 'board' };
    htmx.ajax('POST', '/o/' + board.dataset.object + '/' + card.dataset.id + '/move', { source: card, target: '#fs-move-dialog', swap: 'innerHTML', values: Object.assign(values, extra || {}) });
  }

  function revert() {
    if (!pending) return;
    var card = document.getElementById('fs-card-' + pending.id) || pending.card;
    card.classList.remove('fs-pending');
    var list = pending.from;
    if (card.parentElement !== list) list.insertBefore(card, list.children[pending.index] || null);
    pending = null;
  }

  board.querySelectorAll('.fs-cards').forEach(function (list) {
    Sortable.create(list, {
      group: 'board',
      sort: false, // order inside a column means nothing; only moves between columns do
      draggable: '.fs-card.fs-movable', // cards the user may not move are shown, not draggable
      filter: '.fs-card-menu',
      preventOnFilter: false,
      delay: 150,
      delayOnTouchOnly: true, // on phones a short press starts a drag, a swipe scrolls the board
      animation: 150,
      ghostClass: 'fs-ghost',
      chosenClass: 'fs-chosen',
      scroll: true,
      bubbleScroll: true,
      forceFallback: true, // pointer events instead of native drag and drop: the same on mouse, touch and pen
      onEnd: function (evt) {
        if (evt.from === evt.to) return;
        var card = evt.item;
        pending = { id: card.dataset.id, card: card, from: evt.from, index: evt.oldIndex };
        card.classList.add('fs-pending');
        post(card, evt.to.dataset.stage);
      }
    });
  });

  // The card's ⋯ opens one shared "Move to…" picker: the same move without dragging (keyboard, phones).
  var picker = document.getElementById('fs-stage-picker');
  var pickedCard = null;
  if (picker) picker.addEventListener('show.bs.modal', function (evt) {
    pickedCard = evt.relatedTarget ? evt.relatedTarget.closest('.fs-card') : null;
    picker.querySelectorAll('.fs-move-item').forEach(function (item) {
      var current = pickedCard && item.dataset.to === pickedCard.dataset.stage;
      item.disabled = current;
      item.classList.toggle('active', current);
    });
  });
  if (picker) picker.addEventListener('click', function (evt) {
    var item = evt.target.closest('.fs-move-item');
    if (!item || !pickedCard) return;
    var card = pickedCard;
    var to = item.dataset.to;
    pending = null;
    // Post once the picker is gone, so the move dialog never opens over a closing modal.
    picker.addEventListener('hidden.bs.modal', function () { post(card, to); }, { once: true });
    bootstrap.Modal.getOrCreateInstance(picker).hide();
  });

  // Moves started from the dialog carry the board's owner filter, so the counts stay filtered.
  document.body.addEventListener('htmx:configRequest', function (evt) {
    if (/\/move$/.test(evt.detail.path)) evt.detail.parameters['owner'] = board.dataset.owner || '';
  });

  document.body.addEventListener('fs-moved', function (evt) {
    var card = document.getElementById('fs-card-' + evt.detail.id);
    var list = board.querySelector('.fs-cards[data-stage="' + evt.detail.to + '"]');
    if (card && list) {
      if (card.parentElement !== list) list.insertBefore(card, list.firstChild);
      card.classList.remove('fs-pending');
      card.classList.add('fs-moved');
      setTimeout(function () { card.classList.remove('fs-moved'); }, 1500);
    }
    pending = null;
  });

  document.body.addEventListener('fs-blocked', revert);

  function failed() {
    revert();
    window.fsToast(board.dataset.error, 'danger');
  }
  document.body.addEventListener('htmx:responseError', failed);
  document.body.addEventListener('htmx:sendError', failed);
})();
