package atlas

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// newCollator returns a French collator; it is not safe for concurrent use.
func newCollator() *collate.Collator { return collate.New(language.French, collate.Numeric) }

// collationKeys returns the French collation key of name(x) for each x. Keys are
// computed once per item: a collator compares far slower than strings do. col may be
// nil, for a new collator.
func collationKeys[T any](col *collate.Collator, items []T, name func(T) string) []string {
	if col == nil {
		col = newCollator()
	}
	var buf collate.Buffer
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = string(col.KeyFromString(&buf, name(x)))
		buf.Reset()
	}
	return out
}

// sortByName sorts items in French alphabetical order of name, ties broken by the
// name's bytes so that the order is total.
func sortByName[T any](items []T, name func(T) string) {
	keys := collationKeys(nil, items, name)
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		return cmp.Or(strings.Compare(keys[i], keys[j]), strings.Compare(name(items[i]), name(items[j])))
	})
	sorted := make([]T, len(items))
	for k, i := range idx {
		sorted[k] = items[i]
	}
	copy(items, sorted)
}

// SortByName sorts items in French alphabetical order of name.
func SortByName[T any](items []T, name func(T) string) { sortByName(items, name) }
