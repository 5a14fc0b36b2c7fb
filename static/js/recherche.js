/* Recherche de l’atlas : interroge dans le navigateur l’index construit par atlas
 * build (voir internal/search). Aucune requête ne quitte le site ; un mot ne télécharge
 * que les morceaux de l’index qui peuvent le contenir. Sans JavaScript, la page
 * propose les index à parcourir. */
(function () {
  'use strict';
  var root = document.getElementById('recherche');
  if (!root || !window.fetch || !window.Map || !String.prototype.normalize) return;

  var base = root.getAttribute('data-base');
  var form = root.querySelector('form');
  var input = document.getElementById('q');
  var status = document.getElementById('etat');
  var out = document.getElementById('resultats');
  var filters = document.getElementById('filtres');
  var sel = {
    type: document.getElementById('f-type'),
    theme: document.getElementById('f-theme'),
    status: document.getElementById('f-status'),
    commune: document.getElementById('f-commune')
  };
  var KINDS = { commune: 'Commune', type: 'Type d’initiatives', theme: 'Thématique', interco: 'Intercommunalité', source: 'Document source', parcours: 'Parcours' };
  var STOP = new Set('de du des la le les et au aux en un une pour par sur dans avec ou qui que the of and'.split(' '));
  var LIG = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th' };
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var VAL = {};
  for (var i = 0; i < DIGITS.length; i++) VAL[DIGITS.charAt(i)] = i;

  var meta = null;
  var cache = new Map();
  var seq = 0;
  var shown = 0;
  var current = null;

  // get fetches a file of the index once; text files are posting lists.
  function get(path, text) {
    var url = base + path + '?v=' + meta.v;
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return text ? r.text() : r.json();
      }));
    }
    return cache.get(url);
  }

  // fold and tokens are internal/search's Fold and Tokens.
  function fold(s) {
    return s.toLowerCase().replace(/[œæßøłđðþ]/g, function (c) { return LIG[c]; })
      .normalize('NFD').replace(/\p{Mn}/gu, '');
  }
  function tokens(s) {
    var seen = new Set();
    return fold(s).split(/[^\p{L}\p{Nd}]+/u).filter(function (t) {
      if (Array.from(t).length < 2 || STOP.has(t) || seen.has(t)) return false;
      seen.add(t);
      return true;
    });
  }
  function decode(s) {
    var out = [], prev = -1, n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VAL[s.charAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { prev += n; out.push(prev); n = 0; }
    }
    return out;
  }
  function shardName(p) {
    if (/^[a-z0-9]+$/.test(p)) return p;
    return 'x' + Array.from(new TextEncoder().encode(p), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  // shardsFor is internal/search's ShardsFor.
  function shardsFor(w) {
    var deepest = '', below = [], size = 0;
    for (var p in meta.shards) {
      if (w.indexOf(p) === 0) { if (p.length > deepest.length) deepest = p; }
      else if (p.indexOf(w) === 0) { below.push(p); size += meta.shards[p]; }
    }
    var out = [];
    if (deepest) { out.push(deepest); size += meta.shards[deepest]; }
    return size <= meta.budget ? out.concat(below) : out;
  }
  // wordScores maps each document that has a token starting with w to a score: title
  // before other fields, whole words before beginnings of words.
  function wordScores(w) {
    return Promise.all(shardsFor(w).map(function (p) { return get('recherche/t/' + shardName(p) + '.json'); }))
      .then(function (shards) {
        var got = new Map();
        function bump(list, score) {
          var ids = decode(list);
          for (var i = 0; i < ids.length; i++) {
            if ((got.get(ids[i]) || 0) < score) got.set(ids[i], score);
          }
        }
        shards.forEach(function (sh) {
          for (var t in sh) {
            if (t.indexOf(w) !== 0) continue;
            var exact = t === w ? 1 : 0;
            bump(sh[t][0], 3 + exact);
            bump(sh[t][1], 1 + exact);
          }
        });
        return got;
      });
  }
  function filterIds(kind, v) {
    if (kind === 'commune') {
      return get('recherche/f/commune-' + Math.floor(v / meta.bucket) + '.json').then(function (a) { return decode(a[v % meta.bucket]); });
    }
    return get('recherche/f/' + kind + '-' + v + '.txt', true).then(decode);
  }
  function activeFilters() {
    var f = [];
    for (var k in sel) if (sel[k] && sel[k].value !== '') f.push([k, +sel[k].value]);
    return f;
  }

  function loadCommunes() {
    if (sel.commune.options.length > 1) return Promise.resolve();
    return get('recherche/communes.json').then(function (names) {
      var frag = document.createDocumentFragment();
      names.forEach(function (n, i) {
        var o = document.createElement('option');
        o.value = i;
        o.textContent = n;
        frag.appendChild(o);
      });
      sel.commune.appendChild(frag);
    });
  }

  function syncURL() {
    var p = new URLSearchParams();
    if (input.value.trim()) p.set('q', input.value.trim());
    activeFilters().forEach(function (f) { p.set(f[0], f[1]); });
    var s = p.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : ''));
  }

  function say(text) { status.textContent = text; }
  function plural(n, one, many) { return n.toLocaleString('fr-FR') + '\u00a0' + (n > 1 ? many : one); }

  function run() {
    var my = ++seq;
    var q = input.value.trim();
    var words = tokens(q);
    var f = activeFilters();
    syncURL();
    if (!words.length && !f.length) {
      out.textContent = '';
      say(q ? 'Tapez au moins deux lettres.' : '');
      return;
    }
    say('Recherche en cours…');
    Promise.all([Promise.all(words.map(wordScores)), Promise.all(f.map(function (x) { return filterIds(x[0], x[1]); }))])
      .then(function (r) {
        if (my !== seq) return;
        var ws = r[0], fs = r[1], scores, i;
        if (ws.length) {
          scores = ws[0];
          for (i = 1; i < ws.length; i++) {
            var next = new Map();
            scores.forEach(function (s, id) { if (ws[i].has(id)) next.set(id, s + ws[i].get(id)); });
            scores = next;
          }
        } else {
          scores = new Map();
          fs.shift().forEach(function (id) { scores.set(id, 0); });
        }
        fs.forEach(function (ids) {
          var keep = new Set(ids);
          scores.forEach(function (s, id) { if (!keep.has(id)) scores.delete(id); });
        });
        var ids = Array.from(scores.keys()).sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
        current = {
          q: q,
          pages: f.length ? [] : ids.filter(function (id) { return id >= meta.ni; }),
          inits: ids.filter(function (id) { return id < meta.ni; })
        };
        shown = 0;
        return render(my, false);
      })
      .catch(function () {
        if (my === seq) say('La recherche n’a pas pu charger son index. Réessayez plus tard, ou parcourez les index ci-dessous.');
      });
  }

  function docs(ids) {
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / meta.chunk); })));
    return Promise.all(chunks.map(function (k) { return get('recherche/d/' + k + '.json'); })).then(function (cs) {
      var byChunk = new Map();
      chunks.forEach(function (k, i) { byChunk.set(k, cs[i]); });
      return ids.map(function (id) { return byChunk.get(Math.floor(id / meta.chunk))[id % meta.chunk]; });
    });
  }

  function item(d) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = base + d[1];
    a.textContent = d[0];
    li.appendChild(a);
    var m = document.createElement('span');
    m.className = 'item-meta';
    var parts = [];
    if (typeof d[2] === 'string') {
      parts.push(KINDS[d[2]] || d[2], plural(d[3], 'initiative', 'initiatives'));
    } else {
      if (d[2] >= 0) parts.push(meta.types[d[2]][0]);
      if (d[4]) parts.push(d[4]);
      if (d[3] >= 0) parts.push(meta.statuses[d[3]][0]);
    }
    m.textContent = parts.join(' · ');
    li.appendChild(document.createTextNode(' '));
    li.appendChild(m);
    return li;
  }

  function render(my, more) {
    var c = current;
    var from = shown;
    var pageIds = more ? [] : c.pages.slice(0, meta.page);
    var initIds = c.inits.slice(from, from + meta.page);
    return docs(pageIds.concat(initIds)).then(function (ds) {
      if (my !== seq) return;
      var pages = ds.slice(0, pageIds.length), inits = ds.slice(pageIds.length);
      shown = from + inits.length;
      var list;
      if (!more) {
        out.textContent = '';
        if (pages.length) {
          var sec = document.createElement('section');
          sec.setAttribute('aria-labelledby', 'res-pages');
          sec.innerHTML = '<h2 id="res-pages">Communes, types et thématiques</h2>';
          var ul = document.createElement('ul');
          ul.className = 'items results';
          pages.forEach(function (d) { ul.appendChild(item(d)); });
          sec.appendChild(ul);
          out.appendChild(sec);
        }
        if (c.inits.length) {
          var s2 = document.createElement('section');
          s2.setAttribute('aria-labelledby', 'res-init');
          s2.innerHTML = '<h2 id="res-init">Initiatives</h2>';
          list = document.createElement('ol');
          list.className = 'items results';
          list.id = 'res-list';
          s2.appendChild(list);
          out.appendChild(s2);
        }
      }
      list = document.getElementById('res-list');
      var first = null;
      inits.forEach(function (d) {
        var li = item(d);
        if (!first) first = li.firstChild;
        list.appendChild(li);
      });
      var btn = document.getElementById('res-more');
      if (btn) btn.remove();
      if (shown < c.inits.length) {
        btn = document.createElement('button');
        btn.type = 'button';
        btn.id = 'res-more';
        btn.className = 'more-button';
        btn.textContent = 'Afficher ' + Math.min(meta.page, c.inits.length - shown) + ' résultats de plus';
        btn.addEventListener('click', function () { render(seq, true); });
        list.parentNode.appendChild(btn);
      }
      if (more && first) first.focus();
      var n = c.inits.length, np = c.pages.length, msg;
      if (!n && !np) {
        msg = 'Aucun résultat' + (c.q ? ' pour « ' + c.q + ' »' : '') + '. Essayez un autre mot, retirez un filtre, ou parcourez les index ci-dessous.';
      } else {
        msg = (n ? plural(n, 'initiative trouvée', 'initiatives trouvées') : 'Aucune initiative') +
          (np ? ' et ' + plural(np, 'page', 'pages') + ' de commune, de type ou de thématique' : '') +
          (c.q ? ' pour « ' + c.q + ' »' : '') + (n > shown ? ' ; les ' + shown + ' premières sont affichées.' : '.');
      }
      say(msg);
    });
  }

  // The arrow keys move between the search box and the result links.
  root.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.from(out.querySelectorAll('a'));
    var at = e.target === input ? -1 : links.indexOf(e.target);
    if (at === -1 && e.target !== input) return;
    var to = at + (e.key === 'ArrowDown' ? 1 : -1);
    e.preventDefault();
    if (to < 0) input.focus();
    else if (to < links.length) links[to].focus();
  });

  var timer = 0;
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 180); });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  for (var k in sel) if (sel[k]) sel[k].addEventListener('change', run);
  filters.addEventListener('toggle', function () { if (filters.open) loadCommunes(); });
  document.getElementById('f-reset').addEventListener('click', function () {
    for (var k in sel) if (sel[k]) sel[k].value = '';
    run();
  });

  fetch(root.getAttribute('data-index')).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (m) {
    meta = m;
    filters.hidden = false;
    root.classList.add('ready');
    var p = new URLSearchParams(location.search);
    input.value = p.get('q') || input.value;
    var wait = Promise.resolve();
    ['type', 'theme', 'status'].forEach(function (k) { if (p.get(k) && sel[k]) sel[k].value = p.get(k); });
    if (p.get('commune')) wait = loadCommunes().then(function () { sel.commune.value = p.get('commune'); });
    if (p.get('type') || p.get('theme') || p.get('status') || p.get('commune')) filters.open = true;
    return wait.then(function () { if (input.value.trim() || activeFilters().length) run(); });
  }).catch(function () {
    say('La recherche n’a pas pu charger son index. Parcourez plutôt les index ci-dessous.');
  });
})();
