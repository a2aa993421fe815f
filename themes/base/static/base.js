/* Every page: a table wider than the screen scrolls sideways in its own
   region, which keyboard users can reach (tabindex) and screen readers
   name after the table's caption or heading. Without this file the
   table itself scrolls (base.css). */
(function () {
  'use strict';

  function label(table) {
    var caption = table.querySelector('caption');
    var heading = table.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) {
      heading = heading.previousElementSibling;
    }
    return caption || heading || null;
  }

  function wrap(table, index) {
    var region = document.createElement('div');
    var name = label(table);
    region.className = 'table-scroll';
    region.tabIndex = 0;
    if (name) {
      name.id = name.id || 'table-label-' + index;
      region.setAttribute('role', 'region');
      region.setAttribute('aria-labelledby', name.id);
    }
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('main table'), wrap);
  });
}());
