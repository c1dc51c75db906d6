// Report builder: choosing another object, or a filter's field, submits the form through its
// "Use this object" button so the server offers that object's fields and that field's operators.
// Without script the button does the same.
(function () {
  'use strict';
  var form = document.getElementById('fs-builder');
  var refresh = document.getElementById('fs-builder-refresh');
  if (!form || !refresh) return;
  form.addEventListener('change', function (evt) {
    var target = evt.target;
    if (!target || !target.name) return;
    if (target.id === 'fs-builder-object' || /^Form\.Filters\[\d+\]\.Field$/.test(target.name)) refresh.click();
  });
})();
