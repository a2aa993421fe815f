/* Editor pages, progressive enhancement: live character counters for
   fields with data-limit, a live Markdown preview for textareas with
   data-preview (the server renders and sanitises the HTML), and a guard
   against leaving unsaved edits behind. */
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

  function serialized(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  /* Unsaved-changes guard: leaving the page warns while the card or
     notice form differs from what was loaded, and a workflow step is
     held back (its text would go without the unsaved edits). */
  function unsavedGuard() {
    var form = document.getElementById('card-form') ||
      document.getElementById('notice-form');
    if (!form) { return; }
    // NB: a form sent back with errors holds text nobody saved yet
    var loaded = form.hasAttribute('data-unsaved') ? null : serialized(form);
    var leaving = false;
    function dirty() {
      return !leaving && (loaded === null || serialized(form) !== loaded);
    }
    form.addEventListener('submit', function () { leaving = true; });
    window.addEventListener('beforeunload', function (event) {
      if (dirty()) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
    var warning = document.getElementById('unsaved-warning');
    document.querySelectorAll('form.transition').forEach(function (step) {
      step.addEventListener('submit', function (event) {
        if (!dirty()) { return; }
        event.preventDefault();
        if (warning) {
          warning.hidden = false;
          warning.focus();
        }
      });
    });
  }

  /* The notice's card picker: only the chosen provider's cards, and a
     filter by title (without JS every card is listed). */
  function cardPicker() {
    var picker = document.querySelector('.card-picker');
    if (!picker) { return; }
    var provider = document.getElementById('provider');
    var filter = document.getElementById('cards-filter');
    function update() {
      var words = filter.value.trim().toLowerCase();
      picker.querySelectorAll('.provider-cards').forEach(function (group) {
        var own = !provider || group.getAttribute('data-provider') === provider.value;
        group.hidden = !own;
        group.querySelectorAll('.choice').forEach(function (choice) {
          var box = choice.querySelector('input');
          if (!own) { box.checked = false; }
          choice.hidden = !box.checked && choice.textContent.toLowerCase().indexOf(words) < 0;
        });
      });
    }
    filter.parentNode.hidden = false;
    filter.addEventListener('input', update);
    if (provider) { provider.addEventListener('change', update); }
    update();
  }

  counters();
  previews();
  cardPicker();
  unsavedGuard();
}());
