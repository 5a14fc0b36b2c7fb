/* « Autour de moi » : les initiatives les plus proches, de la plus proche à la plus
 * éloignée, depuis la position du navigateur (demandée seulement quand on appuie sur le
 * bouton) ou depuis le centre d’une commune ou d’un code postal du territoire. Les
 * calculs se font dans le navigateur à partir de carte/lieux.json : ni la position ni
 * la commune saisie ne quittent la page. Sans JavaScript, la section reste cachée et
 * les listes de la page donnent les initiatives par commune. */
(function () {
  'use strict';
  var L = window.atlasLieux;
  var root = document.querySelector('.autour');
  if (!root || !L) return;
  var STEP = 10;
  // Beyond this distance from every commune centre of the territory, a position is
  // outside it: the Hauts-de-Seine are 25 km long.
  var OUTSIDE_KM = 15;

  var base = root.getAttribute('data-base');
  var type = root.getAttribute('data-type');
  var theme = root.getAttribute('data-theme');
  var what = root.getAttribute('data-what');
  var button = root.querySelector('.autour-moi');
  var form = root.querySelector('.autour-lieu');
  var input = form.querySelector('input');
  var datalist = root.querySelector('datalist');
  var status = root.querySelector('.autour-etat');
  var list = root.querySelector('.autour-liste');
  var more = root.querySelector('.autour-plus');
  var found = [];
  var shown = 0;
  var dat = null; // the loaded file, for the names in the list
  var seq = 0;

  function data() {
    return L.load(root.getAttribute('data-lieux'));
  }

  function say(text) {
    status.textContent = text;
  }

  function clear() {
    list.textContent = '';
    list.hidden = true;
    more.hidden = true;
    found = [];
    shown = 0;
  }

  function keep(d) {
    var t = -1, th = -1;
    if (type) d.types.forEach(function (x, i) { if (x.slug === type) t = i; });
    if (theme) d.themes.forEach(function (x, i) { if (x.slug === theme) th = i; });
    return function (it) {
      return (!type || it.type === t) && (!theme || it.themes.indexOf(th) >= 0);
    };
  }

  function plural(n, one, many) {
    return n + '\u00a0' + (n > 1 ? many : one);
  }

  // show lists the initiatives nearest to lat, lon; intro says from where.
  function show(d, lat, lon, intro) {
    clear();
    dat = d;
    found = L.nearest(d, lat, lon, keep(d));
    if (!found.length) {
      say(intro + ' Aucune initiative' + (what ? ' de ce type' : '') + ' n’est encore placée sur la carte.');
      return;
    }
    say(intro + ' ' + plural(found.length, 'initiative', 'initiatives') +
      (what ? ' (' + what + ')' : '') + ', de la plus proche à la plus éloignée.');
    list.hidden = false;
    page(false);
  }

  // page shows the next STEP initiatives, and moves the focus to the first of them
  // when asked for more.
  function page(focus) {
    var d = found.slice(shown, shown + STEP);
    var first = null;
    d.forEach(function (f) {
      var it = f.it;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + it.url.replace(/^\//, '');
      a.textContent = it.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode('\n'));
      var meta = document.createElement('span');
      meta.className = 'item-meta';
      var parts = [];
      var dd = dat;
      if (it.type >= 0 && !type) parts.push(dd.types[it.type].name);
      if (it.communes.length) parts.push(it.communes.map(function (c) { return dd.communes[c].name; }).join(', '));
      meta.textContent = parts.join(' · ');
      var dist = document.createElement('strong');
      dist.className = 'distance';
      dist.textContent = 'à ' + L.km(f.km);
      if (parts.length) meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(dist);
      if (it.approx) meta.appendChild(document.createTextNode(' (position approximative)'));
      li.appendChild(meta);
      list.appendChild(li);
      if (!first) first = a;
    });
    shown += d.length;
    var left = found.length - shown;
    more.hidden = left <= 0;
    more.textContent = 'Voir les ' + Math.min(STEP, left) + ' suivantes';
    if (focus && first) first.focus();
  }

  more.addEventListener('click', function () { page(true); });

  function failed() {
    say('Les lieux de l’atlas n’ont pas pu être chargés. Rechargez la page pour réessayer.');
  }

  button.addEventListener('click', function () {
    var n = ++seq;
    clear();
    if (!navigator.geolocation) {
      say('Votre navigateur ne permet pas de vous localiser. Saisissez plutôt votre commune ou votre code postal.');
      input.focus();
      return;
    }
    say('Recherche de votre position…');
    data().catch(function () {}); // Load while the browser locates.
    navigator.geolocation.getCurrentPosition(function (p) {
      var lat = p.coords.latitude, lon = p.coords.longitude;
      data().then(function (d) {
        if (n !== seq) return;
        var c = L.closestCommune(d, lat, lon);
        var intro = 'Autour de vous :';
        if (c && c.km > OUTSIDE_KM) {
          intro = 'Vous semblez être hors du territoire de l’atlas, à ' + L.km(c.km) +
            ' du centre de ' + c.c.name + '. Les plus proches de vous :';
        } else if (c) {
          intro = 'Autour de vous, près de ' + c.c.name + ' :';
        }
        show(d, lat, lon, intro);
      }, failed);
    }, function (e) {
      if (n !== seq) return;
      if (e.code === 1) {
        say('Vous n’avez pas autorisé la localisation. Saisissez plutôt votre commune ou votre code postal.');
      } else if (e.code === 3) {
        say('Votre position n’a pas pu être trouvée à temps. Réessayez, ou saisissez votre commune ou votre code postal.');
      } else {
        say('Votre position n’est pas disponible. Saisissez plutôt votre commune ou votre code postal.');
      }
      input.focus();
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  });

  // suggest fills the field's suggestions with every commune of the territory.
  var suggested = false;
  function suggest() {
    if (suggested) return;
    suggested = true;
    data().then(function (d) {
      d.communes.forEach(function (c) {
        (c.postal.length ? c.postal : ['']).forEach(function (pc) {
          var o = document.createElement('option');
          o.value = pc ? c.name + ' (' + pc + ')' : c.name;
          datalist.appendChild(o);
        });
      });
    }, function () { suggested = false; });
  }
  input.addEventListener('focus', suggest);

  function from(d, c, q) {
    var pc = /^\d{5}$/.test(q) ? q : (c.postal.length === 1 ? c.postal[0] : '');
    var name = c.name + (pc ? ' (' + pc + ')' : '');
    if (c.lat === undefined) {
      say('L’atlas ne connaît pas le centre de ' + name + ' : essayez une commune voisine.');
      clear();
      return;
    }
    var intro = c.url ? 'Près du centre de ' + name + ' :' :
      c.name + ' ne fait pas (encore) partie de l’atlas. Les plus proches de son centre' + (pc ? ' (' + pc + ')' : '') + ' :';
    show(d, c.lat, c.lon, intro);
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    var n = ++seq;
    if (!q) {
      say('Saisissez le nom d’une commune ou un code postal, par exemple 92170.');
      input.focus();
      return;
    }
    data().then(function (d) {
      if (n !== seq) return;
      var cs = L.find(d, q);
      var deps = d.departements.join(', ');
      if (!cs.length) {
        clear();
        say(/^\d+$/.test(q) ?
          'Aucune commune de l’atlas ou de son territoire (département ' + deps + ') n’a le code postal ' + q + '.' :
          'Aucune commune ne s’appelle « ' + q + ' » dans le territoire de l’atlas (département ' + deps + '). Vérifiez l’orthographe, ou essayez le code postal.');
        return;
      }
      if (cs.length > 1) {
        // Several communes share the postal code or the beginning of the name: the
        // nearest initiatives are those of the first, but the others are offered.
        clear();
        var others = cs.slice(1, 6).map(function (c) { return c.name; }).join(', ');
        from(d, cs[0], q);
        say(status.textContent + ' (Autres communes possibles : ' + others + (cs.length > 6 ? '…' : '') + '.)');
        return;
      }
      from(d, cs[0], q);
    }, failed);
  });

})();
