package opendata

import (
	"bytes"
	"testing"
)

// TestCell checks OWASP's rule for CSV injection: a text a spreadsheet would run as
// a formula starts with an apostrophe; numbers and other texts stay as they are.
func TestCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Ressourcerie", "Ressourcerie"},
		{`=HYPERLINK("https://evil.example/","x")`, `'=HYPERLINK("https://evil.example/","x")`},
		{"+33 1 46 01 23 45", "'+33 1 46 01 23 45"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-2.35", "-2.35"},
		{"+33", "+33"},
		{"48.7766", "48.7766"},
		{"a=b", "a=b"},
	} {
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var b bytes.Buffer
	w := NewCSV(&b)
	w.Write([]string{"=1+1", "ok", "-1"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "'=1+1,ok,-1\r\n"; got != want {
		t.Errorf("CSV wrote %q, want %q", got, want)
	}
}
