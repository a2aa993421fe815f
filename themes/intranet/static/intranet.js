/* Advisor intranet: search suggestions (ARIA combobox with a listbox)
   and single-key shortcuts on the ticket panel. Every page works
   without this file; it only adds speed. */
(function () {
  'use strict';

  function typing(target) {
    var tag = target.tagName;
    return tag === 'TEXTAREA' || tag === 'SELECT' ||
      (tag === 'INPUT' && target.type !== 'radio' && target.type !== 'checkbox');
  }

  function suggestions(form) {
    var input = form.querySelector('#q');
    var list = form.querySelector('#q-suggestions');
    var status = form.querySelector('#q-status');
    var active = -1;
    var timer = null;
    var items = [];
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    function close() {
      list.hidden = true;
      list.textContent = '';
      items = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function href(item) {
      var url = form.dataset.card + encodeURIComponent(item.id) +
        '?lang=' + encodeURIComponent(item.lang);
      if (form.dataset.visit) {
        url += '&visit=' + encodeURIComponent(form.dataset.visit);
      }
      return url;
    }

    function choose(index) {
      var options = list.querySelectorAll('[role=option]');
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', options[index].id);
      }
    }

    function show(found) {
      close();
      items = found;
      found.forEach(function (item, i) {
        var option = document.createElement('li');
        option.id = 'q-option-' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.lang = item.lang;
        option.textContent = item.title;
        option.addEventListener('mousedown', function (event) {
          event.preventDefault();
          window.location.href = href(item);
        });
        list.appendChild(option);
      });
      status.textContent = status.dataset.label + ' ' + found.length;
      if (found.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2) {
        close();
        return;
      }
      var url = form.dataset.suggest + '?q=' + encodeURIComponent(text) +
        '&lang=' + encodeURIComponent(form.dataset.lang);
      fetch(url, {credentials: 'same-origin'})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (body) {
          if (input.value.trim() === text) { show(body.suggestions || []); }
        })
        .catch(close);
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('blur', function () { window.setTimeout(close, 100); });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        // NB: a search field's own Escape empties it; Escape only closes
        // the list here, and the advisor's query stays
        event.preventDefault();
        close();
        return;
      }
      if (list.hidden) { return; }
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        choose((active + 1) % items.length);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        choose(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        window.location.href = href(items[active]);
      }
    });
  }

  function ticketKeys(resolve) {
    var close = document.getElementById('close-button');
    var groups = {
      suorite: document.getElementById('suorite-group'),
      outcome: document.getElementById('outcome-group')
    };
    document.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
        return;
      }
      if (/^[1-9]$/.test(event.key) && groups.suorite) {
        var inOutcome = groups.outcome.contains(event.target);
        var group = inOutcome ? groups.outcome : groups.suorite;
        var radio = group.querySelector('[data-key="' + event.key + '"]');
        if (!radio) { return; }
        event.preventDefault();
        radio.checked = true;
        if (inOutcome) {
          radio.focus();
        } else {
          (groups.outcome.querySelector(':checked') ||
           groups.outcome.querySelector('input')).focus();
        }
      } else if (event.key === 'Enter' && resolve && resolve.contains(event.target) &&
                 event.target.type === 'radio') {
        event.preventDefault();
        resolve.requestSubmit();
      } else if ((event.key === 'c' || event.key === 'C') && close) {
        event.preventDefault();
        close.click();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('search-form');
    if (form && window.fetch) { suggestions(form); }
    var resolve = document.getElementById('resolve-form');
    if (resolve || document.getElementById('close-button')) { ticketKeys(resolve); }
  });
}());
