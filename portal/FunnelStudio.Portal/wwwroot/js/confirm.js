// Forms that change something for good (a record's delete) ask first: data-confirm holds the question.
(function () {
  'use strict';
  document.addEventListener('submit', function (evt) {
    var form = evt.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) evt.preventDefault();
  });
})();
