// horaires.js: on an initiative page, says « Ouvert maintenant — ferme à 12 h » or
// « Fermé — ouvre lundi à 9 h » under the opening hours, at the time of Paris
// (Europe/Paris) whatever the visitor's own zone. The build writes the schedule in
// the data-schedule attribute (package hours: rules, French public holidays); this
// script evaluates it the same way as hours.Schedule.Open, and holds no list of its own.
(function () {
  "use strict";
  var el = document.querySelector("[data-schedule]");
  if (!el || !window.Intl) return;
  var data;
  try { data = JSON.parse(el.getAttribute("data-schedule")); } catch (e) { return; }
  var rules = data.schedule.rules;
  var DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  var NBSP = "\u00a0";

  // The civil date and time in Paris now.
  function paris(now) {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", hourCycle: "h23"
    }).formatToParts(now);
    var v = {};
    parts.forEach(function (p) { v[p.type] = parseInt(p.value, 10); });
    return { y: v.year, m: v.month, d: v.day, min: (v.hour % 24) * 60 + v.minute };
  }

  // Easter Sunday of year y, as a UTC date (anonymous Gregorian algorithm).
  function easter(y) {
    var a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
    var f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
    var h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
    var l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    var n = h + l - 7 * m + 114;
    return Date.UTC(y, Math.floor(n / 31) - 1, (n % 31) + 1);
  }

  function holiday(t) {
    var x = new Date(t), m = x.getUTCMonth() + 1, d = x.getUTCDate();
    for (var i = 0; i < data.fixed.length; i++) {
      if (data.fixed[i][0] === m && data.fixed[i][1] === d) return true;
    }
    var e = easter(x.getUTCFullYear());
    for (var j = 0; j < data.easter.length; j++) {
      if (t === e + data.easter[j] * 864e5) return true;
    }
    return false;
  }

  function has(list, v) { return !list || list.indexOf(v) >= 0; }

  function subtract(a, b) {
    var out = [];
    a.forEach(function (x) {
      var parts = [x];
      b.forEach(function (y) {
        var next = [];
        parts.forEach(function (z) {
          if (y[1] <= z[0] || y[0] >= z[1]) { next.push(z); return; }
          if (z[0] < y[0]) next.push([z[0], y[0]]);
          if (y[1] < z[1]) next.push([y[1], z[1]]);
        });
        parts = next;
      });
      out = out.concat(parts);
    });
    return out;
  }

  // The open spans of the day at UTC midnight t, as hours.Schedule.Open.
  function open(t) {
    var x = new Date(t), month = x.getUTCMonth() + 1, wd = (x.getUTCDay() + 6) % 7, ph = holiday(t);
    var cur = [];
    rules.forEach(function (r) {
      if (!has(r.m, month)) return;
      if ((r.d || r.ph) && !((r.d && r.d.indexOf(wd) >= 0) || (r.ph && ph))) return;
      if (r.off) cur = r.s ? subtract(cur, r.s) : [];
      else cur = r.s ? r.s.slice() : [[0, 1440]];
    });
    return cur;
  }

  function clock(m) {
    var h = Math.floor(m / 60), mm = m % 60;
    return h + NBSP + "h" + (mm ? NBSP + (mm < 10 ? "0" : "") + mm : "");
  }

  function say(now) {
    var p = paris(now), today = Date.UTC(p.y, p.m - 1, p.d), spans = open(today), i, k;
    for (i = 0; i < spans.length; i++) {
      if (spans[i][0] <= p.min && p.min < spans[i][1]) {
        // Open: until when, following the days that stay open through midnight.
        var end = spans[i][1], day = today;
        for (k = 0; end === 1440 && k < 7; k++) {
          day += 864e5;
          var next = open(day);
          if (!next.length || next[0][0] !== 0) break;
          end = next[0][1];
        }
        if (end === 1440 && k === 7) return [true, "Ouvert maintenant"];
        var when = end === 1440 ? "à minuit" : "à " + clock(end);
        if (day !== today && end !== 1440) when = (day - today === 864e5 ? "demain " : DAYS[(new Date(day).getUTCDay() + 6) % 7] + " ") + when;
        return [true, "Ouvert maintenant — ferme " + when];
      }
    }
    for (i = 0; i < spans.length; i++) {
      if (spans[i][0] > p.min) return [false, "Fermé — ouvre à " + clock(spans[i][0])];
    }
    for (k = 1; k <= 366; k++) {
      var t = today + k * 864e5, s = open(t);
      if (!s.length) continue;
      var at = " à " + clock(s[0][0]), d = new Date(t);
      if (k === 1) return [false, "Fermé — ouvre demain" + at];
      if (k < 7) return [false, "Fermé — ouvre " + DAYS[(d.getUTCDay() + 6) % 7] + at];
      return [false, "Fermé — ouvre le " + (d.getUTCDate() === 1 ? "1er" : d.getUTCDate()) + " " + MONTHS[d.getUTCMonth()] + at];
    }
    return [false, "Fermé"];
  }

  var r = say(new Date());
  el.textContent = r[1];
  el.className += r[0] ? " is-open" : " is-closed";
  el.hidden = false;
})();
