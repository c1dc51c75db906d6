// Dashboard cards reordered by drag and drop (SortableJS, by the grip): the new order is posted as the
// cards' previous indexes with the antiforgery token in the RequestVerificationToken header; on
// failure the page reloads to show the order the server kept. Up/Down buttons work without script.
(function () {
  'use strict';
  var grid = document.getElementById('fs-dashboard-cards');
  if (!grid || !grid.getAttribute('data-reorder-url') || typeof Sortable === 'undefined') return;
  var meta = document.querySelector('meta[name="request-verification-token"]');
  var cards = function () { return Array.prototype.slice.call(grid.querySelectorAll('.fs-dashboard-card')); };
  Sortable.create(grid, {
    handle: '.fs-card-handle',
    draggable: '.fs-dashboard-card',
    animation: 150,
    onEnd: function (evt) {
      if (evt.oldIndex === evt.newIndex) return;
      var order = cards().map(function (c) { return c.getAttribute('data-index'); }).join(',');
      fetch(grid.getAttribute('data-reorder-url'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Accept': 'application/json',
          'RequestVerificationToken': meta ? meta.content : ''
        },
        body: 'order=' + encodeURIComponent(order)
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        // The server's order is now the page's: renumber the cards and their Up/Down/width/remove forms.
        var all = cards();
        all.forEach(function (card, i) {
          card.setAttribute('data-index', String(i));
          Array.prototype.forEach.call(card.querySelectorAll('input[name="index"]'), function (input) { input.value = String(i); });
          var up = card.querySelector('.fs-card-up'), down = card.querySelector('.fs-card-down');
          if (up) up.disabled = i === 0;
          if (down) down.disabled = i === all.length - 1;
        });
        if (window.fsToast) window.fsToast(grid.getAttribute('data-saved'));
      }).catch(function () {
        if (window.fsToast) window.fsToast(grid.getAttribute('data-failed'), 'danger');
        window.setTimeout(function () { window.location.reload(); }, 1200);
      });
    }
  });
})();
