/* Carte interactive, sans fond de carte ni autre site : remplace la carte SVG dessinée
 * au build par une carte qu’on peut zoomer et déplacer (molette, pincement, glisser,
 * boutons + et −, clavier), avec un point par commune dont la taille croît avec son
 * nombre d’initiatives, les communes du territoire en gris pour se repérer, des noms
 * placés sans se chevaucher ni sortir du cadre, des filtres par type et par statut, et
 * un panneau qui liste les initiatives d’une commune quand on active son point (clic,
 * toucher, Entrée). Les données viennent de carte/lieux.json (voir lieux.js) ; sans
 * JavaScript, la carte SVG et la liste complète restent. */
(function () {
  'use strict';
  var L = window.atlasLieux;
  var wrap = document.querySelector('[data-plan]');
  if (!L || !wrap || !window.PointerEvent) return;
  if (document.getElementById('carte-tuiles') && window.L) return; // Leaflet's tiles take over.
  var NS = 'http://www.w3.org/2000/svg';
  var base = wrap.getAttribute('data-base');
  var focusSlug = wrap.getAttribute('data-plan');
  var small = !!focusSlug;
  var uid = 'plan' + Math.floor(Math.random() * 1e6);

  function el(name, attrs, parent, svg) {
    var e = svg ? document.createElementNS(NS, name) : document.createElement(name);
    for (var k in attrs) if (attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function sv(name, attrs, parent) { return el(name, attrs, parent, true); }

  // Web Mercator, as internal/geo: x is the longitude in radians, y grows northwards.
  function mx(lon) { return lon * Math.PI / 180; }
  function my(lat) {
    lat = Math.max(-85, Math.min(85, lat));
    return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
  }
  function plural(n, one, many) { return n + '\u00a0' + (n > 1 ? many : one); }

  L.load(wrap.getAttribute('data-lieux')).then(start, function () { /* the SVG map stays */ });
  // data-plan is "" on /carte/ and the commune's slug on a commune page.

  function start(d) {
    // The communes of the network that have a centre are the points; the others of
    // the territory are landmarks.
    var points = [], marks = [];
    d.communes.forEach(function (c) {
      if (c.lat === undefined) return;
      var p = { c: c, x: mx(c.lon), y: my(c.lat), n: 0, precise: [] };
      if (c.url) points.push(p); else marks.push(p);
    });
    // Tab reaches the points in alphabetical order.
    points.sort(function (a, b) { return a.c.name.localeCompare(b.c.name, 'fr'); });
    var byIndex = {};
    points.forEach(function (p) { byIndex[p.c.index] = p; });
    var focus = null;
    if (focusSlug) points.forEach(function (p) { if (p.c.slug === focusSlug) focus = p; });
    if (small && !focus) return;

    // The frame to fit: the network, or on a commune page the commune and its
    // nearest neighbours.
    var fit = points;
    if (focus) {
      fit = points.slice().sort(function (a, b) {
        return L.distance(focus.c.lat, focus.c.lon, a.c.lat, a.c.lon) - L.distance(focus.c.lat, focus.c.lon, b.c.lat, b.c.lon);
      }).slice(0, 5);
    }

    // The interface.
    var root = el('div', { 'class': 'plan' + (small ? ' plan-small' : '') });
    var tools = null, selType = null, selStatus = null;
    if (!small) {
      tools = el('div', { 'class': 'plan-tools' }, root);
      selType = select(tools, uid + '-type', 'Type', 'Tous les types', d.types.map(function (t) { return t.name; }));
      selStatus = select(tools, uid + '-statut', 'Statut', 'Tous les statuts', d.statuses.map(function (s) { return s.name; }));
    }
    var view = el('div', { 'class': 'plan-view' }, root);
    var help = el('p', { id: uid + '-aide', 'class': 'visually-hidden' }, view);
    help.textContent = 'Carte interactive. Avec le clavier : les flèches déplacent la carte, + et − zooment, 0 revient à la vue d’ensemble ; Tab passe d’une commune à l’autre, Entrée ouvre la liste de ses initiatives.';
    var svg = sv('svg', { 'class': 'plan-svg', role: 'group', tabindex: '0', 'aria-label': small ? 'Carte de ' + focus.c.name + ' et des communes voisines' : 'Carte des initiatives par commune', 'aria-describedby': help.id }, view);
    var bg = sv('rect', { 'class': 'bg', x: 0, y: 0 }, svg);
    var gMarks = sv('g', { 'class': 'plan-marks', 'aria-hidden': 'true' }, svg);
    var gPoints = sv('g', { 'class': 'plan-points' }, svg);
    var gLabels = sv('g', { 'class': 'plan-labels', 'aria-hidden': 'true' }, svg);
    var gScale = sv('g', { 'class': 'scale', 'aria-hidden': 'true' }, svg);
    var scalePath = sv('path', {}, gScale);
    var scaleText = sv('text', { dy: '-0.5em' }, gScale);
    var zoom = el('div', { 'class': 'plan-zoom' }, view);
    var bIn = button(zoom, '+', 'Zoomer');
    var bOut = button(zoom, '−', 'Dézoomer');
    var bAll = button(zoom, '⤢', 'Revenir à la vue d’ensemble');
    var panel = el('section', { 'class': 'plan-panel', id: uid + '-panneau', hidden: '', 'aria-labelledby': uid + '-titre' }, root);
    var panelHead = el('div', { 'class': 'plan-panel-head' }, panel);
    var panelTitle = el('h2', { id: uid + '-titre', tabindex: '-1' }, panelHead);
    var close = el('button', { type: 'button', 'class': 'plan-close' }, panelHead);
    close.textContent = 'Fermer';
    var panelMeta = el('p', { 'class': 'plan-panel-meta' }, panel);
    var panelList = el('ul', { 'class': 'items compact' }, panel);
    var status = el('p', { 'class': 'plan-etat small', role: 'status', 'aria-live': 'polite' }, root);

    wrap.textContent = '';
    wrap.appendChild(root);
    wrap.classList.add('plan-on');

    function select(parent, id, label, all, names) {
      var box = el('span', { 'class': 'plan-filter' }, parent);
      var lab = el('label', { 'for': id }, box);
      lab.textContent = label;
      var s = el('select', { id: id }, box);
      var o = el('option', { value: '' }, s);
      o.textContent = all;
      names.forEach(function (n, i) {
        var x = el('option', { value: String(i) }, s);
        x.textContent = n;
      });
      return s;
    }
    function button(parent, text, label) {
      var b = el('button', { type: 'button', 'aria-label': label, title: label }, parent);
      b.textContent = text;
      return b;
    }

    // Points of the network, one per commune; initiatives with a position of their own
    // get a small point of their own.
    points.forEach(function (p) {
      p.g = sv('g', { 'class': 'plan-pt', role: 'button', tabindex: '0' }, gPoints);
      p.circle = sv('circle', { r: 5 }, p.g);
      p.num = sv('text', { 'class': 'plan-num', dy: '0.35em' }, p.g);
      p.g.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); open(p); }
      });
      p.g.addEventListener('focus', function () { reveal(p); });
    });
    marks.forEach(function (p) {
      p.circle = sv('circle', { r: 2.5 }, gMarks);
    });

    // Filters.
    function passes(it) {
      var t = selType && selType.value, s = selStatus && selStatus.value;
      return (!t || it.type === +t) && (!s || it.status === +s);
    }
    function count() {
      points.forEach(function (p) { p.n = 0; p.items = []; });
      var total = 0;
      d.initiatives.forEach(function (it) {
        if (it.lat === undefined || !passes(it)) return;
        total++;
        it.communes.forEach(function (i) {
          var p = byIndex[i];
          if (p) { p.n++; p.items.push(it); }
        });
      });
      points.forEach(function (p) {
        p.r = p.n ? 6 + 3.2 * Math.sqrt(p.n) : 5;
        p.circle.setAttribute('r', p.r.toFixed(1));
        p.g.setAttribute('class', 'plan-pt' + (p.n ? ' has' : ' none') + (p === focus ? ' featured' : ''));
        p.num.textContent = p.n > 1 ? String(p.n) : '';
        p.g.setAttribute('aria-label', p.c.name + ' : ' + (p.n ? plural(p.n, 'initiative', 'initiatives') : 'aucune initiative') +
          (selType && (selType.value || selStatus.value) ? ' avec ces filtres' : ''));
      });
      if (!small) {
        var communes = points.filter(function (p) { return p.n; }).length;
        status.textContent = plural(total, 'initiative', 'initiatives') + ' dans ' + plural(communes, 'commune', 'communes') +
          (selType.value || selStatus.value ? ' avec ces filtres.' : '.');
      }
      if (current) fill(current);
    }
    if (selType) {
      selType.addEventListener('change', function () { count(); draw(); });
      selStatus.addEventListener('change', function () { count(); draw(); });
    }

    // The view: the Mercator position at the centre of the frame, and the scale in
    // pixels per Mercator unit.
    var W = 0, H = 0, cx = 0, cy = 0, s = 1, s0 = 1, home = null;
    function bounds(ps) {
      var b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
      ps.forEach(function (p) {
        b.x0 = Math.min(b.x0, p.x); b.x1 = Math.max(b.x1, p.x);
        b.y0 = Math.min(b.y0, p.y); b.y1 = Math.max(b.y1, p.y);
      });
      var min = mx(0.04); // a single point is shown within a few kilometres
      if (b.x1 - b.x0 < min) { b.x0 -= min / 2; b.x1 += min / 2; }
      if (b.y1 - b.y0 < min) { b.y0 -= min / 2; b.y1 += min / 2; }
      return b;
    }
    function reset() {
      var b = bounds(fit);
      var pad = small ? Math.max(40, W / 6) : Math.min(60, W / 8);
      s0 = Math.min((W - 2 * pad) / (b.x1 - b.x0), (H - 2 * pad) / (b.y1 - b.y0));
      s = s0;
      cx = (b.x0 + b.x1) / 2;
      cy = (b.y0 + b.y1) / 2;
      home = { cx: cx, cy: cy, s: s };
    }
    function sx(x) { return (x - cx) * s + W / 2; }
    function sy(y) { return (cy - y) * s + H / 2; }
    function clamp() {
      s = Math.max(s0 / 2, Math.min(s0 * 40, s));
      var b = bounds(points.concat(marks));
      cx = Math.max(b.x0, Math.min(b.x1, cx));
      cy = Math.max(b.y0, Math.min(b.y1, cy));
    }
    // zoomAt zooms by k keeping the screen point px, py in place.
    function zoomAt(k, px, py) {
      var x = (px - W / 2) / s + cx, y = cy - (py - H / 2) / s;
      s *= k;
      clamp();
      cx = x - (px - W / 2) / s;
      cy = y + (py - H / 2) / s;
      clamp();
      draw();
    }
    function pan(dx, dy) {
      cx -= dx / s;
      cy += dy / s;
      clamp();
      draw();
    }

    function size() {
      var r = view.getBoundingClientRect();
      W = Math.max(200, Math.round(r.width));
      H = Math.max(200, Math.round(r.height));
      svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      svg.setAttribute('width', W);
      svg.setAttribute('height', H);
      bg.setAttribute('width', W);
      bg.setAttribute('height', H);
    }

    // Text widths, measured once per name and size.
    var probe = sv('text', { 'class': 'plan-label', x: -1000, y: -1000 }, svg);
    var widths = {};
    function width(text, cls) {
      var k = cls + '\n' + text;
      if (widths[k] === undefined) {
        probe.setAttribute('class', cls);
        probe.textContent = text;
        widths[k] = probe.getComputedTextLength();
      }
      return widths[k];
    }

    function draw() {
      points.forEach(function (p) {
        p.sx = sx(p.x); p.sy = sy(p.y);
        p.g.setAttribute('transform', 'translate(' + p.sx.toFixed(1) + ' ' + p.sy.toFixed(1) + ')');
      });
      marks.forEach(function (p) {
        p.sx = sx(p.x); p.sy = sy(p.y);
        p.circle.setAttribute('cx', p.sx.toFixed(1));
        p.circle.setAttribute('cy', p.sy.toFixed(1));
      });
      labels();
      scale();
    }

    // labels writes names where they fit: the communes of the network first, those
    // with the most initiatives first, then the other communes of the territory; each
    // tries the right, the left, above, below and the diagonals of its point, and is
    // dropped when every place overlaps a name already written or a point, or leaves
    // the frame.
    function labels() {
      while (gLabels.firstChild) gLabels.removeChild(gLabels.firstChild);
      var boxes = [];
      var inside = function (p) { return p.sx > -20 && p.sx < W + 20 && p.sy > -20 && p.sy < H + 20; };
      var obstacles = points.filter(inside).map(function (p) {
        return { x0: p.sx - p.r, x1: p.sx + p.r, y0: p.sy - p.r, y1: p.sy + p.r, p: p };
      });
      // The zoom buttons and the scale bar cover the corners.
      var z = zoom.getBoundingClientRect(), v = view.getBoundingClientRect();
      obstacles.push({ x0: z.left - v.left - 6, x1: W, y0: 0, y1: z.bottom - v.top + 6 });
      obstacles.push({ x0: 0, x1: 130, y0: H - 34, y1: H });
      function free(b, own) {
        if (b.x0 < 4 || b.y0 < 4 || b.x1 > W - 4 || b.y1 > H - 4) return false;
        for (var i = 0; i < boxes.length; i++) if (overlap(b, boxes[i])) return false;
        for (var j = 0; j < obstacles.length; j++) if (obstacles[j].p !== own && overlap(b, obstacles[j])) return false;
        return true;
      }
      var order = points.filter(inside).sort(function (a, b) {
        return (b === focus) - (a === focus) || b.n - a.n || a.c.name.localeCompare(b.c.name, 'fr');
      }).map(function (p) { return { p: p, cls: 'plan-label', r: p.r }; });
      marks.filter(inside).sort(function (a, b) { return a.c.name.localeCompare(b.c.name, 'fr'); })
        .forEach(function (p) { order.push({ p: p, cls: 'plan-label mark', r: 2.5 }); });
      order.forEach(function (o) {
        var p = o.p, w = width(p.c.name, o.cls), h = o.cls === 'plan-label' ? 15 : 13, gap = 3;
        var tries = [
          { x: p.sx + o.r + gap, y: p.sy - h / 2, anchor: 'start' },
          { x: p.sx - o.r - gap - w, y: p.sy - h / 2, anchor: 'start' },
          { x: p.sx - w / 2, y: p.sy - o.r - gap - h, anchor: 'start' },
          { x: p.sx - w / 2, y: p.sy + o.r + gap, anchor: 'start' },
          // Then the four diagonals, where a name often fits between neighbours.
          { x: p.sx + o.r * 0.7 + gap, y: p.sy - o.r * 0.7 - h, anchor: 'start' },
          { x: p.sx - o.r * 0.7 - gap - w, y: p.sy - o.r * 0.7 - h, anchor: 'start' },
          { x: p.sx + o.r * 0.7 + gap, y: p.sy + o.r * 0.7, anchor: 'start' },
          { x: p.sx - o.r * 0.7 - gap - w, y: p.sy + o.r * 0.7, anchor: 'start' }
        ];
        for (var i = 0; i < tries.length; i++) {
          var t = tries[i];
          var b = { x0: t.x - 2, x1: t.x + w + 2, y0: t.y, y1: t.y + h };
          if (!free(b, p)) continue;
          boxes.push(b);
          var halo = sv('text', { 'class': o.cls + ' halo', x: t.x.toFixed(1), y: (t.y + h * 0.78).toFixed(1) }, gLabels);
          halo.textContent = p.c.name;
          var text = sv('text', { 'class': o.cls, x: t.x.toFixed(1), y: (t.y + h * 0.78).toFixed(1) }, gLabels);
          text.textContent = p.c.name;
          return;
        }
      });
    }
    function overlap(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

    // scale draws a bar of a round number of kilometres, about a fifth of the frame.
    function scale() {
      var lat = (2 * Math.atan(Math.exp(cy)) - Math.PI / 2);
      var kmPerPx = 6371 * Math.cos(lat) / s;
      var target = W / 5 * kmPerPx, km = 0.1;
      [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].forEach(function (n) { if (n <= target) km = n; });
      var len = km / kmPerPx;
      scalePath.setAttribute('d', 'M12 ' + (H - 12) + 'h' + len.toFixed(1));
      scaleText.setAttribute('x', 12);
      scaleText.setAttribute('y', H - 12);
      scaleText.textContent = (km < 1 ? km * 1000 + '\u00a0m' : String(km).replace('.', ',') + '\u00a0km');
    }

    // reveal pans the view so that a point reached with Tab is in the frame.
    function reveal(p) {
      var x = sx(p.x), y = sy(p.y), m = 30;
      if (x < m || x > W - m || y < m || y > H - m) {
        cx = p.x; cy = p.y;
        clamp();
        draw();
      }
    }

    // The panel of a commune: its initiatives that pass the filters.
    var current = null, opener = null;
    function fill(p) {
      panelTitle.textContent = '';
      var a = el('a', { href: base + p.c.url.replace(/^\//, '') }, panelTitle);
      a.textContent = p.c.name;
      panelMeta.textContent = p.n ? plural(p.n, 'initiative', 'initiatives') +
        (selType && (selType.value || selStatus.value) ? ' avec ces filtres' : '') + '.' :
        'Aucune initiative ' + (selType && (selType.value || selStatus.value) ? 'avec ces filtres.' : 'placée dans cette commune.');
      panelList.textContent = '';
      p.items.forEach(function (it) {
        var li = el('li', {}, panelList);
        var link = el('a', { href: base + it.url.replace(/^\//, '') }, li);
        link.textContent = it.title;
        li.appendChild(document.createTextNode(' '));
        var meta = el('span', { 'class': 'item-meta' }, li);
        var parts = [];
        if (it.type >= 0) parts.push(d.types[it.type].name);
        if (it.status >= 0) parts.push(d.statuses[it.status].name);
        meta.textContent = parts.join(' · ') + (it.approx ? ' · position approximative\u202f: centre de la commune' : '');
      });
    }
    function open(p) {
      opener = p;
      current = p;
      points.forEach(function (q) { q.g.classList.toggle('open', q === p); q.g.setAttribute('aria-expanded', q === p ? 'true' : 'false'); });
      fill(p);
      panel.hidden = false;
      panelTitle.focus();
    }
    function shut() {
      panel.hidden = true;
      current = null;
      points.forEach(function (q) { q.g.classList.remove('open'); q.g.setAttribute('aria-expanded', 'false'); });
      if (opener) opener.g.focus();
    }
    close.addEventListener('click', shut);
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); shut(); }
    });
    points.forEach(function (p) { p.g.setAttribute('aria-expanded', 'false'); p.g.setAttribute('aria-controls', panel.id); });

    // Pointers: drag to pan, pinch to zoom, tap a point to open it.
    var ptrs = {}, moved = 0, pinch = null, downOn = null;
    svg.addEventListener('pointerdown', function (e) {
      ptrs[e.pointerId] = { x: e.clientX, y: e.clientY };
      svg.setPointerCapture(e.pointerId);
      var ids = Object.keys(ptrs);
      moved = 0;
      downOn = ids.length === 1 ? hit(e.target) : null;
      if (ids.length === 2) {
        var a = ptrs[ids[0]], b = ptrs[ids[1]];
        pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
      }
    });
    svg.addEventListener('pointermove', function (e) {
      var q = ptrs[e.pointerId];
      if (!q) return;
      var ids = Object.keys(ptrs);
      if (ids.length === 1) {
        var dx = e.clientX - q.x, dy = e.clientY - q.y;
        moved += Math.abs(dx) + Math.abs(dy);
        q.x = e.clientX; q.y = e.clientY;
        if (moved > 4) pan(dx, dy);
      } else if (ids.length === 2 && pinch) {
        q.x = e.clientX; q.y = e.clientY;
        var a = ptrs[ids[0]], b = ptrs[ids[1]];
        var dist = Math.hypot(a.x - b.x, a.y - b.y);
        var r = svg.getBoundingClientRect();
        moved += 10;
        if (pinch.d > 0) zoomAt(dist / pinch.d, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
        pinch.d = dist;
      }
    });
    function up(e) {
      if (!ptrs[e.pointerId]) return;
      delete ptrs[e.pointerId];
      if (Object.keys(ptrs).length < 2) pinch = null;
      if (e.type === 'pointerup' && downOn && moved <= 4) open(downOn);
      downOn = null;
    }
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
    function hit(t) {
      for (var i = 0; i < points.length; i++) if (points[i].g === t || points[i].g.contains(t)) return points[i];
      return null;
    }
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      zoomAt(Math.exp(-Math.max(-200, Math.min(200, e.deltaY)) * 0.003), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    svg.addEventListener('keydown', function (e) {
      var k = e.key;
      if (k === 'ArrowLeft') pan(60, 0);
      else if (k === 'ArrowRight') pan(-60, 0);
      else if (k === 'ArrowUp') pan(0, 60);
      else if (k === 'ArrowDown') pan(0, -60);
      else if (k === '+' || k === '=') zoomAt(1.5, W / 2, H / 2);
      else if (k === '-' || k === '_') zoomAt(1 / 1.5, W / 2, H / 2);
      else if (k === '0') { cx = home.cx; cy = home.cy; s = home.s; draw(); }
      else if (k === 'Escape' && !panel.hidden) shut();
      else return;
      e.preventDefault();
    });
    bIn.addEventListener('click', function () { zoomAt(1.5, W / 2, H / 2); });
    bOut.addEventListener('click', function () { zoomAt(1 / 1.5, W / 2, H / 2); });
    bAll.addEventListener('click', function () { cx = home.cx; cy = home.cy; s = home.s; draw(); });

    var resized = 0;
    window.addEventListener('resize', function () {
      clearTimeout(resized);
      resized = setTimeout(function () {
        var k = s / s0;
        size(); reset(); s = s0 * k; clamp(); draw();
      }, 100);
    });

    size();
    reset();
    count();
    draw();
    wrap.dispatchEvent(new Event('plan-ready'));
    window.atlasPlan = { open: function (slug) { points.forEach(function (p) { if (p.c.slug === slug) open(p); }); } };
  }
})();
