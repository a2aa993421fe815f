/* Editor pages, progressive enhancement: live character counters for
   fields with data-limit, and a live Markdown preview for textareas with
   data-preview (the server renders and sanitises the HTML). */
(function () {
  'use strict';

  function counters() {
    document.querySelectorAll('[data-limit]').forEach(function (field) {
      var limitText = document.getElementById('limit-' + field.id);
      var count = limitText && limitText.querySelector('.count');
      if (!count) { return; }
      var limit = parseInt(field.getAttribute('data-limit'), 10);
      function update() {
        var length = field.value.length;
        count.textContent = ' (' + length + '/' + limit + ')';
        count.classList.toggle('over', length > limit);
      }
      field.addEventListener('input', update);
      update();
    });
  }

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrf_token"]');
    return input ? input.value : '';
  }

  function previews() {
    document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
      var url = form.getAttribute('data-preview-url');
      form.querySelectorAll('textarea[data-preview]').forEach(function (area) {
        var target = document.getElementById(area.getAttribute('data-preview'));
        var timer = null;
        function render() {
          if (!area.value.trim()) { target.hidden = true; return; }
          var body = new URLSearchParams();
          body.append('text', area.value);
          body.append('lang', area.lang);
          fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'X-CSRF-Token': csrfToken(form)},
            body: body
          }).then(function (response) {
            return response.ok ? response.text() : null;
          }).then(function (html) {
            if (html === null) { return; }
            // NB: the server sanitises this HTML with a safelist.
            target.innerHTML = html;
            target.hidden = false;
          });
        }
        area.addEventListener('input', function () {
          clearTimeout(timer);
          timer = setTimeout(render, 300);
        });
        render();
      });
    });
  }

  counters();
  previews();
}());
