package search

import (
	"slices"
	"strings"
)

// An Indexer builds the index of one atlas again and again, as a preview server does
// after each edit. When only the texts of documents changed since its last build (an
// initiative's body, a commune's summary), it moves those documents in the posting
// lists of the stems they gained or lost and makes again only the shards of those
// stems, the version and index.json: the files are byte for byte those of Build.
// Anything else (a title, a name, a count, a document more or less) builds the
// index whole. It keeps the last build, texts included: a single build uses Build.
//
// An Indexer is not safe for concurrent use.
type Indexer struct {
	last *built
}

// Build builds the index of in.
func (x *Indexer) Build(in Input) *Index {
	b := x.last
	if b == nil || !sameButTexts(b.in, in) {
		x.last = nil
		return x.full(in)
	}
	texts := textsOf(in, b.rank) // the same order: titles, statuses and dates are the same
	dirty := map[string]bool{}   // stems whose postings, forms or counts changed
	for id, t := range texts {
		if t != b.texts[id] {
			b.retext(int32(id), b.texts[id], t, dirty)
		}
	}
	b.in, b.texts = in, texts
	groups := map[string]bool{}
	for stem := range dirty {
		b.reword(stem)
		groups[runePrefix(stem, 2)] = true
	}
	for p := range groups {
		g := b.groups[p]
		if len(g.stems) == 0 {
			delete(b.groups, p)
			i, _ := slices.BinarySearch(b.order, p)
			b.order = slices.Delete(b.order, i, i+1)
			continue
		}
		b.shard(g)
	}
	return x.finish(b)
}

// retext moves document id from the text postings of the stems of old to those of
// text, and counts their forms again.
func (b *built) retext(id int32, old, text string, dirty map[string]bool) {
	st := b.st
	if b.formsOf == nil {
		b.formsOf = map[string][]string{}
		for l, f := range st.forms {
			if f.kept {
				b.formsOf[f.stem] = append(b.formsOf[f.stem], l)
			}
		}
	}
	was := map[string]bool{}
	st.each(old, func(lower, folded string) {
		f := st.form(lower, folded)
		if !f.kept {
			return
		}
		was[f.stem] = true
		dirty[f.stem] = true
		if f.count--; f.count == 0 {
			delete(st.forms, lower)
			forms := b.formsOf[f.stem]
			b.formsOf[f.stem] = slices.DeleteFunc(forms, func(l string) bool { return l == lower })
		}
	})
	is := map[string]bool{}
	st.each(text, func(lower, folded string) {
		_, known := st.forms[lower]
		f := st.form(lower, folded)
		if !f.kept {
			return
		}
		if !known {
			b.formsOf[f.stem] = append(b.formsOf[f.stem], strings.Clone(lower))
		}
		f.count++
		is[f.stem] = true
		dirty[f.stem] = true
	})
	for stem := range was {
		if is[stem] {
			continue
		}
		p := st.posts[stem]
		list := p[fieldText]
		if i, ok := slices.BinarySearch(list, id); ok {
			p[fieldText] = slices.Delete(list, i, i+1)
		}
		if len(p[fieldTitle])+len(p[fieldNames])+len(p[fieldText]) == 0 {
			b.drop(stem)
		}
	}
	for stem := range is {
		if was[stem] {
			continue
		}
		p := st.posts[stem]
		if len(p[fieldTitle])+len(p[fieldNames])+len(p[fieldText]) == 0 {
			b.insert(stem) // a stem new to the index
		}
		list := p[fieldText]
		if i, ok := slices.BinarySearch(list, id); !ok {
			p[fieldText] = slices.Insert(list, i, id)
		}
	}
}

// drop removes a stem that no document has any more.
func (b *built) drop(stem string) {
	delete(b.st.posts, stem)
	delete(b.formsOf, stem)
	// Its forms are gone already (their counts are 0), but for the memo of stems.
	g := b.groups[runePrefix(stem, 2)]
	if i, ok := slices.BinarySearch(g.stems, stem); ok {
		g.stems = slices.Delete(g.stems, i, i+1)
	}
}

// insert adds a stem to its group, making the group when it is new.
func (b *built) insert(stem string) {
	p := runePrefix(stem, 2)
	g := b.groups[p]
	if g == nil {
		g = &shardGroup{}
		b.groups[p] = g
		i, _ := slices.BinarySearch(b.order, p)
		b.order = slices.Insert(b.order, i, p)
	}
	if i, ok := slices.BinarySearch(g.stems, stem); !ok {
		g.stems = slices.Insert(g.stems, i, stem)
	}
}

// reword chooses again the word shown for stem, as stemmer.words does for all.
func (b *built) reword(stem string) {
	delete(b.words, stem)
	best := ""
	for _, l := range b.formsOf[stem] {
		f := b.st.forms[l]
		if best == "" {
			best = l
			continue
		}
		fb := b.st.forms[best]
		if f.count > fb.count || f.count == fb.count && (len(l) < len(best) || len(l) == len(best) && l < best) {
			best = l
		}
	}
	if best != "" {
		b.words[stem] = best
	}
}

// sameButTexts reports whether x and y differ at most in the texts of their
// documents (Initiative.Text, Page.Text): what Indexer updates in place.
func sameButTexts(x, y Input) bool {
	term := func(a, b Term) bool {
		return a.Name == b.Name && a.Plural == b.Plural && a.Path == b.Path && slices.Equal(a.Keywords, b.Keywords) &&
			a.Description == b.Description && a.Rank == b.Rank && a.Count == b.Count
	}
	page := func(a, b Page) bool {
		return a.Name == b.Name && a.Path == b.Path && a.Interco == b.Interco && slices.Equal(a.Postal, b.Postal) &&
			slices.Equal(a.Names, b.Names) && a.Count == b.Count
	}
	place := func(a, b Place) bool {
		return a.Name == b.Name && slices.Equal(a.Postal, b.Postal) && a.Lat == b.Lat && a.Lon == b.Lon && a.Located == b.Located
	}
	initiative := func(a, b Initiative) bool {
		return a.Title == b.Title && a.Path == b.Path && a.Type == b.Type && a.Status == b.Status &&
			slices.Equal(a.Themes, b.Themes) && slices.Equal(a.Communes, b.Communes) && slices.Equal(a.Names, b.Names) &&
			a.Verified == b.Verified && a.Lat == b.Lat && a.Lon == b.Lon && a.Located == b.Located
	}
	return slices.EqualFunc(x.Types, y.Types, term) && slices.EqualFunc(x.Themes, y.Themes, term) &&
		slices.EqualFunc(x.Statuses, y.Statuses, term) && slices.EqualFunc(x.Communes, y.Communes, page) &&
		slices.EqualFunc(x.Intercos, y.Intercos, page) && slices.EqualFunc(x.Sources, y.Sources, page) &&
		slices.EqualFunc(x.Parcours, y.Parcours, page) && slices.EqualFunc(x.Initiatives, y.Initiatives, initiative) &&
		slices.EqualFunc(x.Outside, y.Outside, place)
}

// each calls fn with every word of s that terms counts, in lower case and folded,
// without making the forms of the words it has not met.
func (st *stemmer) each(s string, fn func(lower, folded string)) {
	fold := func(l string) string {
		if f := st.forms[l]; f != nil {
			return f.folded
		}
		return Fold(l)
	}
	groups(s, func(g []word) {
		var fl, lo strings.Builder
		for i, w := range g {
			folded := fold(w.lower)
			fn(w.lower, folded)
			if len(g) > 1 {
				fl.WriteString(folded)
				if i > 0 {
					lo.WriteByte('-')
				}
				lo.WriteString(w.lower)
			}
		}
		if len(g) > 1 {
			fn(lo.String(), fl.String())
		}
	})
}
