/* Advisor intranet: search suggestions (ARIA combobox with a listbox),
   the workspace (a card and the ticket panel open beside the search
   results without leaving the page) and single-key shortcuts. Every
   page works without this file; it only adds speed. */
(function () {
  'use strict';

  /** The open ticket's address, kept for this tab only (no personal data:
      a ticket id). */
  var TICKET_KEY = 'kb.intranet.ticket';

  function typing(target) {
    var tag = target.tagName;
    return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable ||
      (tag === 'INPUT' && target.type !== 'radio' && target.type !== 'checkbox');
  }

  function parse(text) {
    return new DOMParser().parseFromString(text, 'text/html');
  }

  /** Fetch a page of the intranet: {ok, url, doc}. */
  function load(url, init) {
    return fetch(url, Object.assign({credentials: 'same-origin'}, init || {}))
      .then(function (response) {
        return response.text().then(function (text) {
          return {ok: response.ok, url: response.url, doc: parse(text)};
        });
      });
  }

  function copyInto(target, source) {
    target.textContent = '';
    Array.prototype.forEach.call(source.childNodes, function (node) {
      target.appendChild(document.importNode(node, true));
    });
  }

  /** The workspace: the card pane and the ticket pane of the search and
      card pages. A card opens in its pane (the search and its results
      stay), with its own address in the history so that Back works; the
      ticket forms post in the background and show their answer in the
      ticket pane, which stays while other cards are opened. */
  function Workspace(root) {
    var cardPane = document.getElementById('card-pane');
    var ticketPane = document.getElementById('ticket-pane');
    var cards = root.dataset.cards;
    var tickets = root.dataset.tickets;
    var first = cardPane.innerHTML;
    var onCardPage = !cardPane.hidden && !document.querySelector('.ws-search');
    var self = this;

    function show(doc, focus) {
      var found = doc.getElementById('card-pane');
      copyInto(cardPane, found);
      cardPane.setAttribute('aria-labelledby', 'card-title');
      cardPane.hidden = false;
      document.title = doc.title;
      if (focus) {
        var target = cardPane.querySelector('[role=alert]') ||
          document.getElementById('card-title');
        target.setAttribute('tabindex', '-1');
        target.focus();
      }
    }

    this.openCard = function (url, push) {
      load(url).then(function (result) {
        if (!result.doc.getElementById('card-pane')) {
          window.location.href = url;
          return;
        }
        show(result.doc, true);
        if (push !== false) {
          window.history.pushState({card: url}, '', url);
        }
      }).catch(function () { window.location.href = url; });
    };

    this.isCard = function (url) {
      var path = new URL(url, window.location.href).pathname;
      return path.indexOf(cards) === 0 && path.indexOf('/', cards.length) < 0;
    };

    this.isTicket = function (url) {
      var path = new URL(url, window.location.href).pathname;
      return path.indexOf(tickets + '/') === 0 &&
        path.indexOf('/', tickets.length + 1) < 0;
    };

    /** Show a ticket page's panel, or, after a close or cancel, the
        confirmation and the open tickets; true if there was either. */
    function showTicket(doc, focus) {
      var panel = doc.getElementById('ticket-panel');
      var confirm = doc.querySelector('.confirm');
      if (!ticketPane || !(panel || confirm)) { return false; }
      ticketPane.textContent = '';
      if (panel) {
        ticketPane.appendChild(document.importNode(panel, true));
        if (panel.dataset.state === 'open' || panel.dataset.state === 'resolved') {
          window.sessionStorage.setItem(TICKET_KEY, panel.dataset.url);
        } else {
          window.sessionStorage.removeItem(TICKET_KEY);
        }
      } else {
        window.sessionStorage.removeItem(TICKET_KEY);
        ticketPane.appendChild(document.importNode(confirm, true));
        var rest = doc.getElementById('ticket-pane');
        if (rest) {
          Array.prototype.forEach.call(rest.children, function (node) {
            ticketPane.appendChild(document.importNode(node, true));
          });
        }
      }
      if (focus) {
        var target = ticketPane.querySelector('[role=alert]') ||
          ticketPane.querySelector('[autofocus]') ||
          (panel ? document.getElementById('ticket-title') : document.getElementById('q')) ||
          ticketPane.querySelector('.confirm a');
        if (target.getAttribute('role') === 'alert') { target.setAttribute('tabindex', '-1'); }
        target.focus();
      }
      return true;
    }

    this.loadTicket = function (url, focus) {
      return load(url).then(function (result) {
        if (!result.ok || !showTicket(result.doc, focus)) {
          window.sessionStorage.removeItem(TICKET_KEY);
        }
      });
    };

    this.showTickets = function () {
      load(tickets).then(function (result) {
        var list = result.doc.querySelector('section.tickets');
        if (!list) { window.location.href = tickets; return; }
        ticketPane.textContent = '';
        ticketPane.appendChild(document.importNode(list, true));
        document.getElementById('tickets-title').focus();
      }).catch(function () { window.location.href = tickets; });
    };

    this.hasTicketPane = function () { return Boolean(ticketPane); };

    this.post = function (form) {
      var body = new URLSearchParams(new FormData(form));
      var current = ticketPane.querySelector('#ticket-panel');
      if (form.classList.contains('open-ticket') && current && !body.get('visit')) {
        // NB: another card for the same customer: the same visit
        body.set('visit', current.dataset.visit);
      }
      load(form.action, {method: 'POST', body: body}).then(function (result) {
        if (showTicket(result.doc, true)) { return; }
        if (result.doc.getElementById('card-pane')) {
          show(result.doc, true);  // a refused ticket: the card and its message
        } else if (result.ok) {
          window.location.href = result.url;
        } else {
          form.submit();  // NB: the server's own error page, as without us
        }
      }).catch(function () { form.submit(); });
    };

    if (!onCardPage) {
      cardPane.hidden = false;
      root.classList.add('ws-three');
    }
    window.history.replaceState({card: onCardPage ? window.location.href : null}, '');
    window.addEventListener('popstate', function (event) {
      var url = event.state && event.state.card;
      if (url) {
        self.openCard(url, false);
      } else if (event.state) {
        cardPane.innerHTML = first;
        cardPane.removeAttribute('aria-labelledby');
      }
    });
    var saved = window.sessionStorage.getItem(TICKET_KEY);
    if (saved && ticketPane) { this.loadTicket(saved, false); }
  }

  function suggestions(form, open) {
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

    function go(item) {
      close();
      open(href(item));
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
          go(item);
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
      if (list.hidden) {
        var hit = document.querySelector('ol.hits a');
        if (event.key === 'ArrowDown' && hit) {
          // NB: from the query straight to the first result
          event.preventDefault();
          hit.focus();
        }
        return;
      }
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        choose((active + 1) % items.length);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        choose(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        go(items[active]);
      }
    });
  }

  /** Arrow keys move between the result links (Up from the first goes
      back to the query). */
  function resultKeys(event) {
    var links = Array.prototype.slice.call(document.querySelectorAll('ol.hits a'));
    var index = links.indexOf(event.target);
    if (index < 0 || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) {
      return false;
    }
    event.preventDefault();
    var next = index + (event.key === 'ArrowDown' ? 1 : -1);
    (links[next] || (next < 0 ? document.getElementById('q') : links[index])).focus();
    return true;
  }

  /** 1–9 choose the performance type (then the outcome), Enter resolves,
      C closes; 1–5 in the customer's rating choose the rating: on the
      ticket page, and in the ticket pane while the focus is in it (a
      stray key while reading a card changes nothing). */
  function ticketKeys(event) {
    var pane = document.getElementById('ticket-pane');
    if (pane && !pane.contains(event.target)) { return false; }
    var suorite = document.getElementById('suorite-group');
    var outcome = document.getElementById('outcome-group');
    var resolve = document.getElementById('resolve-form');
    var close = document.getElementById('close-button');
    var rating = document.getElementById('rating-group');
    if (rating && rating.contains(event.target)) {
      var grade = rating.querySelector('input[value="' + event.key + '"]');
      if (!grade || !/^[1-5]$/.test(event.key)) { return false; }
      grade.checked = true;
      grade.focus();
      return true;
    }
    if (/^[1-9]$/.test(event.key) && suorite) {
      var inOutcome = outcome.contains(event.target);
      var group = inOutcome ? outcome : suorite;
      var radio = group.querySelector('[data-key="' + event.key + '"]');
      if (!radio) { return false; }
      radio.checked = true;
      if (inOutcome) {
        radio.focus();
      } else {
        (outcome.querySelector(':checked') || outcome.querySelector('input')).focus();
      }
      return true;
    }
    if (event.key === 'Enter' && resolve && resolve.contains(event.target) &&
        event.target.type === 'radio') {
      resolve.requestSubmit();
      return true;
    }
    if ((event.key === 'c' || event.key === 'C') && close) {
      close.click();
      return true;
    }
    return false;
  }

  function keys(space) {
    document.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented ||
          typing(event.target)) {
        return;
      }
      if (resultKeys(event)) { return; }
      var handled = ticketKeys(event);
      var open = document.getElementById('open-form');
      if (!handled && (event.key === 't' || event.key === 'T') && open) {
        // NB: the access key does not fire in every browser; this does
        open.querySelector('button[type=submit]').click();
        handled = true;
      } else if (!handled && (event.key === 'o' || event.key === 'O')) {
        var mine = document.getElementById('nav-tickets');
        if (space && space.hasTicketPane()) {
          space.showTickets();
          handled = true;
        } else if (mine) {
          window.location.href = mine.href;
          handled = true;
        }
      }
      if (handled) { event.preventDefault(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.querySelector('.workspace');
    var space = root && window.fetch && window.history.pushState ? new Workspace(root) : null;
    var form = document.getElementById('search-form');
    if (form && window.fetch) {
      suggestions(form, function (url) {
        if (space) { space.openCard(url); } else { window.location.href = url; }
      });
    }
    keys(space);
    if (!space) { return; }
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[href]');
      if (!link || event.defaultPrevented || event.button !== 0 || event.altKey ||
          event.ctrlKey || event.metaKey || event.shiftKey || !root.contains(link)) {
        return;
      }
      if (space.isCard(link.href)) {
        event.preventDefault();
        space.openCard(link.href);
      } else if (space.isTicket(link.href) && space.hasTicketPane()) {
        event.preventDefault();
        space.loadTicket(link.href, true);
      }
    });
    document.addEventListener('submit', function (event) {
      var target = event.target;
      if (space.hasTicketPane() && root.contains(target) &&
          target.matches('.open-ticket, #resolve-form, #close-form, #cancel-form')) {
        event.preventDefault();
        space.post(target);
      }
    });
  });
}());
