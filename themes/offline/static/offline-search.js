/* Search in the offline copy, in the browser, over window.KB_OFFLINE_INDEX
   (search-data.js): each query word is matched against the index's
   terms (surface and base forms from the server's analyser) by a shared
   beginning, so that "ajokorttiin" finds the term "ajokortti". Every
   query word must match. See docs/intranet-export.md for the limits. */
(function () {
  'use strict';
  var index = window.KB_OFFLINE_INDEX;
  var form = document.getElementById('search-form');
  if (!index || !form) { return; }
  document.documentElement.className += ' js';
  var input = document.getElementById('q');
  var results = document.getElementById('results');
  var status = document.getElementById('results-status');
  var list = document.getElementById('hits');
  var terms = index.terms;
  var MAX_HITS = 50;
  var OWN_LANGUAGE = 1.5;
  var FOLD = { 'á': 'a', 'č': 'c', 'đ': 'd', 'ŋ': 'n', 'š': 's', 'ŧ': 't', 'ž': 'z' };

  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(
      function (word) { return word.length > 1; });
  }

  function fold(word) {
    return word.replace(/[áčđŋšŧž]/g, function (c) { return FOLD[c]; });
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) { n++; }
    return n;
  }

  /* How well a term stands for a query word, 0 to 1: a shared beginning
     of at least 4 letters that leaves at most 3 letters of either word
     unmatched (inflection endings and consonant gradation: ajokorttiin /
     ajokortti, kortin / kortti); a short word must begin the term. */
  function quality(word, term) {
    var shared = commonPrefix(word, term);
    if (word.length < 4) {
      return shared === word.length ? word.length / term.length : 0;
    }
    if (shared < 4 || shared < Math.min(word.length, term.length) - 3) {
      return 0;
    }
    return shared / Math.max(word.length, term.length);
  }

  function firstAtLeast(key) {
    var low = 0, high = terms.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (terms[mid][0] < key) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }

  /* doc number → best score of one query word */
  function scoresOf(word) {
    var found = {};
    var start = word.slice(0, Math.min(4, word.length));
    for (var i = firstAtLeast(start); i < terms.length; i++) {
      var term = terms[i][0];
      if (term.slice(0, start.length) !== start) { break; }
      var q = quality(word, term);
      if (!q) { continue; }
      var postings = terms[i][1];
      for (var j = 0; j < postings.length; j++) {
        var doc = postings[j] >> 2, score = q * (postings[j] & 3);
        if (!(found[doc] >= score)) { found[doc] = score; }
      }
    }
    return found;
  }

  function search(text) {
    var total = null;
    words(text).forEach(function (word) {
      var found = scoresOf(word);
      if (fold(word) !== word) {
        var folded = scoresOf(fold(word));
        Object.keys(folded).forEach(function (doc) {
          found[doc] = Math.max(found[doc] || 0, folded[doc]);
        });
      }
      if (total === null) { total = found; return; }
      var both = {};
      Object.keys(total).forEach(function (doc) {
        if (doc in found) { both[doc] = total[doc] + found[doc]; }
      });
      total = both;
    });
    return Object.keys(total || {}).map(function (doc) {
      var found = index.docs[doc];
      /* NB: the same word is often in several languages' texts (names,
         loan words); the interface language comes first */
      var own = found[1] === form.dataset.lang ? OWN_LANGUAGE : 1;
      return { doc: found, score: total[doc] * own };
    }).sort(function (a, b) {
      return b.score - a.score || a.doc[2].localeCompare(b.doc[2]);
    });
  }

  function element(name, text, attributes) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function show(text) {
    var hits = search(text);
    list.textContent = '';
    results.hidden = false;
    status.textContent = hits.length ? form.dataset.count.replace(
      '{count}', hits.length) : form.dataset.none;
    hits.slice(0, MAX_HITS).forEach(function (hit) {
      var doc = hit.doc, item = element('li');
      var heading = element('h3');
      heading.appendChild(element('a', doc[2], { href: doc[0], lang: doc[1] }));
      item.appendChild(heading);
      if (doc[5]) { item.appendChild(element('p', doc[5], { lang: doc[1], 'class': 'meta' })); }
      list.appendChild(item);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    try {
      history.replaceState(null, '', '?q=' + encodeURIComponent(text));
    } catch (error) { /* NB: some browsers refuse it on file:// pages */ }
    show(text);
  });
  var query = new URLSearchParams(location.search).get('q');
  if (query) {
    input.value = query;
    show(query);
  }
}());
