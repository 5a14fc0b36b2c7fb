// Browser checks on a built atlas, run by .ci/browser-checks:
//
//   node checks.mjs --root DIR --prefix /sous/chemin/ --port PORT
//                   [--lighthouse] [--screenshots OUTDIR] [--name LABEL]
//
// DIR is served on 127.0.0.1:PORT (the site itself lives in DIR + prefix and was built
// with --base-url http://127.0.0.1:PORT + prefix). For every HTML page of the site, in
// headless Debian Chromium (driven by puppeteer-core, never a downloaded browser):
//   - every request the page makes is recorded; any request to another host than
//     127.0.0.1:PORT, or any request that fails or answers 4xx/5xx, is an error;
//   - axe-core runs the WCAG 2.0/2.1 A and AA rules plus the landmark, heading and
//     skip-link best practices, at 1280 px (desktop) and 360 px (phone), and at 1280 px
//     in the dark colour scheme (prefers-color-scheme: dark) with every <details> open;
//   - at 360 px the page must not scroll sideways (tables and maps scroll in their box);
//   - with print media, the header, navigation and footer links must be hidden;
//   - on a commune's /integrer/ page, the code to paste frames the commune's page of
//     the site, and that page, in the preview frame, has no header, footer or menu,
//     opens every link in a new tab and loads nothing but the site's own files.
// With --lighthouse, Lighthouse (mobile, default settings) scores the home page and the
// largest commune, initiative and type pages; each category must reach 0.95. A page is
// run again, up to 3 times, while a category is below the threshold, and the best score
// of each category is kept: performance varies on a loaded 2-core machine.
// With --screenshots, phone and desktop screenshots of the home, commune, initiative,
// type, map and network pages and an A4 PDF of the commune page are written to OUTDIR.
//
// It prints one line per problem and exits 1 if there is any.
import { readdir, readFile, mkdir, writeFile, stat } from 'node:fs/promises';
import { join, relative, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const root = args.root;
const prefix = (args.prefix || '/').replace(/\/?$/, '/');
const port = Number(args.port || 0);
const label = args.name || 'site';
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

// The WCAG 2.0 and 2.1 A and AA rules, and the best practices the issue names:
// landmarks, headings in order, skip link.
const bestPractices = [
  'region', 'landmark-one-main', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main', 'landmark-unique', 'landmark-banner-is-top-level',
  'landmark-contentinfo-is-top-level', 'landmark-main-is-top-level', 'landmark-complementary-is-top-level',
  'heading-order', 'page-has-heading-one', 'empty-heading', 'skip-link', 'bypass',
];
const problems = [];
const problem = (where, what) => {
  problems.push(`${where}: ${what}`);
  console.log(`FAIL ${where}: ${what}`);
};

const server = await serve(root, port);
const origin = `http://127.0.0.1:${server.address().port}`;
const siteDir = join(root, prefix);
const pages = (await htmlFiles(siteDir)).map((f) => {
  const rel = relative(siteDir, f).split('\\').join('/');
  return prefix + rel.replace(/(^|\/)index\.html$/, '$1');
});
// The search page is also checked with a query, so that its script runs and fetches
// its index shards.
const search = pages.find((p) => p === prefix + 'recherche/');
if (search) pages.push(search + '?q=velo');


// One tab checks every page in turn; its listeners report to the current check.
let tab = null;
let current = null;
async function checkPage(path) {
  if (!tab) {
    tab = await browser.newPage();
    await tab.setRequestInterception(true);
    tab.on('request', (req) => {
      if (!current) return req.continue();
      current.requests.push(req.url());
      // An alias page redirects with <meta http-equiv=refresh>: it is checked as it
      // is, less that tag, so that it stays on screen (the Nu checker sees it whole).
      if (current.alias && req.isNavigationRequest() && req.frame() === tab.mainFrame()) {
        return req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: current.alias });
      }
      req.continue();
    });
    tab.on('requestfailed', (req) => {
      if (!current) return;
      problem(current.path, `request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    tab.on('response', (res) => {
      if (current && res.status() >= 400) problem(current.path, `HTTP ${res.status()} for ${res.url()}`);
    });
    tab.on('pageerror', (err) => current && problem(current.path, `script error: ${err.message}`));
  }
  const page = tab;
  const url = origin + path;
  current = { path, requests: [], alias: null };
  const file = join(siteDir, path.slice(prefix.length).replace(/\?.*/, '').replace(/(^|\/)$/, '$1index.html'));
  const html = await readFile(file, 'utf8').catch(() => '');
  if (/<meta http-equiv="?refresh/i.test(html)) current.alias = html.replace(/<meta http-equiv="?refresh"?[^>]*>/i, '');
  const requests = current.requests;
  try {
    await page.emulateMediaType('screen');
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    // Requests made after the load event (fetches by scripts) are recorded too.
    await page.waitForNetworkIdle({ idleTime: 150, timeout: 5000 }).catch(() => {});
    if (path.includes('?q=')) await page.waitForFunction(() => document.getElementById('etat')?.textContent, { timeout: 10000 })
      .catch(() => problem(path, 'the search never says how many results it found'));
    await axe(page, path, 'desktop');
    // The dark colour scheme, with every disclosure open, so that the tables behind
    // them (the charts' of the état des lieux) are checked too.
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; d.dataset.atlasOpened = ''; }));
    await axe(page, path, 'desktop, dark');
    await page.evaluate(() => document.querySelectorAll('details[data-atlas-opened]').forEach((d) => { d.open = false; delete d.dataset.atlasOpened; }));
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    if (path === prefix) await focusVisible(page, path);
    if (/\/integrer\/$/.test(path)) await embed(page, path);
    await page.setViewport({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      if (doc.scrollWidth <= doc.clientWidth + 1) return null;
      // Name the widest element that sticks out of the viewport.
      let worst = null;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > doc.clientWidth + 1 && (!worst || r.right > worst.r)) {
          worst = { r: r.right, d: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') };
        }
      }
      return `${doc.scrollWidth}px wide${worst ? `, e.g. <${worst.d}> ends at ${Math.round(worst.r)}px` : ''}`;
    });
    if (overflow) problem(path, `scrolls sideways at 360 px: ${overflow}`);
    await axe(page, path, 'phone');
    if (path === prefix) await phoneMenu(page, path);
    await page.emulateMediaType('print');
    const shown = await page.evaluate(() =>
      ['.site-header', '.site-nav', '.skip', '.footer-links', '.crumbs']
        .filter((s) => { const el = document.querySelector(s); return el && getComputedStyle(el).display !== 'none'; }));
    if (shown.length) problem(path, `printed with ${shown.join(', ')}`);
  } catch (err) {
    problem(path, `could not be checked: ${err.message}`);
  } finally {
    current = null;
    for (const r of requests) {
      const u = new URL(r);
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') continue;
      if (u.origin !== origin) problem(path, `request to another host: ${r}`);
    }
  }
}

// embed checks a commune's /integrer/ page as a mairie would use it: the code to paste
// frames the commune's page of the site, and that page, shown in the preview frame,
// has no header, footer or menu, opens every link in a new tab, and loads nothing but
// the site's own files (its requests are recorded with the page's).
async function embed(page, path) {
  const frameURL = origin + path + 'cadre/';
  const code = await page.$eval('#code-iframe', (t) => t.value).catch(() => '');
  if (!code.startsWith(`<iframe src="${frameURL}" title="`) || !code.endsWith('></iframe>')) problem(path, `the code to paste is not an iframe of ${frameURL}: ${code}`);
  const el = await page.$('iframe.embed-preview');
  if (!el) return problem(path, 'no preview frame');
  await el.scrollIntoView();
  const frame = await el.contentFrame();
  try {
    await frame.waitForSelector('main.embed h1', { timeout: 10000 });
  } catch {
    return problem(path, 'the preview frame did not load the framed page');
  }
  if (frame.url() !== frameURL) problem(path, `the preview frame shows ${frame.url()}, not ${frameURL}`);
  const found = await frame.evaluate(() => ({
    chrome: [...document.querySelectorAll('header, footer, nav, .site-header, .site-footer')].map((e) => e.tagName.toLowerCase()),
    sameTab: [...document.querySelectorAll('a')].filter((a) => a.target !== '_blank' || !/\bnoopener\b/.test(a.rel)).map((a) => a.href),
    links: document.querySelectorAll('a').length,
    styled: getComputedStyle(document.body).fontFamily !== '' && document.styleSheets.length === 1,
  }));
  if (found.chrome.length) problem(path, `the framed page has ${found.chrome.join(', ')}`);
  if (found.sameTab.length) problem(path, `the framed page's links open in the frame: ${found.sameTab.join(' ')}`);
  if (found.links === 0) problem(path, 'the framed page has no link to the atlas');
  if (!found.styled) problem(path, 'the framed page does not have the site\'s stylesheet');
}

async function axe(page, path, where) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(axeSource);
  const result = await page.evaluate(async (extra) => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const rules = window.axe.getRules(tags).map((r) => r.ruleId);
    const known = new Set(window.axe.getRules().map((r) => r.ruleId));
    for (const r of extra) if (known.has(r) && !rules.includes(r)) rules.push(r);
    const res = await window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1, 2).join('').trim() : ''}`),
      count: v.nodes.length,
    }));
  }, bestPractices);
  for (const v of result) {
    problem(path, `axe ${where} ${v.id} (${v.impact}): ${v.help}; ${v.count} node(s): ${v.nodes.join(' | ')}`);
  }
}

// focusVisible tabs through the first elements of a page from the top (the skip link,
// the header, the content) and checks that each one shows a focus outline.
async function focusVisible(page, path) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        what: `<${el.tagName.toLowerCase()}>${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}`,
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        shadow: cs.boxShadow !== 'none',
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight + 1000,
      };
    });
    if (!f) break;
    if (!f.outline && !f.shadow) problem(path, `no visible focus on ${f.what}`);
    if (!f.onScreen) problem(path, `focused element off screen: ${f.what}`);
    if (i === 0 && !f.what.startsWith('<a>Aller au contenu')) problem(path, `the first Tab does not reach the skip link but ${f.what}`);
  }
}

// phoneMenu checks the header menu at phone width: folded behind its button, opened
// by it (aria-expanded), closed by Escape.
async function phoneMenu(page, path) {
  const state = () => page.evaluate(() => {
    const b = document.querySelector('.menu-toggle');
    const ul = document.getElementById('menu');
    return { button: !!b && b.offsetParent !== null, expanded: b?.getAttribute('aria-expanded'), links: !!ul && ul.offsetParent !== null };
  });
  let s = await state();
  if (!s.button || s.links) return problem(path, `at 360 px the menu is not folded behind a visible button (${JSON.stringify(s)})`);
  await page.click('.menu-toggle');
  s = await state();
  if (s.expanded !== 'true' || !s.links) problem(path, `the menu button does not open the menu (${JSON.stringify(s)})`);
  await axe(page, path, 'phone, menu open');
  await page.keyboard.press('Escape');
  s = await state();
  if (s.expanded !== 'false' || s.links) problem(path, `Escape does not close the menu (${JSON.stringify(s)})`);
}

async function lighthouseRuns() {
  const { default: lighthouse } = await import('lighthouse');
  const port = Number(new URL(browser.wsEndpoint()).port);
  const pick = async (dir) => {
    // The largest page of its kind: the worst case for size and layout.
    let best = null;
    for (const name of await readdir(join(siteDir, dir)).catch(() => [])) {
      const f = join(siteDir, dir, name, 'index.html');
      const st = await stat(f).catch(() => null);
      if (st && (!best || st.size > best.size)) best = { size: st.size, path: `${prefix}${dir}/${name}/` };
    }
    return best?.path;
  };
  const targets = [prefix, await pick('communes'), await pick('initiatives'), await pick('types')].filter(Boolean);
  const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
  const rows = [];
  for (const path of targets) {
    const best = {};
    const failing = {};
    for (let run = 1; run <= 3; run++) {
      const result = await lighthouse(origin + path, { port, output: 'json', logLevel: 'error', onlyCategories: categories });
      const lhr = result.lhr;
      if (lhr.runtimeError) problem(path, `lighthouse: ${lhr.runtimeError.message}`);
      for (const c of categories) {
        const s = lhr.categories[c]?.score ?? 0;
        if (!(c in best) || s > best[c]) best[c] = s;
        if (s < 1) {
          failing[c] = Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
            .map((a) => `${a.id}${a.displayValue ? ' (' + a.displayValue + ')' : ''}`);
        }
      }
      rows.push(`  ${path} run ${run}: ${categories.map((c) => `${c} ${lhr.categories[c]?.score}`).join(', ')}`);
      if (categories.every((c) => best[c] >= 0.95)) break;
    }
    for (const c of categories) {
      if (best[c] < 0.95) problem(path, `lighthouse ${c} ${best[c]} < 0.95 (best of 3); low audits: ${(failing[c] || []).join(', ')}`);
    }
    console.log(`lighthouse ${path}: ${categories.map((c) => `${c} ${best[c]}`).join(', ')}`);
  }
  console.log(rows.join('\n'));
}

async function screenshots(out) {
  await mkdir(out, { recursive: true });
  const pick = (dir) => pages.find((p) => p.startsWith(prefix + dir + '/') && p !== prefix + dir + '/');
  const shots = {
    home: prefix, commune: pick('communes'), initiative: pick('initiatives'), type: pick('types'),
    carte: prefix + 'carte/', reseau: prefix + 'reseau/', etat: prefix + 'etat-des-lieux/', recherche: prefix + 'recherche/?q=velo',
  };
  if (args.commune) shots.commune = prefix + `communes/${args.commune}/`;
  const page = await browser.newPage();
  for (const [name, path] of Object.entries(shots)) {
    if (!path) continue;
    for (const [w, h, tag] of [[360, 740, 'phone'], [768, 1024, 'tablet'], [1280, 900, 'desktop']]) {
      await page.setViewport({ width: w, height: h, deviceScaleFactor: 1, isMobile: w < 700 });
      await page.goto(origin + path, { waitUntil: 'networkidle0' });
      await page.screenshot({ path: join(out, `${name}-${tag}.png`), fullPage: true });
    }
  }
  await page.setViewport({ width: 360, height: 740, deviceScaleFactor: 1, isMobile: true });
  await page.goto(origin + prefix, { waitUntil: 'networkidle0' });
  await page.click('.menu-toggle');
  await page.screenshot({ path: join(out, 'menu-phone.png') });
  await page.goto(origin + shots.commune, { waitUntil: 'networkidle0' });
  await page.pdf({ path: join(out, 'commune.pdf'), preferCSSPageSize: true, printBackground: true });
  await page.close();
  console.log(`screenshots and commune.pdf in ${out}`);
}

async function htmlFiles(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...await htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  ],
});

const started = Date.now();
try {
  for (const path of pages) await checkPage(path);
  console.log(`${label}: ${pages.length} pages checked with axe-core at 1280 and 360 px and in the dark scheme, requests recorded, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (args.screenshots) await screenshots(args.screenshots);
  if (args.lighthouse) await lighthouseRuns();
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.log(`\n${label}: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`${label}: ok`);
