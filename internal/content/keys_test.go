package content

import "testing"

// TestIndexKeys checks where the key index puts keys and values, as line:col of the
// key and of the value.
func TestIndexKeys(t *testing.T) {
	for _, tc := range []struct {
		src  string
		name string
		key  string // the text at the key's offset
		val  string // the text at the value's offset
	}{
		{"title = \"a\"\n", "title", "title", `"a"`},
		{"[location]\nlat = 1\n", "location.lat", "lat", "1"},
		{"location = { lat = 1, lon = 2 }\n", "location.lon", "lon", "2 }"},
		{"a.b = 1\n", "a", "a.b", "a.b"},
		{"[[sources]]\ntitle = 'x'\n[[sources]]\ntitle = 'y'\n", "sources[1].title", "title = 'y'", "'y'"},
		{"sources = [{ title = 'x' }, { title = 'y' }]\n", "sources[1].title", "title = 'y' }]", "'y' }]"},
		// A dotted key in an inline table implies its table, found where it is written.
		{`location={l.0=""}`, "location.l", `l.0=""}`, `l.0=""}`},
		{`location={l.0=""}`, "location.l.0", `0=""}`, `""}`},
		{`location={"l".a.b=1}`, "location.l", `"l".a.b=1}`, `"l".a.b=1}`},
		{`location={"l".a.b=1}`, "location.l.a", `a.b=1}`, `a.b=1}`},
		// Each part of a dotted key or table name is found where it is written.
		{"map.x = 1\n", "map.x", "x = 1", "1"},
		{"[map.0]\n", "map.0", "0]", "[map.0]"},
		{"[map.0]\n", "map", "map.0]", "map.0]"},
		{"[[a.b]]\nc = 1\n", "a.b", "b]]", "[[a.b]]"},
		{"[[a.b]]\nc = 1\n", "a.b[0].c", "c = 1", "1"},
		// Quoted keys keep their dots, brackets and the other kind of quote.
		{`"'" = 0`, "'", `"'" = 0`, "0"},
		{`'"' = 0`, `"`, `'"' = 0`, "0"},
		{"[\"'0\"]\nx = 1\n", "'0.x", "x = 1", "1"},
		{"[ \"a]\" . b ]\nx = 1\n", "a].b.x", "x = 1", "1"},
		{"\"a.b\" = 1\n", "a.b", `"a.b"`, "1"},
		{"\"\\u00e9\" = 1\n", "é", `"\u00e9"`, "1"},
		{" \"\\e\" = 0", "\x1b", `"\e"`, "0"},
		{"s = '''\nx = 1\n'''\ny = 2\n", "y", "y = 2\n", "2\n"},
	} {
		idx := indexKeys(tc.src)
		p, ok := idx[tc.name]
		if !ok {
			t.Errorf("%q: no %s in %v", tc.src, tc.name, idx)
			continue
		}
		if got := tc.src[p.key:]; got[:min(len(got), len(tc.key))] != tc.key {
			t.Errorf("%q: key %s at %q, want %q", tc.src, tc.name, got, tc.key)
		}
		if got := tc.src[p.value:]; got[:min(len(got), len(tc.val))] != tc.val {
			t.Errorf("%q: value of %s at %q, want %q", tc.src, tc.name, got, tc.val)
		}
	}
	if _, ok := indexKeys("s = '''\nx = 1\n'''\n")["x"]; ok {
		t.Error("a line inside a multi-line string was indexed as a key")
	}
}
