// Cross-check of atlas's opening_hours parser (internal/hours) against the reference
// implementation, the npm package opening_hours that OpenStreetMap editors use.
//
//   node crosscheck.js DUMP.jsonl        (DUMP from: go run ./internal/hours/dump < corpus.txt)
//
// corpus.txt holds the values of the reference's own tests, one a line: every string
// of the value lists of test.addTest, addShouldFail and addShouldWarn in test/test.js
// of opening_hours.js at commit e041cdf (LGPL-3.0-only, © Robin Schneider and
// contributors), 837 values. atlas.txt adds the kind of values atlas's fiches use.
// For each value, the reference is "ok" when it reads it without warning, "warn"
// when it reads it with warnings (it tolerates and corrects many mistakes), "error"
// when it refuses it. Agreement:
//   atlas ok          ⇔ reference ok, with the same open intervals over the whole year;
//   atlas invalid     → reference warn or error (atlas refuses what is not canonical);
//   atlas unsupported → anything: valid OpenStreetMap syntax or not, atlas does not
//                       read it and says so; counted.
// Run under TZ=UTC, so that both sides count civil minutes without clock changes.
'use strict';
const fs = require('fs');
const OH = require('opening_hours');

const YEAR = 2026;
// Paris, so that PH means France's public holidays outside Alsace-Moselle.
const nominatim = { lat: 48.8566, lon: 2.3522, address: { country_code: 'fr', state: 'Île-de-France' } };

if (process.env.TZ !== 'UTC') {
  console.error('crosscheck.js must run with TZ=UTC');
  process.exit(2);
}
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
const from = new Date(Date.UTC(YEAR, 0, 1));
const to = new Date(Date.UTC(YEAR + 1, 0, 1));

function reference(value) {
  let oh;
  try {
    oh = new OH(value, nominatim, { mode: 0 });
  } catch (e) {
    return { status: 'error', message: String(e).split('\n')[0] };
  }
  const warnings = oh.getWarnings();
  if (warnings.length > 0) {
    return { status: 'warn', message: warnings[0].split('\n')[0] };
  }
  const intervals = oh.getOpenIntervals(from, to).map(([a, b, unknown]) =>
    [Math.round((a - from) / 60000), Math.round((b - from) / 60000), unknown]);
  return { status: 'ok', intervals };
}

const count = { total: 0, ok: 0, invalid: 0, unsupported: 0 };
const failures = [];
for (const g of lines) {
  count.total++;
  count[g.status]++;
  const r = reference(g.value);
  switch (g.status) {
    case 'ok': {
      if (r.status !== 'ok') {
        failures.push(`${JSON.stringify(g.value)}: atlas reads it, the reference says ${r.status}: ${r.message}`);
        break;
      }
      const want = JSON.stringify(r.intervals.map(([a, b, unknown]) => unknown ? [a, b, 'unknown'] : [a, b]));
      const got = JSON.stringify(g.intervals || []);
      if (want !== got) {
        failures.push(`${JSON.stringify(g.value)}: the schedules differ over ${YEAR}\n  atlas     ${got.slice(0, 300)}\n  reference ${want.slice(0, 300)}`);
      }
      break;
    }
    case 'invalid':
      if (r.status === 'ok') {
        failures.push(`${JSON.stringify(g.value)}: atlas refuses it (${g.message}), the reference reads it without warning`);
      }
      break;
  }
}
if (count.total < 200) {
  failures.push(`the corpus has ${count.total} values, fewer than 200`);
}
for (const f of failures) console.log('FAIL ' + f);
console.log(`opening_hours cross-check: ${count.total} values, atlas reads ${count.ok} as the reference does, refuses ${count.invalid} as invalid and ${count.unsupported} as unsupported; ${failures.length} disagreements`);
process.exit(failures.length > 0 ? 1 : 0);
