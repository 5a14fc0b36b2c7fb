// contribuer.js makes the « Proposer une initiative » form of /contribuer/ work: as it
// is filled, it writes the Markdown file of the initiative (TOML front matter between
// +++ lines, then the description), checks each value with the rules and messages of
// `atlas check` (given by the build in #regles, and horaires-syntaxe.js for the hours),
// and offers to download it, copy it, send it by e-mail or open a prefilled issue on
// the site's forge. The functions that make the file do not touch the page, so that
// the tests run them in Node too.
(function (root, make) {
	var api = make();
	if (typeof module === "object" && module.exports) module.exports = api;
	else root.atlasContribuer = api;
	if (typeof document !== "undefined") api.start(document, root);
})(this, function () {
	"use strict";

	var spelt = { "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th" };

	// slug is slug.Make of package internal/slug: accents folded, ligatures spelt out,
	// lowercase ASCII words joined by hyphens.
	function slug(name) {
		var s = name.replace(/[œŒæÆßøØłŁđĐðþ]/g, function (c) { return spelt[c]; });
		s = s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase();
		return (s.match(/[a-z0-9]+/g) || []).join("-");
	}

	// tomlString writes s as a TOML basic string. Control characters, which `atlas
	// check` refuses, are dropped; a line break is kept as \n.
	function tomlString(s) {
		s = s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").replace(/[\ud800-\udfff]/g, function (c, i, all) {
			var code = c.charCodeAt(0);
			var pair = code < 0xdc00 ? all.charCodeAt(i + 1) : all.charCodeAt(i - 1);
			var ok = code < 0xdc00 ? pair >= 0xdc00 && pair <= 0xdfff : pair >= 0xd800 && pair < 0xdc00;
			return ok ? c : "";
		});
		return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t") + '"';
	}

	function fill(msg, vars) {
		return msg.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
	}

	// goQuote is Go's %q for what a user types in one line.
	function goQuote(s) {
		return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\t/g, "\\t") + '"';
	}

	// checkURL is checkURL of package internal/content: why s is not an acceptable
	// link, or "".
	function checkURL(s, m) {
		if (/[\u0000-\u001f\u007f ]/.test(s) || /%(?![0-9a-fA-F]{2})/.test(s)) return m.Invalid;
		var sc = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
		if (!sc) return /^[^/?#]*:/.test(s) ? m.Invalid : m.Relative;
		var scheme = sc[1].toLowerCase(), rest = sc[2];
		if (scheme === "http" || scheme === "https") {
			var h = /^\/\/([^/?#]*)/.exec(rest);
			var host = h ? h[1].replace(/^[^@]*@/, "") : "";
			return host === "" ? m.NoHost : "";
		}
		if (scheme === "mailto") return rest === "" || rest[0] === "/" ? m.NoAddress : "";
		return fill(m.Scheme, { scheme: sc[1] });
	}

	// check returns the problems of the values v (field → string) as {field: message},
	// each the message `atlas check` gives, and French help for the form.
	function check(v, rules, hours) {
		var errs = {};
		rules.required.forEach(function (k) {
			var x = k === "communes" ? (v.communes || []).join("") : v[k] || "";
			if (x.trim() === "") errs[k] = fill(rules.missing, { key: k });
		});
		rules.fields.forEach(function (r) {
			var x = v[r.field] || "";
			if (x !== "" && !new RegExp(r.pattern).test(x)) errs[r.field] = fill(r.message, { value: goQuote(x) });
		});
		["website", "source_url"].forEach(function (k) {
			var x = v[k] || "";
			var m = x && checkURL(x, rules.url);
			if (m) errs[k] = (k === "source_url" ? "url" : k) + " " + goQuote(x) + " " + m;
		});
		if (v.opening_hours && hours) {
			var r = hours.parse(v.opening_hours);
			if (r.error) errs.opening_hours = "opening_hours " + goQuote(v.opening_hours) + ": " + r.error.message;
		}
		// The form's own checks, which have no message of `atlas check`: a year that is
		// not one is left out of the file, and every fiche cites its source.
		var since = (v.since || "").trim();
		if (since && !/^[0-9]{4}$/.test(since)) errs.since = "";
		else if (since && (+since < 1800 || +since > 2200)) errs.since = "since " + since + " is out of range [1800, 2200]";
		if (!v.source || v.source.trim() === "") errs.source = "";
		return errs;
	}

	// makeFile returns the Markdown file of the initiative described by v.
	function makeFile(v, today) {
		var lines = ["+++"];
		function put(k, x) { if (x !== undefined && x !== "" && x !== null) lines.push(k + " = " + x); }
		function str(k) { var x = (v[k] || "").trim(); if (x) put(k, tomlString(x)); }
		function list(xs) { return "[" + xs.map(tomlString).join(", ") + "]"; }
		str("title");
		var communes = (v.communes || []).filter(function (c, i, all) { return c && all.indexOf(c) === i; });
		put("communes", list(communes));
		str("type");
		if (v.themes && v.themes.length) put("themes", list(v.themes));
		str("status");
		if (/^[0-9]{4}$/.test((v.since || "").trim())) put("since", v.since.trim());
		["carrier", "address", "opening_hours", "phone", "email", "website", "access", "wheelchair"].forEach(str);
		put("verified", today);
		lines.push("", "[[sources]]");
		lines.push("title = " + tomlString((v.source || "").trim()));
		lines.push("date = " + today);
		if ((v.source_url || "").trim()) lines.push("url = " + tomlString(v.source_url.trim()));
		lines.push("+++");
		var body = (v.body || "").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").trim();
		return lines.join("\n") + "\n" + (body ? body + "\n" : "");
	}

	// issueURL is Contribute.NewIssueURL of package internal/content.
	function issueURL(rules, title, body) {
		if (!rules.repo) return "";
		var gl = rules.forge === "gitlab";
		var q = (gl ? "issue%5Bdescription%5D=" : "body=") + encodeURIComponent(body) + "&" + (gl ? "issue%5Btitle%5D=" : "title=") + encodeURIComponent(title);
		return rules.repo + (gl ? "/-/issues/new?" : "/issues/new?") + q;
	}

	// mailURL is Contribute.MailtoURL of package internal/content.
	function mailURL(rules, subject, body) {
		if (!rules.email) return "";
		var enc = function (s) { return encodeURIComponent(s.replace(/\r?\n/g, "\r\n")); };
		return "mailto:" + rules.email + "?subject=" + enc(subject) + (body ? "&body=" + enc(body) : "");
	}

	// French help shown under a field beside the message of `atlas check`.
	var help = {
		title: "Indiquez le nom de l’initiative.",
		communes: "Choisissez la commune où elle se trouve.",
		type: "Choisissez le type qui la décrit le mieux.",
		status: "Choisissez où elle en est.",
		phone: "Écrivez le numéro comme 01 23 45 67 89, +33 1 23 45 67 89 ou 3939.",
		email: "Écrivez une adresse comme contact@exemple.fr.",
		website: "Écrivez l’adresse complète, qui commence par https:// ou http://.",
		source_url: "Écrivez l’adresse complète, qui commence par https:// ou http://.",
		opening_hours: "Ces horaires ne suivent pas la syntaxe d’OpenStreetMap (par exemple Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00).",
		since: "Écrivez une année sur quatre chiffres, par exemple 2021.",
		source: "Dites comment vous le savez : le site de la structure, une visite, un document."
	};

	function start(doc, win) {
		var form = doc.getElementById("contribuer");
		var data = doc.getElementById("regles");
		if (!form || !data) return;
		var rules = JSON.parse(data.textContent);
		var hours = win.atlasHours;
		var base = form.getAttribute("data-base") || "/";
		form.hidden = false;
		var preview = doc.getElementById("c-apercu"), path = doc.getElementById("c-path"), etat = doc.getElementById("c-etat");
		var mail = doc.getElementById("c-mail"), issue = doc.getElementById("c-issue");
		var fieldIds = { title: "c-title", communes: "c-commune", type: "c-type", status: "c-status", phone: "c-phone", email: "c-email",
			website: "c-website", source_url: "c-source-url", opening_hours: "c-hours", since: "c-since", source: "c-source" };
		var touched = {}, file = "", name = "", existing = "", lastSlug = "";

		function values() {
			var v = {};
			Array.prototype.forEach.call(form.elements, function (el) {
				if (!el.name || el.type === "button") return;
				if (el.type === "checkbox") { if (el.checked) (v[el.name] = v[el.name] || []).push(el.value); return; }
				v[el.name] = el.value;
			});
			v.communes = [v.communes || "", v.communes2 || ""].filter(Boolean);
			delete v.communes2;
			return v;
		}
		function today() {
			var d = new Date();
			return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
		}
		function showErrors(errs, all) {
			Object.keys(fieldIds).forEach(function (k) {
				var el = doc.getElementById(fieldIds[k]), out = doc.getElementById(fieldIds[k] + "-err");
				var bad = k in errs && (all || touched[k]);
				el.setAttribute("aria-invalid", bad ? "true" : "false");
				if (!out) return;
				out.textContent = "";
				if (!bad) return;
				out.appendChild(doc.createTextNode(help[k] + " "));
				if (errs[k]) {
					var m = doc.createElement("span");
					m.className = "check-msg";
					m.lang = "en";
					m.textContent = "atlas check : " + errs[k];
					out.appendChild(m);
				}
			});
		}
		function update(all) {
			var v = values();
			var errs = check(v, rules, hours);
			showErrors(errs, all);
			var s = slug(v.title || "");
			name = (s || "nouvelle-initiative") + ".md";
			file = makeFile(v, today());
			preview.textContent = file;
			path.textContent = rules.directory + "/" + name;
			var n = Object.keys(errs).length;
			etat.textContent = n === 0 ? (existing ? "Attention : " + existing : "Le fichier est complet : vous pouvez l’envoyer.")
				: n === 1 ? "Un champ reste à compléter ou à corriger." : n + " champs restent à compléter ou à corriger.";
			var subject = "Proposition d’initiative : " + (v.title || "").trim();
			var note = "Fichier à ajouter : " + rules.directory + "/" + name + "\n\n" + file;
			if (mail) mail.href = mailURL(rules, subject, note + (v.contact ? "\nPour me recontacter (à ne pas publier) : " + v.contact + "\n" : ""));
			if (issue) issue.href = issueURL(rules, subject, "Fichier à ajouter : `" + rules.directory + "/" + name + "`\n\n```toml\n" + file + "```\n");
			if (s && s !== lastSlug) { lastSlug = s; exists(s); }
			return errs;
		}
		// exists asks the site whether a page already has that slug: a HEAD request to
		// a page of the atlas itself, so nothing leaves the site.
		function exists(s) {
			if (!win.fetch) return;
			win.fetch(base + "initiatives/" + s + "/", { method: "HEAD" }).then(function (r) {
				if (s !== lastSlug) return;
				existing = r.ok ? "une fiche porte déjà ce nom (" + base + "initiatives/" + s + "/) : s’il s’agit de la même initiative, signalez plutôt une correction sur sa page ; sinon, précisez le nom." : "";
				update(false);
			}, function () {});
		}
		form.addEventListener("input", function (e) { if (e.target.name) touched[e.target.name === "communes2" ? "communes" : e.target.name] = true; update(false); });
		form.addEventListener("change", function (e) { if (e.target.name) touched[e.target.name] = true; update(false); });
		// « Vérifier la fiche » (or Enter in a field) shows what is missing and goes to it.
		form.addEventListener("submit", function (e) { e.preventDefault(); guard(e); });
		// A button or link that sends the file first shows what is missing.
		function guard(e) {
			var errs = update(true);
			var keys = Object.keys(errs);
			if (keys.length === 0) return true;
			e.preventDefault();
			var first = doc.getElementById(fieldIds[keys[0]]);
			if (first) first.focus();
			return false;
		}
		doc.getElementById("c-download").addEventListener("click", function (e) {
			if (!guard(e)) return;
			var a = doc.createElement("a");
			a.href = URL.createObjectURL(new Blob([file], { type: "text/markdown;charset=utf-8" }));
			a.download = name;
			doc.body.appendChild(a);
			a.click();
			a.remove();
			etat.textContent = "Fichier « " + name + " » téléchargé.";
		});
		doc.getElementById("c-copy").addEventListener("click", function (e) {
			if (!guard(e)) return;
			var done = function () { etat.textContent = "Fichier copié : collez-le dans un courriel ou une demande."; };
			if (win.navigator.clipboard) win.navigator.clipboard.writeText(file).then(done, function () { select(); });
			else select();
			function select() {
				var r = doc.createRange();
				r.selectNodeContents(preview);
				var sel = win.getSelection();
				sel.removeAllRanges();
				sel.addRange(r);
				etat.textContent = "Le fichier est sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).";
			}
		});
		if (mail) mail.addEventListener("click", guard);
		if (issue) issue.addEventListener("click", guard);
		update(false);
	}

	return { slug: slug, tomlString: tomlString, checkURL: checkURL, check: check, makeFile: makeFile, issueURL: issueURL, mailURL: mailURL, start: start };
});
