/* « Comparer » : chaque en-tête de colonne du tableau d’un type devient un bouton qui
 * trie les lignes par cette colonne ; un second appui inverse l’ordre. Le rang de
 * chaque case est écrit dans data-k lors de la construction du site (ordre
 * alphabétique français, années, dates), pour que le navigateur trie comme le site ;
 * une case sans data-k n’a pas de valeur et reste en bas, dans un sens comme dans
 * l’autre. Sans JavaScript, le tableau reste lisible, trié par commune, et la phrase
 * qui parle des boutons est cachée (le style noscript de chrome.html). */
(function () {
  'use strict';
  var tables = document.querySelectorAll('table[data-sortable]');
  Array.prototype.forEach.call(tables, function (table) {
    if (!table.tHead || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows);
    var order = new Map();
    rows.forEach(function (r, i) { order.set(r, i); });
    var current = -1;
    var dir = 'ascending';
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');
    var wrap = table.closest('.table-wrap') || table;
    wrap.parentNode.insertBefore(status, wrap.nextSibling);

    function key(row, col) {
      var v = row.cells[col] && row.cells[col].getAttribute('data-k');
      return v === null || v === undefined || v === '' ? null : Number(v);
    }

    function sortBy(col, d) {
      var sign = d === 'ascending' ? 1 : -1;
      var sorted = rows.slice().sort(function (x, y) {
        var a = key(x, col);
        var b = key(y, col);
        if (a === null || b === null) {
          if (a === b) return order.get(x) - order.get(y);
          return a === null ? 1 : -1;
        }
        return sign * (a - b) || order.get(x) - order.get(y);
      });
      var frag = document.createDocumentFragment();
      sorted.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
      heads.forEach(function (th, i) {
        if (i === col) th.setAttribute('aria-sort', d);
        else th.removeAttribute('aria-sort');
      });
      current = col;
      dir = d;
      // U+202F: the narrow no-break space of French typography inside « ».
      status.textContent = 'Tableau trié selon la colonne «\u202f' + heads[col].textContent.trim() + '\u202f»' +
        (d === 'ascending' ? ', dans l’ordre croissant' : ', dans l’ordre décroissant');
    }

    heads.forEach(function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      var mark = document.createElement('span');
      mark.className = 'sort-mark';
      mark.setAttribute('aria-hidden', 'true');
      b.appendChild(mark);
      th.appendChild(b);
      var s = th.getAttribute('aria-sort');
      if (s === 'ascending' || s === 'descending') {
        current = col;
        dir = s;
      }
      b.addEventListener('click', function () {
        sortBy(col, current === col && dir === 'ascending' ? 'descending' : 'ascending');
      });
    });
  });
})();
