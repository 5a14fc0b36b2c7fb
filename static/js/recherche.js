/* Recherche de l’atlas : interroge dans le navigateur l’index construit par atlas
 * build (voir internal/search, dont ce script reprend les règles : découpage des mots,
 * repli des accents, racinisation, choix des tranches, scores). Aucune requête ne
 * quitte le site ; un mot ne télécharge que les morceaux de l’index qui peuvent le
 * contenir. Sans JavaScript, la page propose les index à parcourir. Sous Node, le
 * fichier exporte ses fonctions pures, que les tests comparent à celles du Go. */
(function () {
  'use strict';

  var LIG = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th' };
  var WORD = /[\p{L}\p{Nd}\p{M}]/u;
  var HYPHEN = /[-\u2010\u2011]/;
  var STOP = new Set();

  // fold is internal/search's Fold.
  function fold(s) {
    return s.toLowerCase().replace(/[œæßøłđðþ]/g, function (c) { return LIG[c]; })
      .normalize('NFD').replace(/\p{Mn}/gu, '');
  }

  // groups is internal/search's groups: the runs of words that single hyphens join,
  // each word as [lower case, folded].
  function groups(s) {
    var out = [], g = [], cur = '', hyphen = false;
    function end() { var l = cur.toLowerCase(); g.push([l, fold(l)]); cur = ''; }
    Array.from(s).forEach(function (c) {
      if (WORD.test(c)) {
        if (!cur) {
          if (!hyphen && g.length) { out.push(g); g = []; }
          hyphen = false;
        }
        cur += c;
      } else if (cur) {
        end();
        hyphen = HYPHEN.test(c);
      } else {
        hyphen = false;
      }
    });
    if (cur) end();
    if (g.length) out.push(g);
    return out;
  }
  function keep(f) { return Array.from(f).length >= 2 && !STOP.has(f); }

  // stemFr is the Snowball French stemmer, as github.com/blevesearch/snowballstem
  // (generated from the Snowball sources) stems: TestStemAgrees compares them.
  var VOWELS = 'aeiouyâàëéêèïîôûù';
  function isV(c) { return c !== undefined && c.length > 0 && VOWELS.indexOf(c) >= 0; }
  function stemFr(s) {
    var w = Array.from(s), i, prevV = false;
    for (i = 0; i < w.length; i++) {
      var c = w[i];
      if (!isV(c)) { prevV = false; continue; }
      var here = true, nextV = isV(w[i + 1]);
      if (c === 'y') { if (prevV || nextV) { w[i] = 'Y'; here = false; } }
      else if (c === 'u') { if ((prevV && nextV) || (i >= 1 && w[i - 1] === 'q')) { w[i] = 'U'; here = false; } }
      else if (c === 'i') { if (prevV && nextV) { w[i] = 'I'; here = false; } }
      prevV = here;
    }
    var n = w.length;
    function vnv(start) {
      for (var k = 1; k < n - start; k++) { var j = start + k; if (isV(w[j - 1]) && !isV(w[j])) return j + 1; }
      return n;
    }
    var r1 = vnv(0), r2 = vnv(r1), rv = n;
    var head = w.slice(0, 3).join('');
    if (head === 'par' || head === 'col' || head === 'tap') rv = 3;
    else if (n >= 3 && isV(w[0]) && isV(w[1])) rv = 3;
    else for (i = 1; i < n; i++) if (isV(w[i])) { rv = i + 1; break; }

    function clamp() { n = w.length; r1 = Math.min(r1, n); r2 = Math.min(r2, n); rv = Math.min(rv, n); }
    function cut(k) { w.length -= k; clamp(); }
    function put(suf, rep) { w = w.slice(0, w.length - suf.length).concat(Array.from(rep)); clamp(); }
    function hasIn(start, end, suf) {
      if (suf.length > end - start) return false;
      for (var k = 0; k < suf.length; k++) if (w[end - k - 1] !== suf.charAt(suf.length - k - 1)) return false;
      return true;
    }
    function firstIn(start, list) {
      for (var k = 0; k < list.length; k++) if (hasIn(start, w.length, list[k])) return list[k];
      return '';
    }
    function firstIfIn(start, list) {
      for (var k = 0; k < list.length; k++) {
        if (hasIn(0, w.length, list[k])) return w.length - list[k].length >= start ? list[k] : '';
      }
      return '';
    }
    function first(list) { return firstIfIn(0, list); }
    function removeIfIn(start, list) { var f = firstIfIn(start, list); if (f) cut(f.length); return f; }
    function fits(r, x) { return r <= w.length - x; }
    function one(list, x) { return list.split(' ').indexOf(x) >= 0; }

    function step1() {
      var suf = first(('issements issement atrices utions usions logies emment ements atrice ations ateurs amment ution ' +
        'usion ments logie istes ismes iqUes euses ences ement ation ateur ances ables ment ités iste isme iqUe euse ' +
        'ence eaux ance able ives ité eux aux ive ifs if').split(' '));
      if (!suf) return false;
      var L = suf.length, inR1 = fits(r1, L), inR2 = fits(r2, L), inRV = fits(rv, L), f;
      if (inR2) {
        var rep = one('logie logies', suf) ? 'log' : one('usion ution usions utions', suf) ? 'u' : one('ence ences', suf) ? 'ent' : '';
        if (rep) { put(suf, rep); return true; }
        if (one('ance iqUe isme able iste eux ances iqUes ismes ables istes', suf)) { cut(L); return true; }
      }
      if (inRV) {
        if (suf === 'amment') { put(suf, 'ant'); return false; }
        if (suf === 'emment') { put(suf, 'ent'); return false; }
        if (suf === 'ment' || suf === 'ments') {
          var idx = w.length - L - 1;
          if (idx >= rv && isV(w[idx])) cut(L);
          return false;
        }
      }
      switch (suf) {
        case 'eaux': put(suf, 'eau'); return true;
        case 'aux': if (inR1) { put(suf, 'al'); return true; } break;
        case 'euse': case 'euses':
          if (inR2) { cut(L); return true; }
          if (inR1) { put(suf, 'eux'); return true; }
          break;
        case 'issement': case 'issements':
          if (inR1) {
            var j = w.length - L - 1;
            if (j >= 0 && !isV(w[j])) { cut(L); return true; }
          }
          return false;
        case 'atrice': case 'ateur': case 'ation': case 'atrices': case 'ateurs': case 'ations':
          if (inR2) {
            cut(L);
            if (first(['ic'])) { if (fits(r2, 2)) cut(2); else put('ic', 'iqU'); }
            return true;
          }
          break;
        case 'ement': case 'ements':
          if (inRV) {
            cut(L);
            if (removeIfIn(r2, ['iv'])) { removeIfIn(r2, ['at']); return true; }
            if (first(['eus'])) {
              if (fits(r2, 3)) cut(3); else if (fits(r1, 3)) put('eus', 'eux');
              return true;
            }
            f = first(['abl', 'iqU']);
            if (f) { if (fits(r2, 3)) cut(3); return true; }
            f = first(['ièr', 'Ièr']);
            if (f) { if (fits(rv, 3)) put(f, 'i'); return true; }
            return true;
          }
          break;
        case 'ité': case 'ités':
          if (inR2) {
            cut(L);
            if (first(['abil'])) { if (fits(r2, 4)) cut(4); else put('abil', 'abl'); return true; }
            if (first(['ic'])) { if (fits(r2, 2)) cut(2); else put('ic', 'iqU'); return true; }
            removeIfIn(r2, ['iv']);
            return true;
          }
          break;
        case 'if': case 'ive': case 'ifs': case 'ives':
          if (inR2) {
            cut(L);
            if (removeIfIn(r2, ['at']) && first(['ic'])) { if (fits(r2, 2)) cut(2); else put('ic', 'iqU'); }
            return true;
          }
          break;
      }
      return false;
    }
    function step2a() {
      var suf = firstIn(rv, ('issantes issaIent issions issants issante iraIent issons issiez issent issant issait ' +
        'issais irions issez isses iront irons iriez irent irait irais îtes îmes isse irez iras irai ira ies ît it is ir ie i').split(' '));
      if (suf) {
        var idx = w.length - suf.length - 1;
        if (idx >= 0 && fits(rv, suf.length + 1) && !isV(w[idx])) { cut(suf.length); return true; }
      }
      return false;
    }
    function step2b() {
      var suf = firstIn(rv, ('eraIent assions erions assiez assent èrent eront erons eriez erait erais asses antes aIent ' +
        'âtes âmes ions erez eras erai asse ants ante ées iez era ant ait ais és ée ât ez er as ai é a').split(' '));
      if (!suf) return false;
      if (suf === 'ions') { if (fits(r2, 4)) { cut(4); return true; } return false; }
      if (one('é ée ées és èrent er era erai eraIent erais erait eras erez eriez erions erons eront ez iez', suf)) { cut(suf.length); return true; }
      cut(suf.length);
      if (w.length > 0 && w[w.length - 1] === 'e' && fits(rv, 1)) cut(1);
      return true;
    }
    function step4() {
      var n0 = w.length;
      if (n0 >= 2 && w[n0 - 1] === 's') {
        if ('aiouès'.indexOf(w[n0 - 2]) >= 0) return;
        cut(1);
      }
      var suf = firstIn(rv, ['Ière', 'ière', 'Ier', 'ier', 'ion', 'e', 'ë']);
      if (suf === 'ion') {
        var idx = w.length - 4;
        if (fits(r2, 3) && idx >= 0 && fits(rv, 4) && (w[idx] === 's' || w[idx] === 't')) cut(3);
      } else if (suf === 'e') {
        cut(1);
      } else if (suf === 'ë') {
        var k = w.length - 1;
        if (k >= 2 && w[k - 2] === 'g' && w[k - 1] === 'u') cut(1);
      } else if (suf) {
        put(suf, 'i');
      }
    }

    var changed = step1() || step2a() || step2b();
    if (changed) {
      var last = w[w.length - 1];
      if (last === 'Y') w[w.length - 1] = 'i';
      else if (last === 'ç') w[w.length - 1] = 'c';
    } else {
      step4();
    }
    if (first(['enn', 'onn', 'ett', 'ell', 'eill'])) cut(1);
    var non = 0;
    for (i = w.length - 1; i >= 0; i--) {
      if (!isV(w[i])) { non++; continue; }
      if ((w[i] === 'é' || w[i] === 'è') && non > 0) w[i] = 'e';
      break;
    }
    return w.join('').replace(/[IUY]/g, function (c) { return c.toLowerCase(); });
  }

  // stem is internal/search's Stem, stemOf its stemOf: a plural step, then Snowball.
  function stem(f) {
    var n = Array.from(f).length;
    if (n <= 2) return f;
    if (n >= 4 && (/[aiou]s$/.test(f) || /[eo]ux$/.test(f))) f = f.slice(0, -1);
    return stemFr(f);
  }
  function stemOf(f) { return /[0-9]/.test(f) ? f : stem(f); }

  // queryWords is internal/search's QueryWords.
  function queryWords(q) {
    var out = [];
    groups(q).forEach(function (g) {
      if (g.length === 1) {
        if (keep(g[0][1])) out.push({ text: g[0][0], folded: g[0][1], stem: stemOf(g[0][1]), parts: [] });
        return;
      }
      var w = { text: g.map(function (x) { return x[0]; }).join('-'), folded: '', parts: [] };
      g.forEach(function (x) {
        w.folded += x[1];
        if (keep(x[1])) w.parts.push(stemOf(x[1]));
      });
      w.stem = stemOf(w.folded);
      out.push(w);
    });
    return out;
  }

  // osa is internal/search's osa: whether two words are at most one typo apart.
  function osa(a, b) {
    var x = Array.from(a), y = Array.from(b), i, j;
    if (Math.abs(x.length - y.length) > 1) return 2;
    var p2 = [], p = [], c = [];
    for (j = 0; j <= y.length; j++) p[j] = j;
    for (i = 1; i <= x.length; i++) {
      c = [i];
      for (j = 1; j <= y.length; j++) {
        c[j] = Math.min(p[j] + 1, c[j - 1] + 1, p[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) c[j] = Math.min(c[j], p2[j - 2] + 1);
      }
      p2 = p; p = c;
    }
    return p[y.length];
  }

  // fr applies French typography to a text of the index, as package typo does on
  // the site's pages (typo.String, which TestTypoScriptAgrees compares it to): a
  // narrow no-break space before ; : ! ? » and after «, a no-break space inside
  // numbers (« 20 884 ») and before units.
  var NARROW = '\u202f';
  var NBSP = '\u00a0';
  var UNITS = new Set(['%', '€', 'k€', 'M€', 'Md€', '$', 'km', 'm', 'm²', 'm2', 'm³', 'cm', 'mm', 'ha', 'kg', 'g', 't', 'l', 'L',
    'h', 'min', 's', '°C', '°', 'ans', 'an', 'mois', 'jours', 'heures', 'ETP', 'euros', 'habitants']);
  var LETTER = /\p{L}/u;
  function isSp(r) { return r === ' ' || r === '\t' || r === '\n' || r === NBSP || r === NARROW; }
  function isDig(r) { return r.length === 1 && r >= '0' && r <= '9'; }
  function isPu(r) { return r === ';' || r === ':' || r === '!' || r === '?' || r === '»'; }
  function isWordEnd(r) { return r !== '' && ',.;:!?)»/\u2019\''.indexOf(r) >= 0; }
  function fr(s) {
    if (!/[;:!?0-9\u0080-\u00bf]/.test(s)) return s;
    var rs = Array.from(s);
    var n = rs.length;
    var out = [];
    function at(i) { return i < 0 || i >= n ? '' : rs[i]; }
    function entityBefore(i) {
      for (var k = i - 1; k >= 0 && i - k <= 32; k--) {
        if (rs[k] === '&') return k < i - 1;
        if (!/^[#A-Za-z0-9]$/.test(rs[k])) return false;
      }
      return false;
    }
    function punctAt(i) {
      var r = at(i);
      if (!isPu(r) || (r === ';' && entityBefore(i))) return false;
      if (r === '»') return true;
      var next = at(i + 1);
      return next === '' || isSp(next) || isPu(next) || next === '.' || next === '"' || next === '\u201d' || next === '\u2019';
    }
    function groupBefore(i) {
      var c = 0;
      for (var k = i - 1; k >= 0 && isDig(rs[k]); k--) c++;
      if (c < 1 || c > 3) return false;
      var b = i - c - 1;
      return !(b >= 0 && (rs[b] === ',' || rs[b] === '.'));
    }
    function groupAfter(j) {
      for (var k = j; k < j + 3; k++) if (!isDig(at(k))) return false;
      return !isDig(at(j + 3));
    }
    function unitAt(j) {
      var w = '';
      for (var k = j, c = 0; ; k++, c++) {
        var r = at(k);
        if (r === '' || isSp(r) || isWordEnd(r)) break;
        if (c === 9) return false;
        w += r;
      }
      return w !== '' && UNITS.has(w);
    }
    for (var i = 0; i < n; i++) {
      var r = rs[i];
      if (isSp(r)) {
        var j = i;
        while (j < n && isSp(rs[j])) j++;
        var prev = at(i - 1);
        var next = at(j);
        if (i === 0 || j === n) out.push.apply(out, rs.slice(i, j));
        else if (prev === '«' || next === '»' || (punctAt(j) && !isSp(prev))) out.push(NARROW);
        else if (isDig(prev) && j - i === 1 && (groupBefore(i) && groupAfter(j) || unitAt(j))) out.push(NBSP);
        else out.push.apply(out, rs.slice(i, j));
        i = j - 1;
      } else if (r === '«') {
        out.push(r);
        if (at(i + 1) !== '' && !isSp(at(i + 1)) && at(i + 1) !== '»') out.push(NARROW);
      } else if (r === '»') {
        if (at(i - 1) !== '' && !isSp(at(i - 1)) && at(i - 1) !== '«') out.push(NARROW);
        out.push(r);
      } else if (r === ';' || r === '!' || r === '?') {
        var p = at(i - 1);
        if ((LETTER.test(p) || p === ')') && punctAt(i)) out.push(NARROW);
        out.push(r);
      } else {
        out.push(r);
      }
    }
    return out.join('');
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = {
      fold: fold, stem: stem, queryWords: queryWords, osa: osa, fr: fr,
      setStop: function (s) { s.split(' ').forEach(function (w) { STOP.add(w); }); }
    };
    return;
  }

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
  // WEIGHTS is internal/search's weights: title, names, text; whole stem, beginning.
  var WEIGHTS = [[12, 9], [6, 4], [2, 1]];
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var VAL = {};
  for (var d = 0; d < DIGITS.length; d++) VAL[DIGITS.charAt(d)] = d;

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

  function decode(s) {
    var res = [], prev = -1, n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VAL[s.charAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { prev += n; res.push(prev); n = 0; }
    }
    return res;
  }
  function shardName(p) {
    if (/^[a-z0-9]+$/.test(p)) return p;
    return 'x' + Array.from(new TextEncoder().encode(p), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  function prefix(s, k) { return Array.from(s).slice(0, k).join(''); }
  // within, shardsFor and fuzzyShardsFor are internal/search's shardsWithin,
  // ShardsFor and FuzzyShardsFor.
  function within(p) {
    var deepest = '', below = [], size = 0;
    for (var s in meta.shards) {
      if (p.indexOf(s) === 0) { if (s.length > deepest.length) deepest = s; }
      else if (s.indexOf(p) === 0) { below.push(s); size += meta.shards[s]; }
    }
    return { own: deepest, list: deepest ? [deepest].concat(below) : below, size: size + (deepest ? meta.shards[deepest] : 0) };
  }
  function shardsFor(st) {
    if (Array.from(st).length < 2) return [];
    var r = within(st);
    return r.size > meta.budget && r.own ? [r.own] : r.list;
  }
  function fuzzyShardsFor(st) {
    var n = Array.from(st).length;
    for (var k = 2; k <= n; k++) {
      var r = within(prefix(st, k));
      if (r.size <= meta.budget || k === n) return r.list;
    }
    return [];
  }
  function load(list) {
    return Promise.all(list.map(function (p) { return get('recherche/t/' + shardName(p) + '.json'); }));
  }
  // scores maps each document that has a stem starting with st to its best weight.
  function scores(st) {
    return load(shardsFor(st)).then(function (shards) {
      var got = new Map();
      shards.forEach(function (sh) {
        for (var t in sh) {
          if (t.indexOf(st) !== 0) continue;
          var exact = t === st ? 0 : 1;
          for (var f = 0; f < 3; f++) {
            var ids = decode(sh[t][f]), s = WEIGHTS[f][exact];
            for (var i = 0; i < ids.length; i++) if ((got.get(ids[i]) || 0) < s) got.set(ids[i], s);
          }
        }
      });
      return got;
    });
  }
  function merge(into, from) { from.forEach(function (s, id) { if ((into.get(id) || 0) < s) into.set(id, s); }); }

  // correct finds the indexed word one typo away from w that has the most documents.
  function correct(w) {
    var two = prefix(w.stem, 2);
    return load(fuzzyShardsFor(w.stem)).then(function (shards) {
      var best = '', word = '', most = 0;
      shards.forEach(function (sh) {
        for (var t in sh) {
          var form = sh[t].length > 3 ? sh[t][3] : t;
          if (t.indexOf(two) !== 0 || !(osa(w.folded, fold(form)) <= 1 || osa(w.stem, t) <= 1)) continue;
          var n = 0;
          for (var f = 0; f < 3; f++) n += decode(sh[t][f]).length;
          if (n > most || (n === most && t < best)) { best = t; word = form; most = n; }
        }
      });
      if (!best) return null;
      w.corrected = word;
      return scores(best);
    });
  }

  // find is internal/search's Search: every word, or the most words, best first.
  function find(words) {
    return Promise.all(words.map(function (w) {
      return scores(w.stem).then(function (got) {
        if (w.parts.length < 2) return got;
        return Promise.all(w.parts.map(scores)).then(function (ps) {
          var all = ps[0];
          ps.slice(1).forEach(function (p) {
            var next = new Map();
            all.forEach(function (s, id) { if (p.has(id)) next.set(id, Math.min(s, p.get(id))); });
            all = next;
          });
          merge(got, all);
          return got;
        });
      });
    })).then(function (found) {
      var pairs = [];
      for (var i = 0; i + 1 < words.length; i++) {
        if (words[i].parts.length || words[i + 1].parts.length) continue;
        pairs.push(scores(stemOf(words[i].folded + words[i + 1].folded)).then(function (i, got) {
          merge(found[i], got);
          merge(found[i + 1], got);
        }.bind(null, i)));
      }
      return Promise.all(pairs).then(function () {
        return Promise.all(words.map(function (w, i) {
          if (found[i].size || Array.from(w.folded).length < meta.fuzzy || /[0-9]/.test(w.folded)) return null;
          return correct(w).then(function (got) { if (got) found[i] = got; });
        }));
      }).then(function () { return found; });
    }).then(function (found) {
      var total = null, missing = null;
      found.forEach(function (f) {
        if (!total) { total = new Map(f); return; }
        var next = new Map();
        total.forEach(function (s, id) { if (f.has(id)) next.set(id, s + f.get(id)); });
        total = next;
      });
      if (total && !total.size && words.length > 1) {
        var count = new Map(), sum = new Map(), most = 0;
        found.forEach(function (f) {
          f.forEach(function (s, id) {
            var c = (count.get(id) || 0) + 1;
            count.set(id, c);
            sum.set(id, (sum.get(id) || 0) + s);
            if (c > most) most = c;
          });
        });
        missing = new Map();
        count.forEach(function (c, id) {
          if (c !== most) return;
          total.set(id, sum.get(id));
          missing.set(id, words.filter(function (w, i) { return !found[i].has(id); }).map(function (w) { return w.text; }));
        });
      }
      // A commune, type or theme page whose words are only in its text is left out,
      // unless nothing else matches (internal/search does the same).
      total = total || new Map();
      var weak = function (id) {
        return id >= meta.ni && found.some(function (f) { return f.has(id) && f.get(id) < WEIGHTS[1][1]; });
      };
      var strong = 0;
      total.forEach(function (s, id) { if (!weak(id)) strong++; });
      if (strong) total.forEach(function (s, id) { if (weak(id)) total.delete(id); });
      return { scores: total, missing: missing };
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
  function quote(s) { return '«\u202f' + s + '\u202f»'; }
  function joinFr(list) { return list.length > 1 ? list.slice(0, -1).join(', ') + ' et ' + list[list.length - 1] : list[0]; }
  function quoteAll(list) { return joinFr(list.map(quote)); }

  function run() {
    var my = ++seq;
    var q = input.value.trim();
    var words = queryWords(q);
    var f = activeFilters();
    syncURL();
    if (!words.length && !f.length) {
      out.textContent = '';
      say(q ? 'Tapez au moins deux lettres.' : '');
      return;
    }
    say('Recherche en cours…');
    Promise.all([words.length ? find(words) : null, Promise.all(f.map(function (x) { return filterIds(x[0], x[1]); }))])
      .then(function (r) {
        if (my !== seq) return;
        var res = r[0], fs = r[1], scores;
        if (res) {
          scores = res.scores;
        } else {
          scores = new Map();
          fs.shift().forEach(function (id) { scores.set(id, 0); });
        }
        fs.forEach(function (ids) {
          var keepIds = new Set(ids);
          scores.forEach(function (s, id) { if (!keepIds.has(id)) scores.delete(id); });
        });
        var ids = Array.from(scores.keys()).sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
        current = {
          q: q,
          words: words,
          missing: res && res.missing,
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

  function item(d, id) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = base + d[1];
    a.textContent = fr(d[0]);
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
    var lacks = current.missing && current.missing.get(id);
    if (lacks) parts.push('sans ' + quoteAll(lacks));
    m.textContent = fr(parts.join(' · '));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(m);
    return li;
  }

  function km(tenths) {
    return 'à\u00a0' + (tenths / 10).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + '\u00a0km';
  }
  // outside shows a commune of the territory that is not in the atlas, and the
  // initiatives nearest its centre (near: their records, in order).
  function outside(d, near) {
    var li = document.createElement('li');
    li.className = 'outside';
    var p = document.createElement('p');
    var b = document.createElement('strong');
    b.textContent = fr(d[0]);
    p.appendChild(b);
    p.appendChild(document.createTextNode((d[3] ? ' (' + d[3] + ')' : '') + ' ne fait pas (encore) partie de l’atlas.' +
      (near.length ? ' Les initiatives les plus proches de son centre\u202f:' : '')));
    li.appendChild(p);
    if (near.length) {
      var ul = document.createElement('ul');
      ul.className = 'items';
      near.forEach(function (n, i) {
        var x = item(n, -1);
        x.lastChild.textContent += ' · ' + km(d[4][i][1]);
        ul.appendChild(x);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function render(my, more) {
    var c = current;
    var from = shown;
    var pageIds = more ? [] : c.pages.slice(0, meta.page);
    var initIds = c.inits.slice(from, from + meta.page);
    var ds;
    return docs(pageIds.concat(initIds)).then(function (got) {
      ds = got;
      // The initiatives near the communes outside the atlas.
      var near = [];
      ds.slice(0, pageIds.length).forEach(function (d) {
        if (d[2] === 'outside') d[4].forEach(function (n) { near.push(n[0]); });
      });
      return docs(near);
    }).then(function (nearDocs) {
      if (my !== seq) return;
      var pages = ds.slice(0, pageIds.length), inits = ds.slice(pageIds.length);
      var away = [];
      shown = from + inits.length;
      var list;
      if (!more) {
        out.textContent = '';
        var inAtlas = pages.filter(function (d) { return d[2] !== 'outside'; });
        if (inAtlas.length < pages.length) {
          var so = document.createElement('section');
          so.setAttribute('aria-labelledby', 'res-out');
          so.innerHTML = '<h2 id="res-out">Hors de l’atlas</h2>';
          var uo = document.createElement('ul');
          uo.className = 'items results';
          var k = 0;
          pages.forEach(function (d) {
            if (d[2] !== 'outside') return;
            uo.appendChild(outside(d, nearDocs.slice(k, k + d[4].length)));
            k += d[4].length;
            away.push(d[0]);
          });
          so.appendChild(uo);
          out.appendChild(so);
        }
        if (inAtlas.length) {
          var sec = document.createElement('section');
          sec.setAttribute('aria-labelledby', 'res-pages');
          sec.innerHTML = '<h2 id="res-pages">Communes, types et thématiques</h2>';
          var ul = document.createElement('ul');
          ul.className = 'items results';
          pages.forEach(function (d, i) { if (d[2] !== 'outside') ul.appendChild(item(d, pageIds[i])); });
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
      var firstLink = null;
      inits.forEach(function (d, i) {
        var li = item(d, initIds[i]);
        if (!firstLink) firstLink = li.firstChild;
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
      if (more && firstLink) firstLink.focus();
      if (!more) c.away = away;
      away = c.away;
      var n = c.inits.length, np = c.pages.length - away.length, msg;
      var notIn = away.length ? joinFr(away.slice(0, 3)) + (away.length > 1 ? ' ne font' : ' ne fait') + ' pas (encore) partie de l’atlas' : '';
      if (away.length && !n && !np) {
        msg = notIn + (nearDocs.length ? '\u202f; voici les initiatives les plus proches.' : '.');
      } else if (!n && !np) {
        msg = 'Aucun résultat' + (c.q ? ' pour ' + quote(c.q) : '') + '. Essayez un autre mot, retirez un filtre, ou parcourez les index ci-dessous.';
      } else {
        var fixed = c.words.filter(function (w) { return w.corrected; });
        var asked = fixed.length ? c.words.map(function (w) { return w.corrected || w.text; }).join(' ') : c.q;
        msg = (n ? plural(n, 'initiative trouvée', 'initiatives trouvées') : 'Aucune initiative') +
          (np ? ' et ' + plural(np, 'page', 'pages') + ' de commune, de type ou de thématique' : '') +
          (asked ? ' pour ' + quote(asked) : '') +
          (fixed.length ? ' (aucun résultat pour ' + quoteAll(fixed.map(function (w) { return w.text; })) + ')' : '') +
          (n > shown ? '\u202f; les ' + shown + ' premières sont affichées.' : '.') +
          (c.missing && c.missing.size ? ' Aucune page n’a tous les mots\u202f: voici celles qui en ont le plus.' : '') +
          (notIn ? ' ' + notIn + '.' : '');
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
    meta.stop.split(' ').forEach(function (w) { STOP.add(w); });
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
