package slug

import "testing"

func TestMake(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"Épicerie sociale de Bourg-la-Reine", "epicerie-sociale-de-bourg-la-reine"},
		{"L'Île-Saint-Denis", "l-ile-saint-denis"},
		{"Cœur de ville — “AMAP” n°2", "coeur-de-ville-amap-n-2"},
		{"  Straße  ", "strasse"},
		{"Ærø", "aero"},
		{"---", ""},
		{"", ""},
		{"日本", ""},
		{"Caf\xe9", "caf"},
	} {
		if got := Make(tt.name); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"sceaux", true},
		{"bourg-la-reine", true},
		{"92", true},
		{"", false},
		{"Sceaux", false},
		{"-sceaux", false},
		{"sceaux-", false},
		{"bourg--la-reine", false},
		{"bourg_la_reine", false},
		{"é", false},
	} {
		if got := Valid(tt.s); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Épicerie sociale de Bourg-la-Reine", "L'Île-Saint-Denis", "Œuvre", "a--b", "ǅ", "ﬁ", "K", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Make(s)
		if m != "" && !Valid(m) {
			t.Errorf("Make(%q) = %q, which is not a slug", s, m)
		}
		if Make(m) != m {
			t.Errorf("Make(Make(%q)) = %q, want %q", s, Make(m), m)
		}
		if Valid(s) && m != s {
			t.Errorf("Make(%q) = %q, want the slug itself", s, m)
		}
	})
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ s, want string }{
		{"Épicerie", "Epicerie"},
		{"cœur", "coeur"},
		{"plain ASCII, kept", "plain ASCII, kept"},
		{"Caf\xe9", "Caf\uFFFD"}, // invalid UTF-8 becomes U+FFFD, as before
		{"", ""},
	} {
		// Twice, so that a pooled transformer that was not reset would show.
		for range 2 {
			if got := Fold(tt.s); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.s, got, tt.want)
			}
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("Épicerie sociale de Bourg-la-Reine")
	}
}

// TestFoldTables checks that the characters of Fold's tables fold one by one: every
// pair of them, and each beside ASCII, folds as foldText folds it.
func TestFoldTables(t *testing.T) {
	var rs []rune
	for r := rune(0x80); r < 0x180; r++ {
		rs = append(rs, r)
	}
	for r := rune(0x2000); r < 0x2070; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, 'a', 'E', ' ', '-')
	for _, r1 := range rs {
		for _, r2 := range rs {
			s := string(r1) + string(r2)
			if got, want := Fold(s), foldText(s); got != want {
				t.Errorf("Fold(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// FuzzFold checks that Fold, with its tables, folds any text as foldText does.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Épicerie sociale de Bourg-la-Reine", "Cœur — “AMAP” n°2", "e\u0301", "Caf\xe9", "\u2000\u00a0«»", "日本", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldText(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
