// The document page's Print button (no inline script: the Content-Security-Policy runs none).
(function () {
  'use strict';
  var button = document.getElementById('fs-document-print');
  if (button) button.addEventListener('click', function () { window.print(); });
})();
