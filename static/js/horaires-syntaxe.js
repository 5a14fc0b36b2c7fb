// horaires-syntaxe.js reads an opening_hours value exactly as `atlas check` does (Go
// package internal/hours): the same subset of the OpenStreetMap syntax, the same
// rules, the same messages. The contribution form uses it to flag a bad value as it
// is typed. TestHoursScriptAgrees (internal/render) runs both on a corpus and fails
// on any difference of validity, message or rules: change the two together.
(function (root, make) {
	if (typeof module === "object" && module.exports) module.exports = make();
	else root.atlasHours = make();
})(this, function () {
	"use strict";
	var dayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
	var monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
	var englishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
	var frenchDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
	var englishMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
	var WORD = 0, TIME = 1, DASH = 2, COMMA = 3, SEMI = 4, OTHER = 5;

	// quote is Go's %q for the texts these messages quote.
	function quote(s) {
		var out = '"';
		for (var i = 0; i < s.length; i++) {
			var c = s.charCodeAt(i);
			var ch = s[i];
			if (ch === '"' || ch === "\\") out += "\\" + ch;
			else if (c === 7) out += "\\a";
			else if (c === 8) out += "\\b";
			else if (c === 12) out += "\\f";
			else if (c === 10) out += "\\n";
			else if (c === 13) out += "\\r";
			else if (c === 9) out += "\\t";
			else if (c === 11) out += "\\v";
			else if (c < 32 || c === 127) out += "\\x" + (c < 16 ? "0" : "") + c.toString(16);
			else out += ch;
		}
		return out + '"';
	}
	function pad2(n) { return (n < 10 ? "0" : "") + n; }
	function isLetter(c) { return /[a-zA-Z]/.test(c); }
	function isDigit(c) { return c >= "0" && c <= "9"; }
	function fail(off, msg, unsupported) { return { offset: off, message: msg, unsupported: !!unsupported }; }
	function unsupported(off, what) {
		return fail(off, what + " is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months", true);
	}

	function tokenize(s) {
		var toks = [], space = false, i = 0;
		while (i < s.length) {
			var c = s[i], j;
			if (c === " " || c === "\t") { space = true; i++; continue; }
			if (isLetter(c)) {
				for (j = i; j < s.length && isLetter(s[j]); j++);
				toks.push({ kind: WORD, text: s.slice(i, j), off: i, space: space }); i = j;
			} else if (isDigit(c)) {
				for (j = i; j < s.length && (isDigit(s[j]) || s[j] === ":" || s[j] === "."); j++);
				toks.push({ kind: TIME, text: s.slice(i, j), off: i, space: space }); i = j;
			} else if (c === "-") { toks.push({ kind: DASH, text: "-", off: i, space: space }); i++; }
			else if (c === ",") { toks.push({ kind: COMMA, text: ",", off: i, space: space }); i++; }
			else if (c === ";") { toks.push({ kind: SEMI, text: ";", off: i, space: space }); i++; }
			else {
				var n = s.codePointAt(i) > 0xffff ? 2 : 1;
				toks.push({ kind: OTHER, text: s.slice(i, i + n), off: i, space: space }); i += n;
			}
			space = false;
		}
		return toks;
	}

	function is(t, kind, text) { return !!t && t.kind === kind && t.text === text; }
	function dayIndex(w) { return dayNames.indexOf(w); }
	function monthIndex(w) { return monthNames.indexOf(w); }

	function Parser(src, toks, i) { this.src = src; this.toks = toks; this.i = i || 0; this.ruleStart = 0; }
	Parser.prototype.peek = function () { return this.i < this.toks.length ? this.toks[this.i] : null; };
	Parser.prototype.end = function () { return this.src.length; };
	Parser.prototype.offOr = function (t) { return t ? t.off : this.end(); };

	Parser.prototype.rule = function () {
		var r = { months: 0, days: 0, ph: false, off: false, spans: null, all: false };
		this.ruleStart = this.i;
		var start = this.peek();
		if (!start || start.kind === SEMI) throw fail(this.offOr(start), 'has an empty rule: remove the extra ";"');
		this.checkUnsupported();
		var t = this.peek();
		if (is(t, TIME, "24") && this.i + 2 < this.toks.length && is(this.toks[this.i + 1], OTHER, "/") && is(this.toks[this.i + 2], TIME, "7")) {
			this.i += 3;
			r.all = true;
			this.afterRule(r, true);
			return r;
		}
		var selected = false;
		t = this.peek();
		if (t && t.kind === WORD && monthIndex(t.text) >= 0) { r.months = this.items(monthIndex, 12, "month", false).mask; selected = true; }
		t = this.peek();
		if (t && t.kind === WORD && (dayIndex(t.text) >= 0 || t.text === "PH")) {
			var d = this.items(dayIndex, 7, "day", true);
			r.days = d.mask; r.ph = d.ph; selected = true;
		}
		t = this.peek();
		if (t && t.kind === TIME) {
			r.spans = this.spans(); selected = true;
		}
		this.afterRule(r, selected);
		return r;
	};

	Parser.prototype.afterRule = function (r, selected) {
		var t = this.peek();
		if (t && t.kind === WORD) {
			if (t.text === "off" || t.text === "closed") { r.off = true; this.i++; selected = true; }
			else if (t.text === "open") { this.i++; selected = true; }
			if (selected && !t.space && this.i - 1 > this.ruleStart && (t.text === "off" || t.text === "closed" || t.text === "open"))
				throw fail(t.off, "needs a space before " + quote(t.text));
		}
		t = this.peek();
		if (!t || t.kind === SEMI) {
			if (!selected) throw fail(this.offOr(t), "has an empty rule");
			return;
		}
		this.checkUnsupported();
		if (t.kind === COMMA) {
			var n = this.i + 1;
			if (n < this.toks.length && this.toks[n].kind !== SEMI) throw unsupported(t.off, 'an additional rule after ","');
			throw fail(t.off, 'has a "," that starts nothing');
		}
		if (t.kind === WORD && (dayIndex(t.text) >= 0 || monthIndex(t.text) >= 0 || t.text === "PH"))
			throw fail(t.off, "has " + quote(t.text) + " out of place: months and days come before the hours");
		if (t.kind === WORD) throw this.unknownWord(t);
		if (t.kind === TIME) throw fail(t.off, "has " + quote(t.text) + " out of place: hours come after the days");
		throw fail(t.off, "has " + quote(t.text) + " out of place");
	};

	Parser.prototype.checkUnsupported = function () {
		var t = this.peek();
		if (!t) return;
		if (t.kind === WORD) {
			switch (t.text.toLowerCase()) {
				case "sunrise": case "sunset": case "dawn": case "dusk": throw unsupported(t.off, "a time of the sun (" + t.text + ")");
				case "week": throw unsupported(t.off, "a week number");
				case "easter": throw unsupported(t.off, "easter");
				case "sh": throw unsupported(t.off, "school holidays (SH)");
				case "unknown": throw unsupported(t.off, "unknown");
			}
		} else if (t.kind === OTHER) {
			switch (t.text) {
				case '"': throw unsupported(t.off, "a comment");
				case "|": throw unsupported(t.off, "a fallback rule (||)");
				case "+": throw unsupported(t.off, "an open end (+)");
				case "[": throw unsupported(t.off, "a day of the month ([n])");
				case ":": throw unsupported(t.off, 'a ":" after a selector');
				case "/": throw unsupported(t.off, "a repetition (/)");
				case "(": throw unsupported(t.off, "a time of the sun");
			}
		} else if (t.kind === TIME) {
			if (t.text.length === 4 && !/[:.]/.test(t.text)) throw unsupported(t.off, "a year");
		}
	};

	function eqFold(a, b) { return a.toLowerCase() === b.toLowerCase(); }

	Parser.prototype.unknownWord = function (t) {
		this.checkUnsupported();
		var w = t.text, i;
		for (i = 0; i < 7; i++)
			if (eqFold(w, dayNames[i]) || w.length > 2 && eqFold(w, englishDays[i]) || w.length > 2 && eqFold(w, frenchDays[i]))
				return fail(t.off, "unknown day " + quote(w) + ": write " + dayNames[i]);
		for (i = 0; i < 12; i++)
			if (eqFold(w, monthNames[i]) || w.length > 3 && eqFold(w, englishMonths[i]))
				return fail(t.off, "unknown month " + quote(w) + ": write " + monthNames[i]);
		if (eqFold(w, "PH")) return fail(t.off, "unknown word " + quote(w) + ": write PH");
		if (eqFold(w, "off") || eqFold(w, "closed") || eqFold(w, "open")) return fail(t.off, "unknown word " + quote(w) + ": write " + w.toLowerCase());
		if (w.length === 2) return fail(t.off, "unknown day " + quote(w) + ": use Mo, Tu, We, Th, Fr, Sa, Su or PH");
		return fail(t.off, "unknown word " + quote(w) + ": use days (Mo-Fr), months (Jan-Mar), PH, off or 24/7");
	};

	Parser.prototype.items = function (index, n, what, allowPH) {
		var mask = 0, ph = false;
		for (;;) {
			var t = this.peek();
			if (!t || t.kind !== WORD) throw fail(this.offOr(t), "expects a " + what + ' after ","');
			if (allowPH && t.text === "PH") { ph = true; this.i++; }
			else {
				var a = index(t.text);
				if (a < 0) throw this.unknownWord(t);
				this.i++;
				var b = a;
				var d = this.peek();
				if (d && d.kind === DASH) {
					if (d.space) throw fail(d.off, 'has a space before "-": write ' + t.text + "-");
					this.i++;
					var e = this.peek();
					if (!e || e.kind !== WORD) throw fail(this.offOr(e), "expects a " + what + ' after "-"');
					if (e.space) throw fail(e.off, 'has a space after "-": write -' + e.text);
					b = index(e.text);
					if (b < 0) throw this.unknownWord(e);
					this.i++;
				}
				for (var i = a; ; i = (i + 1) % n) { mask |= 1 << i; if (i === b) break; }
				var x = this.peek();
				if (x && x.kind === TIME && what === "month" && x.text.length <= 2) throw unsupported(t.off, "a date (month and day)");
			}
			var c = this.peek();
			if (!c || c.kind !== COMMA) return { mask: mask, ph: ph };
			var m = this.i + 1;
			if (m >= this.toks.length || this.toks[m].kind !== WORD || (index(this.toks[m].text) < 0 && !(allowPH && this.toks[m].text === "PH"))) {
				if (m < this.toks.length && this.toks[m].kind === WORD) {
					if (what === "month" && dayIndex(this.toks[m].text) >= 0) throw fail(c.off, 'has a "," between the months and the days: write a space');
					throw this.unknownWord(this.toks[m]);
				}
				throw fail(c.off, 'has a "," that ends the ' + what + "s");
			}
			if (this.toks[this.i + 1].space || c.space)
				throw fail(c.off, 'has a space around ",": write ' + this.toks[this.i - 1].text + "," + this.toks[this.i + 1].text + " without spaces");
			this.i++;
		}
	};

	Parser.prototype.spans = function () {
		var out = [];
		for (;;) {
			var t = this.peek();
			if (!t || t.kind !== TIME) throw fail(this.offOr(t), 'expects hours like 09:00-12:00 after ","');
			var start = clock(t, false);
			this.i++;
			var d = this.peek();
			if (d && d.kind === OTHER && d.text === "+") throw unsupported(d.off, "an open end (+)");
			if (!d || d.kind !== DASH) throw fail(t.off, t.text + " has no end: write " + t.text + "-12:00");
			if (d.space) throw fail(d.off, 'has a space before "-": write ' + t.text + "-");
			this.i++;
			var e = this.peek();
			if (!e || e.kind !== TIME) {
				if (e && e.kind === WORD) this.checkUnsupported();
				throw fail(d.off, t.text + "- has no end: write " + t.text + "-12:00");
			}
			if (e.space) throw fail(e.off, 'has a space after "-": write -' + e.text);
			var end = clock(e, true);
			this.i++;
			var x = this.peek();
			if (x && x.kind === OTHER && (x.text === "+" || x.text === "/")) { this.checkUnsupported(); }
			if (end < start)
				throw fail(t.off, t.text + "-" + e.text + " goes past midnight, which atlas does not support: write " + t.text + "-24:00 and the next day 00:00-" + e.text, true);
			// The reference reads 12:00-12:00 as all day, but We 22:00-22:00 as closed.
			if (end === start)
				throw fail(t.off, t.text + "-" + e.text + " starts and ends at the same time, which atlas does not read: write 00:00-24:00 for the whole day, or off", true);
			out.push([start, end]);
			var c = this.peek();
			if (!c || c.kind !== COMMA) return merge(out);
			var n = this.i + 1;
			if (n >= this.toks.length || this.toks[n].kind !== TIME) {
				if (n < this.toks.length && this.toks[n].kind !== SEMI) {
					new Parser(this.src, this.toks, n).checkUnsupported();
					throw unsupported(c.off, 'an additional rule after ","');
				}
				throw fail(c.off, 'has a "," that starts nothing');
			}
			if (c.space || this.toks[this.i + 1].space) throw fail(c.off, 'has a space around ",": write ' + e.text + "," + this.toks[this.i + 1].text);
			this.i++;
		}
	};

	function clock(t, isEnd) {
		var s = t.text;
		if (!/^[0-9][0-9]:[0-9][0-9]$/.test(s)) {
			var hint = "", l = looseClock(s);
			if (l) hint = ": write " + pad2(l[0]) + ":" + pad2(l[1]);
			throw fail(t.off, "hour " + quote(s) + " is not written like 09:00" + hint);
		}
		var h = +s.slice(0, 2), m = +s.slice(3, 5);
		if (m > 59) throw fail(t.off, "hour " + s + " does not exist: minutes go from 00 to 59");
		if (h > 24 || h === 24 && m > 0) {
			if (h < 48 || h === 48 && m === 0) throw fail(t.off, "hour " + s + " goes past midnight, which atlas does not support", true);
			throw fail(t.off, "hour " + s + " does not exist: hours go from 00:00 to 24:00");
		}
		if (h === 24 && !isEnd) throw fail(t.off, "hour 24:00 can only end an interval: write 00:00");
		return h * 60 + m;
	}

	function looseClock(s) {
		var r = s.replace(/\./g, ":"), k = r.indexOf(":");
		var hs = k < 0 ? r : r.slice(0, k), ms = k < 0 ? "" : r.slice(k + 1);
		if (hs.length === 0 || hs.length > 2 || ms.length > 2 || ms.indexOf(":") >= 0) return null;
		if (!/^[0-9]*$/.test(hs + ms)) return null;
		var h = +hs, m = ms ? +ms : 0;
		return h <= 24 && m < 60 ? [h, m] : null;
	}

	function merge(s) {
		s.sort(function (a, b) { return a[0] - b[0]; });
		var out = [];
		s.forEach(function (x) {
			var n = out.length;
			if (n > 0 && x[0] <= out[n - 1][1]) { out[n - 1][1] = Math.max(out[n - 1][1], x[1]); return; }
			out.push(x);
		});
		return out;
	}

	// checkRule refuses the rule r that follows rules, at off, when the reference reads
	// it only with a warning: what it says is then ambiguous.
	function checkRule(rules, r, off) {
		var selectors = r.months !== 0 || r.days !== 0 || r.ph;
		if (selectors && r.spans === null && !r.off)
			throw fail(off, "has days or months without hours: add them (Mo-Fr 09:00-18:00), or write 00:00-24:00 for the whole day");
		if (!selectors && r.spans === null && !r.all && rules.length > 0)
			throw fail(off, "has a rule without days nor hours after other rules, which replaces them all: put it first");
		if (rules.length === 1 && rules[0].all && !r.all)
			throw fail(off, "has rules after 24/7: write open instead of 24/7 before them");
		if (!selectors && r.spans !== null && !r.off)
			rules.forEach(function (x) {
				if (x.months === 0 && x.days === 0 && !x.ph && x.spans !== null && !x.off)
					throw fail(off, 'has two rules with hours only: join them with "," (10:00-12:00,14:00-18:00)');
			});
	}

	// parse returns {rules} or {error: {offset, message, unsupported}}; offsets count
	// UTF-16 code units, where Go counts bytes: they agree on ASCII text.
	function parse(s) {
		if (s.trim() === "") return { error: fail(0, "is empty") };
		var p = new Parser(s, tokenize(s)), rules = [];
		try {
			for (;;) {
				var r = p.rule();
				checkRule(rules, r, p.toks[p.ruleStart].off);
				rules.push(r);
				var t = p.peek();
				if (!t) return { rules: rules };
				p.i++;
				if (!p.peek()) throw fail(t.off, 'ends with ";": remove it or add a rule after it');
			}
		} catch (e) {
			if (e && typeof e.message === "string" && "offset" in e) return { error: e };
			throw e;
		}
	}
	return { parse: parse };
});
