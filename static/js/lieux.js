/* Lieux de l’atlas : charge carte/lieux.json (écrit par atlas build, voir
 * internal/nearby), calcule les distances et retrouve une commune du territoire par son
 * nom ou son code postal. « Autour de moi » (proximite.js) et la carte (plan.js) s’en
 * servent ; rien ne quitte le navigateur. */
(function () {
  'use strict';
  if (!window.fetch || !String.prototype.normalize || window.atlasLieux) return;
  var files = {};
  var LIG = { 'œ': 'oe', 'æ': 'ae' };

  // load fetches the file once per page and indexes it. Its URL has no version, so
  // that no page changes when an initiative does: the browser asks the server whether
  // its copy is still current each time (no-cache), which answers 304 when it is.
  function load(url) {
    if (!files[url]) {
      files[url] = fetch(url, { cache: 'no-cache' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      }).then(function (d) {
        if (d.version !== 1) throw new Error(url + ': version ' + d.version);
        d.byCommune = d.communes.map(function () { return []; });
        d.initiatives.forEach(function (it, i) {
          it.index = i;
          if (it.communes.length) d.byCommune[it.communes[0]].push(it);
        });
        d.communes.forEach(function (c, i) { c.index = i; c.folded = fold(c.name); });
        return d;
      });
    }
    return files[url];
  }

  // fold is cog.Fold: without accents, in lower case, every run of other characters
  // as one space, without a leading article.
  function fold(s) {
    s = s.toLowerCase().replace(/[œæ]/g, function (c) { return LIG[c]; })
      .normalize('NFD').replace(/\p{Mn}/gu, '')
      .replace(/[^\p{L}\p{Nd}]+/gu, ' ').trim();
    var m = /^(l|la|le|les) (.+)$/.exec(s);
    return m ? m[2] : s;
  }

  // distance is geo.Distance: kilometres on a sphere, by the haversine formula.
  function distance(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(Math.min(1, h)));
  }

  // km is render.Km: « 800 m », « 1,2 km », « 12 km », with a no-break space.
  function km(d) {
    if (d < 1) {
      var m = Math.round(d * 10) * 100;
      return m >= 1000 ? '1,0\u00a0km' : Math.max(m, 100) + '\u00a0m';
    }
    if (d < 9.95) return (Math.round(d * 10) / 10).toFixed(1).replace('.', ',') + '\u00a0km';
    return Math.round(d).toLocaleString('fr-FR').replace(/\s/g, '\u00a0') + '\u00a0km';
  }

  // find returns the communes that a query names: a postal code, a name (exactly,
  // else by its beginning) or « Nom (code) » as the field's suggestions write it.
  function find(d, q) {
    q = q.trim();
    var m = /^(.*?)\s*\((\d{5})\)$/.exec(q);
    if (m) {
      var named = d.communes.filter(function (c) { return c.folded === fold(m[1]) && c.postal.indexOf(m[2]) >= 0; });
      if (named.length) return named;
      q = m[1];
    }
    if (/^\d{5}$/.test(q)) {
      return d.communes.filter(function (c) { return c.postal.indexOf(q) >= 0; });
    }
    var f = fold(q);
    if (!f) return [];
    var exact = d.communes.filter(function (c) { return c.folded === f; });
    if (exact.length) return exact;
    return d.communes.filter(function (c) { return c.folded.indexOf(f) === 0; });
  }

  // nearest returns the placed initiatives that keep passes, nearest first, each
  // with its distance from lat, lon as .km. An initiative without a position of its
  // own serves all its communes: its distance is that of the nearest of their
  // centres (the épicerie of Issy-les-Moulineaux and Vanves is at the centre of
  // Vanves for a resident of Vanves), and .commune is that commune.
  function nearest(d, lat, lon, keep) {
    var out = [];
    d.initiatives.forEach(function (it) {
      if (it.lat === undefined || (keep && !keep(it))) return;
      var f = { it: it, km: distance(lat, lon, it.lat, it.lon), commune: it.communes[0] };
      if (it.approx) {
        it.communes.forEach(function (i) {
          var c = d.communes[i];
          if (c.lat === undefined) return;
          var k = distance(lat, lon, c.lat, c.lon);
          if (k < f.km) { f.km = k; f.commune = i; }
        });
      }
      out.push(f);
    });
    out.sort(function (a, b) { return a.km - b.km || a.it.index - b.it.index; });
    return out;
  }

  // closestCommune returns the commune of the territory whose centre is nearest.
  function closestCommune(d, lat, lon) {
    var best = null;
    d.communes.forEach(function (c) {
      if (c.lat === undefined) return;
      var k = distance(lat, lon, c.lat, c.lon);
      if (!best || k < best.km) best = { c: c, km: k };
    });
    return best;
  }

  window.atlasLieux = {
    load: load, fold: fold, distance: distance, km: km, find: find,
    nearest: nearest, closestCommune: closestCommune
  };
})();
