package search

import (
	"slices"
)

// An Indexer builds the index of one atlas again and again, as a preview server does
// after each edit; the files are always byte for byte those of Build.
//
// When the documents keep their numbers (the same documents, and no initiative
// moving in the order of rank: the stage of its status, the number of words of its
// title and its date of verification keep it in place), an edit of the titles, names
// (Initiative.Names, Page.Names of documents and itineraries), texts or paths of
// documents is made in place: the edited documents move in the posting lists of the
// stems they gained or lost, and only the shards of those stems, the chunks of the
// document table of the records that changed, the version and index.json are made
// again. Anything else (a title gaining a word, a type, a count, a document more or
// less) builds the index whole, but without reading again the strings that the last
// build had: the Indexer keeps the analysis of every title, name and text (its
// distinct forms and how often each occurs), and makes the posting lists from them.
//
// It keeps the last build, the last input and those analyses: a single build uses
// Build. An Indexer is not safe for concurrent use.
type Indexer struct {
	last  *built
	fulls int // builds from scratch, for the tests
}

// Build builds the index of in.
func (x *Indexer) Build(in Input) *Index {
	b := x.last
	if b == nil || !b.sameNumbers(in) {
		x.fulls++
		return x.full(in)
	}
	st := b.st
	dirty := map[string]bool{} // stems whose postings, forms or counts changed
	var gone []string          // names whose analyses may no longer be used
	chunks := map[int]bool{}   // chunks of the document table to make again
	var names, was []string
	for id, i := range b.rank {
		o, n := b.in.Initiatives[i], in.Initiatives[i]
		if o.Title != n.Title {
			b.reread(int32(id), fieldTitle, n.Title, dirty)
		}
		if !slices.Equal(o.Names, n.Names) {
			was = initiativeNames(b.in, o, was[:0])
			names = initiativeNames(in, n, names[:0])
			gone = b.rename(int32(id), was, names, dirty, gone)
		}
		if o.Title != n.Title || o.Path != n.Path {
			b.docs[id] = initiativeRecord(in, n)
			chunks[id/ChunkSize] = true
		}
	}
	id := len(in.Initiatives) + len(in.Communes) + len(in.Types) + len(in.Themes) + len(in.Intercos)
	for _, pages := range [][2][]Page{{b.in.Sources, in.Sources}, {b.in.Parcours, in.Parcours}} {
		for j, o := range pages[0] {
			if n := pages[1][j]; !slices.Equal(o.Names, n.Names) {
				gone = b.rename(int32(id), o.Names, n.Names, dirty, gone)
			}
			id++
		}
	}
	titles, texts := docStrings(in, b.rank)
	for id, t := range texts {
		if t != b.texts[id] {
			b.reread(int32(id), fieldText, t, dirty)
		}
	}
	for _, s := range gone {
		if a := st.cache[s]; a != nil && a.names == 0 {
			delete(st.cache, s)
		}
	}
	// The strings of the new input, so that those of the old one can go.
	b.in, b.texts, b.titles = in, texts, titles
	for k := range chunks {
		b.chunk(k)
	}
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

// reread moves document id in field (its title or its text) from the postings of
// the stems of its last analysis to those of s, and counts their forms again.
func (b *built) reread(id int32, field int, s string, dirty map[string]bool) {
	st := b.st
	as := b.titleA // Build puts the strings of the new input in b.titles and b.texts
	if field == fieldText {
		as = b.textA
	}
	was, is := map[string]bool{}, map[string]bool{}
	st.count(as[id], -1, func(f *form) { was[f.stem], dirty[f.stem] = true, true })
	as[id] = st.analyse(s)
	st.count(as[id], 1, func(f *form) { is[f.stem], dirty[f.stem] = true, true })
	b.move(id, field, was, is)
}

// rename moves document id from the names postings of the stems of the names was to
// those of the names is. A name's forms count once in the whole index: they count
// again when the first document has it, no more when the last one loses it.
func (b *built) rename(id int32, was, is []string, dirty map[string]bool, gone []string) []string {
	st := b.st
	had, has := map[string]bool{}, map[string]bool{}
	for _, s := range was {
		a := st.cache[s]
		n := 0
		if a.names--; a.names == 0 {
			n = -1
		}
		st.count(a, n, func(f *form) {
			had[f.stem] = true
			if n != 0 {
				dirty[f.stem] = true
			}
		})
		gone = append(gone, s)
	}
	for _, s := range is {
		a := st.name(s, nil)
		n := 0
		if a.names++; a.names == 1 {
			n = 1
		}
		st.count(a, n, func(f *form) {
			has[f.stem] = true
			if n != 0 {
				dirty[f.stem] = true
			}
		})
	}
	for stem := range had {
		if !has[stem] {
			dirty[stem] = true
		}
	}
	for stem := range has {
		if !had[stem] {
			dirty[stem] = true
		}
	}
	b.move(id, fieldNames, had, has)
	return gone
}

// move takes document id out of the postings in field of the stems of was that are
// not in is, and puts it in those of the stems of is that are not in was.
func (b *built) move(id int32, field int, was, is map[string]bool) {
	st := b.st
	for stem := range was {
		if is[stem] {
			continue
		}
		p := st.posts[stem]
		if i, ok := slices.BinarySearch(p[field], id); ok {
			p[field] = slices.Delete(p[field], i, i+1)
		}
		if empty(p) {
			b.drop(stem)
		}
	}
	for stem := range is {
		if was[stem] {
			continue
		}
		p := st.posts[stem]
		if empty(p) {
			b.insert(stem) // a stem new to the index
		}
		if i, ok := slices.BinarySearch(p[field], id); !ok {
			p[field] = slices.Insert(p[field], i, id)
		}
	}
}

// drop takes out of its group a stem that no document has any more; the stemmer
// keeps its forms and its (empty) postings.
func (b *built) drop(stem string) {
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
	w, n := "", 0
	for _, id := range b.st.formsOf[stem] {
		f := b.st.all[id]
		if f.count > 0 && (w == "" || best(f.lower, f.count, w, n)) {
			w, n = f.lower, f.count
		}
	}
	if w != "" {
		b.words[stem] = w
	}
}

// sameNumbers reports whether in differs from the input of b at most in what Build
// updates in place: the titles, names, texts, paths and dates of verification of
// initiatives, as long as every document keeps its number, and the texts of pages
// and names of documents and itineraries.
func (b *built) sameNumbers(in Input) bool {
	x := b.in
	term := func(a, b Term) bool {
		return a.Name == b.Name && a.Plural == b.Plural && a.Path == b.Path && slices.Equal(a.Keywords, b.Keywords) &&
			a.Description == b.Description && a.Rank == b.Rank && a.Count == b.Count
	}
	page := func(a, b Page) bool {
		return a.Name == b.Name && a.Path == b.Path && a.Interco == b.Interco && slices.Equal(a.Postal, b.Postal) &&
			slices.Equal(a.Names, b.Names) && a.Count == b.Count
	}
	named := func(a, b Page) bool { a.Names = b.Names; return page(a, b) }
	place := func(a, b Place) bool {
		return a.Name == b.Name && slices.Equal(a.Postal, b.Postal) && a.Lat == b.Lat && a.Lon == b.Lon && a.Located == b.Located
	}
	words := func(i int) int { // the words of the title of initiative i of in
		if id := b.ids[i]; b.titles[id] == in.Initiatives[i].Title {
			return int(b.titleA[id].words)
		}
		return len(Tokens(in.Initiatives[i].Title))
	}
	moved := false // whether an initiative may have moved in the order of rank
	i := -1
	initiative := func(a, c Initiative) bool {
		i++
		if a.Title != c.Title && int(b.titleA[b.ids[i]].words) != len(Tokens(c.Title)) || a.Verified != c.Verified {
			moved = true
		}
		return a.Type == c.Type && a.Status == c.Status && slices.Equal(a.Themes, c.Themes) &&
			slices.Equal(a.Communes, c.Communes) && a.Lat == c.Lat && a.Lon == c.Lon && a.Located == c.Located
	}
	same := slices.EqualFunc(x.Types, in.Types, term) && slices.EqualFunc(x.Themes, in.Themes, term) &&
		slices.EqualFunc(x.Statuses, in.Statuses, term) && slices.EqualFunc(x.Communes, in.Communes, page) &&
		slices.EqualFunc(x.Intercos, in.Intercos, page) && slices.EqualFunc(x.Sources, in.Sources, named) &&
		slices.EqualFunc(x.Parcours, in.Parcours, named) && slices.EqualFunc(x.Initiatives, in.Initiatives, initiative) &&
		slices.EqualFunc(x.Outside, in.Outside, place)
	return same && (!moved || slices.Equal(rank(in, words), b.rank))
}
