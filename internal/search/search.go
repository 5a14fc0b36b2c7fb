// Package search builds the search index of /recherche/ at build time, as static
// files that the browser fetches piece by piece, so that a query downloads a small
// part of the index however large the atlas is.
//
// # Documents
//
// Every initiative is a document, and so is every commune, type, theme and
// intercommunalité page. Documents are numbered: the initiatives first, then the other
// pages. Initiatives are numbered in the order a tie between two results is broken:
// active ones first, then projects, then those that are done, then closed ones (the
// stage of their status), then by the number of words of their title (the closest
// title first), then the most recently verified, then in the model's order. The
// document table is cut into chunks of ChunkSize documents, recherche/d/<k>.json; a
// chunk is an array of records:
//
//	initiative: [title, path, type index or -1, status index or -1, "Commune, Commune"]
//	other page: [title, path, kind, number of initiatives]    kind: "commune", "type", "theme", "interco"
//	outside:    [name, "", "outside", "postal codes", [[document, tenths of km], …]]
//
// An outside document is a commune of the network's départements that is not in the
// atlas, found by its name or postal code: the page says that it is not (yet) part
// of the atlas and lists the Nearest initiatives to its centre, nearest first.
//
// Paths are site paths without the leading slash; the page adds its base path.
//
// # Words, stems and fields
//
// Text is cut into words of letters and digits; each word is folded (accents
// removed, ligatures spelt out, lower case) and stemmed (Stem: « vélos » and « vélo »
// give "velo", « alimentaires » "alimentair"). Words of one character and the stop
// words of Meta.Stop are dropped; an apostrophe ends a word (« l’épicerie »). Words
// joined by hyphens are also indexed joined: « co-working » as "coworking",
// « tiers-lieux » as "tierslieu" besides "tier" and "lieu". The same cutting, folding
// and stemming run in the browser on the query.
//
// A stem maps to three posting lists, by weight: the documents whose title has it;
// those whose names have it (type, its plural and keywords, themes and their
// keywords, communes, intercommunalité, carrier, address); and those whose text has
// it (the body of an initiative, the summary of a commune, the description of a type
// or theme). Posting lists are sorted document numbers, delta-encoded as base-32
// variable-length numbers written with 64 safe characters. When the commonest word
// that gives a stem is not the stem itself, the entry also has that word, as the page
// shows it when it corrects a typo (« Résultats pour épicerie »).
//
// # Shards
//
// Stems are sharded by prefix: recherche/t/<prefix>.json holds every stem that starts
// with the prefix, as {"stem":["title","names","text"(,"word")],…}. Prefixes have two
// characters; a shard larger than MaxShard is split by one more character, down to
// MaxDepth, and the stems as short as the prefix stay in the parent. index.json lists
// every shard with its size, so the browser fetches exactly the shards that can hold a
// query word and its completions, or only the shard of the word itself when its
// completions would cost more than TokenBudget (ShardsFor). A word of five letters or
// more that matches nothing is looked for again with one typo (FuzzyShardsFor).
//
// # Filters
//
// recherche/f/type-<i>.txt, theme-<i>.txt and status-<i>.txt hold the posting list
// of one type, theme or status (by index in index.json); recherche/f/commune-<k>.json
// holds those of CommuneBucket communes. recherche/communes.json lists the communes
// for the commune filter and is fetched only when the filters are opened.
//
// # Building again
//
// An Indexer builds the index of one atlas again after each edit, as the preview
// server does, byte for byte as Build would. An edit that keeps the number of every
// document (a text, a title of as many words, names, a path) is made in place: the
// edited documents move in the posting lists of the stems they gained or lost, and
// only the shards of those stems, the chunks of their records, the version and
// index.json are made again. Any other edit (a title gaining a word moves its
// initiative, and every document after it, in the numbering) builds the posting
// lists whole, but from the analyses of the titles, names and texts that the
// Indexer keeps from its last build (each string's distinct forms and how often each
// occurs): no text that did not change is read again. TestIndexer checks random
// sequences of edits against Build, file by file.
//
// # Measures
//
// Cost tells what a query downloads, as the browser does it. TestQueryBudget checks
// that no query of budgetQueries downloads more than 1 MiB from an index of 100,000
// initiatives, and BenchmarkQueryBytes reports the least, most and mean bytes per
// query as benchmark figures. The quality benchmark, bench/search/queries.toml, runs
// in internal/build's tests; `go run ./bench/search` runs it in headless Chromium in
// this search and in Pagefind side by side, with the bytes each fetches.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Sizes that bound what one query downloads.
const (
	ChunkSize     = 64        // documents per chunk of the document table
	MaxShard      = 48 << 10  // bytes: a larger shard is split by one more character
	MaxDepth      = 8         // characters: shards are never split beyond this prefix length
	TokenBudget   = 320 << 10 // bytes: the most the browser fetches for one query word
	CommuneBucket = 64        // communes per commune filter file
	PageSize      = 20        // results shown at a time
	FuzzyLength   = 5         // letters: shorter words are never corrected
	Nearest       = 5         // initiatives listed near a commune outside the atlas
)

// Input is what the index is built from. Indexes (Type, Status, Themes, Communes)
// refer to the slices of Input; -1 is none.
type Input struct {
	Types       []Term
	Themes      []Term
	Statuses    []Term
	Communes    []Page
	Intercos    []Page
	Sources     []Page // documents: Text holds their place, organisation and participants
	Parcours    []Page
	Initiatives []Initiative
	Outside     []Place
}

// Term is a type, theme or status.
type Term struct {
	Name, Plural string
	Path         string   // "" for statuses, which have no page
	Keywords     []string // searched like the name
	Description  string   // searched as text, on the term's own page
	Rank         int      // statuses: initiatives of a lower rank come first among equal results
	Count        int
}

// Page is a commune, an intercommunalité, a document or an itinerary.
type Page struct {
	Name    string
	Path    string
	Interco string   // communes: the name of its intercommunalité, if any
	Postal  []string // communes: postal codes, searched as names of the commune and its initiatives
	Names   []string // other names searched at the middle weight: a document's date, place and participants
	Text    string   // plain text searched at the lowest weight: a commune's summary
	Count   int
}

// Place is a commune of the territory that is not in the atlas: searching it says so
// and gives the initiatives nearest its centre.
type Place struct {
	Name     string
	Postal   []string
	Lat, Lon float64
	Located  bool // whether Lat and Lon are known
}

// Initiative is one initiative.
type Initiative struct {
	Title    string
	Path     string
	Type     int
	Status   int
	Themes   []int
	Communes []int
	Names    []string // other names searched at the middle weight: carrier, address
	Text     string   // plain text searched at the lowest weight: the body
	Verified string   // YYYY-MM-DD: the more recent ranks first among equals
	Lat, Lon float64  // where it is, for the places outside the atlas
	Located  bool     // whether Lat and Lon are known
}

// File is one file of the index, by path from the site root.
type File struct {
	Path string
	Data []byte
}

// Meta is recherche/index.json, what the page loads first.
type Meta struct {
	Version     string         `json:"v"` // hash of the index: added to every fetch so caches never mix builds
	Docs        int            `json:"n"`
	Initiatives int            `json:"ni"`
	Chunk       int            `json:"chunk"`
	Budget      int            `json:"budget"`
	Bucket      int            `json:"bucket"`
	Page        int            `json:"page"`
	Fuzzy       int            `json:"fuzzy"`    // FuzzyLength
	Stop        string         `json:"stop"`     // the stop words, space-separated
	Shards      map[string]int `json:"shards"`   // prefix → size in bytes
	Types       [][2]any       `json:"types"`    // [name, count]
	Themes      [][2]any       `json:"themes"`   // [name, count]
	Statuses    [][2]any       `json:"statuses"` // [name, count]
	Communes    int            `json:"communes"`
}

// stopWords are not indexed: they are in almost every text and say nothing of it.
const stopWords = "de du des la le les et au aux en un une pour par sur dans avec ou qui que the of and"

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(stopWords) {
		stop[w] = true
	}
}

// Fold is the text as the index compares it: without accents, ligatures spelt out,
// in lower case.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ToLower(slug.Fold(s))
		}
	}
	return strings.ToLower(s)
}

// A word is one word of a text: in lower case as written, and folded (filled by
// the callers of groups that need it).
type word struct{ lower, folded string }

// foldAll fills the folded form of the words of g.
func foldAll(g []word) []word {
	for i := range g {
		g[i].folded = Fold(g[i].lower)
	}
	return g
}

// isWordRune tells the characters of words: letters, digits and the combining marks
// of decomposed accents.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// groups calls fn with each run of words of s that single hyphens join, in order: one
// word alone is a run of one. fn must not keep g, which the next call reuses.
func groups(s string, fn func(g []word)) {
	var g []word
	start := -1 // start of the current word, or -1
	hyphen := false
	flush := func() {
		if len(g) > 0 {
			fn(g)
			g = g[:0]
		}
	}
	end := func(i int) {
		g = append(g, word{lower: strings.ToLower(s[start:i])}) // no copy for a word already in lower-case ASCII
		start = -1
	}
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				if !hyphen {
					flush()
				}
				hyphen = false
				start = i
			}
		case start >= 0:
			end(i)
			hyphen = isHyphen(r)
		default:
			hyphen = false
		}
		i += n
	}
	if start >= 0 {
		end(len(s))
	}
	flush()
}

// keep tells whether a folded word is indexed.
func keep(f string) bool { return len(f) >= 2 && utf8.RuneCountInString(f) >= 2 && !stop[f] }

// Tokens returns the folded words of s that are indexed, in order, repeated as often
// as they occur.
func Tokens(s string) []string {
	var out []string
	groups(s, func(g []word) {
		for _, w := range foldAll(g) {
			if keep(w.folded) {
				out = append(out, w.folded)
			}
		}
	})
	return out
}

// stemOf stems a folded word; words with a digit (postal codes, years) are kept whole.
func stemOf(f string) string {
	for i := 0; i < len(f); i++ {
		if f[i] >= '0' && f[i] <= '9' {
			return f
		}
	}
	return Stem(f)
}

// stemmer stems the words of texts, once per distinct written form, and counts how
// often each form occurs, for the entries' words. Each form leads straight to the
// postings of its stem: the index looks up one map per word of text.
//
// An Indexer keeps its stemmer from build to build: forms and stems are never
// forgotten (a form that no text has any more counts 0, a stem that no document has
// any more has empty postings), and every name of the last build keeps its analysis
// here (titles and texts keep theirs in built), so that a build after an edit reads
// again only the strings it has not met.
type stemmer struct {
	stems   map[string]string    // folded word → stem
	forms   map[string]*form     // written form in lower case → its stem
	all     []*form              // the kept forms, by id
	posts   map[string]*postings // stem → its documents
	formsOf map[string][]int32   // stem → its kept forms
	cache   map[string]*analysis // every name of the last build → its terms
	mark    int32                // the number of the last analysis (see analyse)
	buf     []use
}

type form struct {
	lower, folded, stem string
	kept                bool // see keep
	id                  int32
	count               int // occurrences in the index: titles and texts each time, names once per distinct name
	post                *postings
	mark, slot          int32 // the analysis that last met the form, and its place there
}

// A use is a kept form and how often it occurs in one string.
type use struct{ form, n int32 }

// An analysis is the distinct kept forms of a string. That of a title or a text does
// not change once made; that of a name counts the documents that have it (names): a
// name's forms count once, however many documents have it.
type analysis struct {
	uses  []use
	words int32 // the number of Tokens of the string, for rank
	names int32
}

func newStemmer() *stemmer {
	return &stemmer{stems: map[string]string{}, forms: map[string]*form{}, posts: map[string]*postings{},
		formsOf: map[string][]int32{}, cache: map[string]*analysis{}}
}

// form returns the form of a word in lower case, folded is its folded form or "".
func (st *stemmer) form(lower, folded string) *form {
	f := st.forms[lower]
	if f == nil {
		if folded == "" {
			folded = Fold(lower)
		}
		lower = strings.Clone(lower) // the key must not keep the whole text
		f = &form{lower: lower, folded: folded, kept: keep(folded), id: -1}
		if f.kept {
			s, ok := st.stems[folded]
			if !ok {
				s = stemOf(folded)
				st.stems[folded] = s
			}
			p := st.posts[s]
			if p == nil {
				p = &postings{}
				st.posts[s] = p
			}
			f.stem, f.post, f.id = s, p, int32(len(st.all))
			st.all = append(st.all, f)
			st.formsOf[s] = append(st.formsOf[s], f.id)
		}
		st.forms[lower] = f
	}
	return f
}

// terms calls fn with the form of every indexed word of s (word is true), and of the
// joined form of words that hyphens join (false).
func (st *stemmer) terms(s string, fn func(f *form, word bool)) {
	groups(s, func(g []word) {
		var fl, lo strings.Builder
		for i, w := range g {
			f := st.form(w.lower, "")
			if f.kept {
				fn(f, true)
			}
			if len(g) > 1 {
				fl.WriteString(f.folded)
				if i > 0 {
					lo.WriteByte('-')
				}
				lo.WriteString(w.lower)
			}
		}
		if len(g) > 1 {
			if f := st.form(lo.String(), fl.String()); f.kept {
				fn(f, false)
			}
		}
	})
}

// analyse returns the analysis of s: its distinct kept forms, in the order they
// first occur, with how often each occurs.
func (st *stemmer) analyse(s string) *analysis {
	st.mark++
	st.buf = st.buf[:0]
	words := int32(0)
	st.terms(s, func(f *form, word bool) {
		if word {
			words++
		}
		if f.mark != st.mark {
			f.mark, f.slot = st.mark, int32(len(st.buf))
			st.buf = append(st.buf, use{f.id, 0})
		}
		st.buf[f.slot].n++
	})
	return &analysis{uses: slices.Clone(st.buf), words: words}
}

// name returns the analysis of the name s, made once; old holds the analyses of the
// build before, whose counts of documents start again from 0.
func (st *stemmer) name(s string, old map[string]*analysis) *analysis {
	a := st.cache[s]
	if a == nil {
		if a = old[s]; a != nil {
			a.names = 0
		} else {
			a = st.analyse(s)
		}
		st.cache[s] = a // keyed by the string of the new input, so that the old one can go
	}
	return a
}

// count adds n times the occurrences of the forms of a to their counts, and calls
// fn with each form.
func (st *stemmer) count(a *analysis, n int, fn func(*form)) {
	for _, u := range a.uses {
		f := st.all[u.form]
		f.count += n * int(u.n)
		if fn != nil {
			fn(f)
		}
	}
}

// reset makes st ready for a build from scratch: no form counts, no postings, the
// analyses of the last build kept for the strings the next one still has.
func (st *stemmer) reset() {
	for _, f := range st.all {
		f.count = 0
	}
	for _, p := range st.posts {
		for i := range p {
			p[i] = p[i][:0]
		}
	}
}

// best tells whether form l of count n is shown rather than form b of count m: the
// commoner, then the shorter, then the first in byte order.
func best(l string, n int, b string, m int) bool {
	return n > m || n == m && (len(l) < len(b) || len(l) == len(b) && l < b)
}

// words returns, for each stem, its commonest written form; ties go to the shorter,
// then to the first in byte order.
func (st *stemmer) words() map[string]string {
	words := map[string]string{}
	counts := map[string]int{}
	for _, f := range st.all {
		if f.count == 0 {
			continue
		}
		b, ok := words[f.stem]
		if !ok || best(f.lower, f.count, b, counts[f.stem]) {
			words[f.stem], counts[f.stem] = f.lower, f.count
		}
	}
	return words
}

// Fields of a posting entry, by weight.
const (
	fieldTitle = iota
	fieldNames
	fieldText
	nFields
)

// postings are the documents of one stem, by field.
type postings [nFields][]int32

func add(list []int32, id int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == id {
		return list
	}
	return append(list, id)
}

// Index is a built index: its files and what a query would fetch.
type Index struct {
	Files []File
	Meta  Meta
	sizes map[string]int // path → size of every file
}

// rank returns the initiatives' indexes in the order of their document numbers;
// words gives the number of words of the title of initiative i (len(Tokens(title))).
func rank(in Input, words func(i int) int) []int {
	stage := func(x Initiative) int {
		if x.Status >= 0 {
			return in.Statuses[x.Status].Rank
		}
		return 1 << 20
	}
	type key struct{ stage, words int }
	keys := make([]key, len(in.Initiatives))
	order := make([]int, len(in.Initiatives))
	for i, x := range in.Initiatives {
		keys[i] = key{stage(x), words(i)}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := keys[a], keys[b]
		if c := cmp.Compare(ka.stage, kb.stage); c != 0 {
			return c
		}
		if c := cmp.Compare(ka.words, kb.words); c != 0 {
			return c
		}
		return -cmp.Compare(in.Initiatives[a].Verified, in.Initiatives[b].Verified)
	})
	return order
}

// Build builds the index. Documents are added in increasing number, so every
// posting list is sorted without sorting.
func Build(in Input) *Index { return new(Indexer).Build(in) }

// built is what a build leaves for the next one of its Indexer.
type built struct {
	in     Input
	rank   []int       // the initiatives in the order of their numbers
	ids    []int32     // the number of each initiative
	titles []string    // the title of each document, by number
	texts  []string    // the text of each document, by number
	titleA []*analysis // the analysis of each title, by number
	textA  []*analysis // the analysis of each text, by number
	st     *stemmer
	words  map[string]string // stem → the word the page shows, when not the stem
	docs   []json.RawMessage // the record of each document, by number, in the data of its chunk
	head   []File            // the document table
	tail   []File            // the filters and the list of communes
	groups map[string]*shardGroup
	order  []string // the keys of groups, sorted
	meta   Meta     // but Shards and Version
}

// shardGroup is the stems of one two-character prefix and the shards made of them.
type shardGroup struct {
	stems []string // sorted
	files []File
	sizes map[string]int // shard prefix → size
}

// initiativeNames appends to names those that x is searched by at the middle weight:
// its type, themes, communes and its own names.
func initiativeNames(in Input, x Initiative, names []string) []string {
	if x.Type >= 0 {
		t := in.Types[x.Type]
		names = append(names, t.Name, t.Plural)
		names = append(names, t.Keywords...)
	}
	for _, t := range x.Themes {
		names = append(names, in.Themes[t].Name)
		names = append(names, in.Themes[t].Keywords...)
	}
	for _, c := range x.Communes {
		names = append(names, in.Communes[c].Name)
		names = append(names, in.Communes[c].Postal...)
		if k := in.Communes[c].Interco; k != "" {
			names = append(names, k)
		}
	}
	return append(names, x.Names...)
}

// full builds the index from scratch, but for the analyses of the strings that the
// last build of x had too.
func (x *Indexer) full(in Input) *Index {
	var st *stemmer
	if x.last != nil {
		st = x.last.st
		st.reset()
	} else {
		st = newStemmer()
	}
	prev := x.last
	x.last = nil
	old := st.cache
	st.cache = make(map[string]*analysis, len(old))
	// The analysis of each title and text is that of the document of the same
	// number in the last build when it has the same string, else that of the same
	// string there (when many documents moved), else it is made.
	var strs map[string]*analysis
	misses := 0
	analysed := func(pd int, s string, prevS []string, prevA []*analysis) *analysis {
		if prev == nil {
			return st.analyse(s)
		}
		if pd < len(prevS) && prevS[pd] == s {
			return prevA[pd]
		}
		if misses++; misses == 16 {
			strs = map[string]*analysis{}
			for d, a := range prev.titleA {
				strs[prev.titles[d]], strs[prev.texts[d]] = a, prev.textA[d]
			}
		}
		if a := strs[s]; a != nil {
			return a
		}
		return st.analyse(s)
	}
	var prevIDs []int32
	if prev != nil {
		prevIDs = prev.ids
	}
	prevNumber := func(id, i int) int { // the number in the last build of document id, initiative i or a page
		if i >= 0 {
			if i < len(prevIDs) {
				return int(prevIDs[i])
			}
			return math.MaxInt
		}
		return id - len(in.Initiatives) + len(prevIDs)
	}
	titleA := make([]*analysis, len(in.Initiatives)) // by initiative, then by number
	for i, x := range in.Initiatives {
		var ps []string
		var pa []*analysis
		if prev != nil {
			ps, pa = prev.titles, prev.titleA
		}
		titleA[i] = analysed(prevNumber(-1, i), x.Title, ps, pa)
	}
	order := rank(in, func(i int) int { return int(titleA[i].words) })
	ids := make([]int32, len(order)) // initiative → document number
	for id, i := range order {
		ids[i] = int32(id)
	}
	titles, texts := docStrings(in, order)
	byNumber := make([]*analysis, len(titles))
	for id, i := range order {
		byNumber[id] = titleA[i]
	}
	titleA = byNumber
	textA := make([]*analysis, len(texts))
	index := func(id int32, i int, names []string) {
		if titleA[id] == nil {
			var ps []string
			var pa []*analysis
			if prev != nil {
				ps, pa = prev.titles, prev.titleA
			}
			titleA[id] = analysed(prevNumber(int(id), -1), titles[id], ps, pa)
		}
		var ps []string
		var pa []*analysis
		if prev != nil {
			ps, pa = prev.texts, prev.textA
		}
		textA[id] = analysed(prevNumber(int(id), i), texts[id], ps, pa)
		st.count(titleA[id], 1, func(f *form) { f.post[fieldTitle] = add(f.post[fieldTitle], id) })
		for _, s := range names {
			a := st.name(s, old)
			if a.names++; a.names == 1 {
				st.count(a, 1, nil) // a name counts once, however many documents have it
			}
			st.count(a, 0, func(f *form) { f.post[fieldNames] = add(f.post[fieldNames], id) })
		}
		st.count(textA[id], 1, func(f *form) { f.post[fieldText] = add(f.post[fieldText], id) })
	}
	var docs []json.RawMessage
	typeDocs := make([][]int32, len(in.Types))
	themeDocs := make([][]int32, len(in.Themes))
	statusDocs := make([][]int32, len(in.Statuses))
	communeDocs := make([][]int32, len(in.Communes))
	var names []string
	for id, i := range order {
		x := in.Initiatives[i]
		id := int32(id)
		if x.Type >= 0 {
			typeDocs[x.Type] = append(typeDocs[x.Type], id)
		}
		if x.Status >= 0 {
			statusDocs[x.Status] = append(statusDocs[x.Status], id)
		}
		for _, t := range x.Themes {
			themeDocs[t] = append(themeDocs[t], id)
		}
		for _, c := range x.Communes {
			communeDocs[c] = append(communeDocs[c], id)
		}
		names = initiativeNames(in, x, names[:0])
		index(id, i, names)
		docs = append(docs, initiativeRecord(in, x))
	}
	page := func(name, path, kind string, count int, names ...string) {
		index(int32(len(docs)), -1, names)
		docs = append(docs, pageRecord(name, path, kind, count))
	}
	for _, c := range in.Communes {
		names := slices.Clone(c.Postal)
		if c.Interco != "" {
			names = append(names, c.Interco)
		}
		page(c.Name, c.Path, "commune", c.Count, names...)
	}
	for _, t := range in.Types {
		page(t.Name, t.Path, "type", t.Count, append([]string{t.Plural}, t.Keywords...)...)
	}
	for _, t := range in.Themes {
		page(t.Name, t.Path, "theme", t.Count, t.Keywords...)
	}
	for _, x := range in.Intercos {
		page(x.Name, x.Path, "interco", x.Count)
	}
	for _, x := range in.Sources {
		page(x.Name, x.Path, "source", x.Count, x.Names...)
	}
	for _, x := range in.Parcours {
		page(x.Name, x.Path, "parcours", x.Count, x.Names...)
	}
	near := nearestFinder(in.Initiatives, ids)
	for _, o := range in.Outside {
		index(int32(len(docs)), -1, o.Postal)
		nearest := [][2]int{}
		if o.Located {
			for _, n := range near(o.Lat, o.Lon, Nearest) {
				nearest = append(nearest, [2]int{int(n.id), int(math.Round(n.km * 10))})
			}
		}
		docs = append(docs, record(o.Name, "", "outside", strings.Join(o.Postal, ", "), nearest))
	}

	b := &built{in: in, rank: order, ids: ids, titles: titles, texts: texts, titleA: titleA, textA: textA, st: st,
		docs: docs, groups: map[string]*shardGroup{}}
	b.meta = Meta{Docs: len(docs), Initiatives: len(in.Initiatives), Chunk: ChunkSize, Budget: TokenBudget,
		Bucket: CommuneBucket, Page: PageSize, Fuzzy: FuzzyLength, Stop: stopWords,
		Communes: len(in.Communes), Types: [][2]any{}, Themes: [][2]any{}, Statuses: [][2]any{}}
	for _, t := range in.Types {
		b.meta.Types = append(b.meta.Types, [2]any{t.Name, t.Count})
	}
	for _, t := range in.Themes {
		b.meta.Themes = append(b.meta.Themes, [2]any{t.Name, t.Count})
	}
	for _, t := range in.Statuses {
		b.meta.Statuses = append(b.meta.Statuses, [2]any{t.Name, t.Count})
	}

	// The document table.
	b.head = make([]File, (len(docs)+ChunkSize-1)/ChunkSize)
	for k := range b.head {
		b.chunk(k)
	}

	// The stem shards, by prefix of two characters: the stems that some document has.
	b.words = st.words()
	for t, p := range st.posts {
		if empty(p) {
			continue
		}
		pre := runePrefix(t, 2)
		g := b.groups[pre]
		if g == nil {
			g = &shardGroup{}
			b.groups[pre] = g
		}
		g.stems = append(g.stems, t)
	}
	for p, g := range b.groups {
		slices.Sort(g.stems)
		b.order = append(b.order, p)
	}
	slices.Sort(b.order)
	for _, g := range b.groups {
		b.shard(g)
	}

	// The filters.
	tail := func(path string, data []byte) { b.tail = append(b.tail, File{path, data}) }
	for i, d := range typeDocs {
		tail(fmt.Sprintf("recherche/f/type-%d.txt", i), []byte(Encode(d)))
	}
	for i, d := range themeDocs {
		tail(fmt.Sprintf("recherche/f/theme-%d.txt", i), []byte(Encode(d)))
	}
	for i, d := range statusDocs {
		tail(fmt.Sprintf("recherche/f/status-%d.txt", i), []byte(Encode(d)))
	}
	for k := 0; k*CommuneBucket < len(communeDocs); k++ {
		var lists []string
		for _, d := range communeDocs[k*CommuneBucket : min((k+1)*CommuneBucket, len(communeDocs))] {
			lists = append(lists, Encode(d))
		}
		tail(fmt.Sprintf("recherche/f/commune-%d.json", k), marshal(lists))
	}
	communes := make([]string, len(in.Communes))
	for i, c := range in.Communes {
		communes[i] = c.Name
	}
	tail("recherche/communes.json", marshal(communes))
	return x.finish(b)
}

// empty tells whether no document has the stem of p.
func empty(p *postings) bool { return len(p[fieldTitle])+len(p[fieldNames])+len(p[fieldText]) == 0 }

// chunk makes file k of the document table from the records of b, which then point
// into its data: the table is not kept twice.
func (b *built) chunk(k int) {
	docs := b.docs[k*ChunkSize : min((k+1)*ChunkSize, len(b.docs))]
	n := 3
	for _, d := range docs {
		n += len(d) + 2
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '[')
	for i, d := range docs {
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		start := len(buf)
		buf = append(buf, d...)
		docs[i] = buf[start:len(buf):len(buf)]
	}
	buf = append(buf, "]\n"...)
	b.head[k] = File{fmt.Sprintf("recherche/d/%d.json", k), buf}
}

// docStrings returns the title and the text searched of each document, by number
// (order is rank's): the name of a page, the description of a type or theme, nothing
// for the text of a place outside the atlas.
func docStrings(in Input, order []int) (titles, texts []string) {
	add := func(title, text string) {
		titles = append(titles, title)
		texts = append(texts, text)
	}
	for _, i := range order {
		add(in.Initiatives[i].Title, in.Initiatives[i].Text)
	}
	for _, c := range in.Communes {
		add(c.Name, c.Text)
	}
	for _, t := range in.Types {
		add(t.Name, t.Description)
	}
	for _, t := range in.Themes {
		add(t.Name, t.Description)
	}
	for _, pages := range [][]Page{in.Intercos, in.Sources, in.Parcours} {
		for _, x := range pages {
			add(x.Name, x.Text)
		}
	}
	for _, o := range in.Outside {
		add(o.Name, "")
	}
	return titles, texts
}

// shard makes the shards of g: one for its prefix, split by one more character
// while larger than MaxShard, down to MaxDepth; the stems as short as a prefix stay
// in its shard.
func (b *built) shard(g *shardGroup) {
	g.files, g.sizes = g.files[:0], map[string]int{}
	emit := func(prefix string, data []byte) {
		g.sizes[prefix] = len(data)
		g.files = append(g.files, File{"recherche/t/" + ShardName(prefix) + ".json", data})
	}
	posts := b.st.posts
	var shard func(prefix string, toks []string)
	shard = func(prefix string, toks []string) {
		data := encodeShard(toks, posts, b.words)
		depth := utf8.RuneCountInString(prefix)
		if len(data) <= MaxShard || depth >= MaxDepth || len(toks) == 1 {
			emit(prefix, data)
			return
		}
		var short []string
		var groups [][]string
		var last string
		for _, t := range toks {
			if utf8.RuneCountInString(t) == depth {
				short = append(short, t)
				continue
			}
			p := runePrefix(t, depth+1)
			if len(groups) == 0 || p != last {
				groups = append(groups, nil)
				last = p
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], t)
		}
		if len(short) > 0 {
			emit(prefix, encodeShard(short, posts, b.words))
		}
		for _, g := range groups {
			shard(runePrefix(g[0], depth+1), g)
		}
	}
	shard(runePrefix(g.stems[0], 2), g.stems)
}

// finish puts the files of b together, in the order they have always had: the
// document table, the shards in the order of their stems, the filters, and
// index.json last, with a version that hashes all the others.
func (x *Indexer) finish(b *built) *Index {
	x.last = b
	ix := &Index{sizes: map[string]int{}}
	m := b.meta
	m.Shards = map[string]int{}
	n := len(b.head) + len(b.tail) + 1
	for _, p := range b.order {
		n += len(b.groups[p].files)
	}
	files := make([]File, 0, n)
	files = append(files, b.head...)
	for _, p := range b.order {
		g := b.groups[p]
		files = append(files, g.files...)
		for prefix, size := range g.sizes {
			m.Shards[prefix] = size
		}
	}
	files = append(files, b.tail...)
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	m.Version = hex.EncodeToString(h.Sum(nil)[:6])
	files = append(files, File{"recherche/index.json", marshal(m)})
	for _, f := range files {
		ix.sizes[f.Path] = len(f.Data)
	}
	ix.Files, ix.Meta = files, m
	return ix
}

func record(fields ...any) json.RawMessage { return marshal(fields) }

func marshal(v any) []byte {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		panic(err) // strings, numbers and slices of them always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// encodeShard writes {"stem":["title","names","text"(,"word")],…} in stem order.
func encodeShard(toks []string, tokens map[string]*postings, words map[string]string) []byte {
	var b []byte
	b = append(b, '{')
	for i, t := range toks {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		p := tokens[t]
		b = appendString(b, t)
		b = appendEncode(append(b, `:["`...), p[fieldTitle])
		b = appendEncode(append(b, `","`...), p[fieldNames])
		b = appendEncode(append(b, `","`...), p[fieldText])
		b = append(b, '"')
		if w := words[t]; w != "" && w != t {
			b = appendString(append(b, ','), w)
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...)
}

func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// ShardName is the file name of the shard of prefix: the prefix itself when it is
// lower-case ASCII letters and digits, else "x" and the hexadecimal of its bytes.
func ShardName(prefix string) string {
	for _, r := range prefix {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return "x" + hex.EncodeToString([]byte(prefix))
		}
	}
	return prefix
}

const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// Encode writes sorted document numbers as the deltas between them (the first from
// -1), each a base-32 number, most significant digit first; every digit but the last
// of a number has 32 added. Dense lists take one character per document.
func Encode(ids []int32) string { return string(appendEncode(nil, ids)) }

// appendEncode appends Encode(ids) to b.
func appendEncode(b []byte, ids []int32) []byte {
	prev := int32(-1)
	var tmp [8]byte
	for _, id := range ids {
		d := uint32(id - prev)
		prev = id
		n := 0
		for {
			tmp[n] = byte(d & 31)
			n++
			d >>= 5
			if d == 0 {
				break
			}
		}
		for i := n - 1; i >= 0; i-- {
			v := tmp[i]
			if i > 0 {
				v += 32
			}
			b = append(b, digits[v])
		}
	}
	return b
}

// Decode is the inverse of Encode, as the browser does it.
func Decode(s string) []int32 {
	var out []int32
	prev, n := int32(-1), int32(0)
	for i := 0; i < len(s); i++ {
		v := int32(strings.IndexByte(digits, s[i]))
		n = n*32 + v&31
		if v < 32 {
			prev += n
			out = append(out, prev)
			n = 0
		}
	}
	return out
}
