// Package search builds the search index of /recherche/ at build time, as static
// files that the browser fetches piece by piece, so that a query downloads a small
// part of the index however large the atlas is.
//
// # Documents
//
// Every initiative is a document, and so is every commune, type, theme and
// intercommunalité page. Documents are numbered: the initiatives first, in the
// model's (alphabetical) order, then the other pages. The document table is cut into
// chunks of ChunkSize documents, recherche/d/<k>.json; a chunk is an array of
// records:
//
//	initiative: [title, path, type index or -1, status index or -1, "Commune, Commune"]
//	other page: [title, path, kind, number of initiatives]    kind: "commune", "type", "theme", "interco"
//
// Paths are site paths without the leading slash; the page adds its base path.
//
// # Tokens and shards
//
// Text is folded (accents removed, ligatures spelt out, lower case) and cut into
// tokens of letters and digits; tokens of one character and a few French stop words
// are dropped. The same folding runs in the browser, so "velo" finds "vélo" and
// "Epicerie" finds "épicerie". A token maps to two posting lists: the documents
// whose title has it, and those whose other fields have it (type, themes, communes,
// carrier, address). Posting lists are sorted document numbers, delta-encoded as
// base-32 variable-length numbers written with 64 safe characters.
//
// Tokens are sharded by prefix: recherche/t/<prefix>.json holds every token that
// starts with the prefix. Prefixes have two characters; a shard larger than
// MaxShard is split by one more character, down to MaxDepth, and the tokens as
// short as the prefix stay in the parent. index.json lists every shard with its size,
// so the browser fetches exactly the shards that can hold a query word and its
// completions, or only the shard of the word itself when its completions would cost
// more than TokenBudget.
//
// # Filters
//
// recherche/f/type-<i>.txt, theme-<i>.txt and status-<i>.txt hold the posting list
// of one type, theme or status (by index in index.json); recherche/f/commune-<k>.json
// holds those of CommuneBucket communes. recherche/communes.json lists the communes
// for the commune filter and is fetched only when the filters are opened.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
}

// Term is a type, theme or status.
type Term struct {
	Name, Plural string
	Path         string // "" for statuses, which have no page
	Count        int
}

// Page is a commune, an intercommunalité, a document or an itinerary.
type Page struct {
	Name  string
	Path  string
	Count int
	Text  []string // other searchable text
}

// Initiative is one initiative.
type Initiative struct {
	Title    string
	Path     string
	Type     int
	Status   int
	Themes   []int
	Communes []int
	Text     []string // other searchable text: carrier, address
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
	Shards      map[string]int `json:"shards"`   // prefix → size in bytes
	Types       [][2]any       `json:"types"`    // [name, count]
	Themes      [][2]any       `json:"themes"`   // [name, count]
	Statuses    [][2]any       `json:"statuses"` // [name, count]
	Communes    int            `json:"communes"`
}

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields("de du des la le les et au aux en un une pour par sur dans avec ou qui que the of and") {
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

// Tokens returns the tokens of s, in order, repeated as often as they occur.
func Tokens(s string) []string {
	f := strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, t := range f {
		if utf8.RuneCountInString(t) >= 2 && !stop[t] {
			out = append(out, t)
		}
	}
	return out
}

// tokenCache tokenizes the names that many documents share (types, themes,
// communes) once.
type tokenCache map[string][]string

func (c tokenCache) tokens(s string) []string {
	t, ok := c[s]
	if !ok {
		t = Tokens(s)
		c[s] = t
	}
	return t
}

// postings are the documents of one token, by field.
type postings struct{ title, other []int32 }

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

// Build builds the index. Documents are added in increasing number, so every
// posting list is sorted without sorting.
func Build(in Input) *Index {
	tokens := map[string]*postings{}
	cache := tokenCache{}
	index := func(id int32, title string, other ...string) {
		for _, t := range Tokens(title) {
			p := tokens[t]
			if p == nil {
				p = &postings{}
				tokens[t] = p
			}
			p.title = add(p.title, id)
		}
		for _, s := range other {
			for _, t := range cache.tokens(s) {
				p := tokens[t]
				if p == nil {
					p = &postings{}
					tokens[t] = p
				}
				p.other = add(p.other, id)
			}
		}
	}
	var docs []json.RawMessage
	typeDocs := make([][]int32, len(in.Types))
	themeDocs := make([][]int32, len(in.Themes))
	statusDocs := make([][]int32, len(in.Statuses))
	communeDocs := make([][]int32, len(in.Communes))
	var other []string
	for i, x := range in.Initiatives {
		id := int32(i)
		other = other[:0]
		var names []string
		if x.Type >= 0 {
			t := in.Types[x.Type]
			other = append(other, t.Name, t.Plural)
			typeDocs[x.Type] = append(typeDocs[x.Type], id)
		}
		if x.Status >= 0 {
			statusDocs[x.Status] = append(statusDocs[x.Status], id)
		}
		for _, t := range x.Themes {
			other = append(other, in.Themes[t].Name)
			themeDocs[t] = append(themeDocs[t], id)
		}
		for _, c := range x.Communes {
			other = append(other, in.Communes[c].Name)
			names = append(names, in.Communes[c].Name)
			communeDocs[c] = append(communeDocs[c], id)
		}
		other = append(other, x.Text...)
		index(id, x.Title, other...)
		docs = append(docs, record(x.Title, strings.TrimPrefix(x.Path, "/"), x.Type, x.Status, strings.Join(names, ", ")))
	}
	page := func(name, path, kind string, count int, other ...string) {
		index(int32(len(docs)), name, other...)
		docs = append(docs, record(name, strings.TrimPrefix(path, "/"), kind, count))
	}
	for _, c := range in.Communes {
		page(c.Name, c.Path, "commune", c.Count)
	}
	for _, t := range in.Types {
		page(t.Name, t.Path, "type", t.Count, t.Plural)
	}
	for _, t := range in.Themes {
		page(t.Name, t.Path, "theme", t.Count)
	}
	for _, x := range in.Intercos {
		page(x.Name, x.Path, "interco", x.Count)
	}
	for _, x := range in.Sources {
		page(x.Name, x.Path, "source", x.Count, x.Text...)
	}
	for _, x := range in.Parcours {
		page(x.Name, x.Path, "parcours", x.Count, x.Text...)
	}

	ix := &Index{sizes: map[string]int{}}
	m := Meta{Docs: len(docs), Initiatives: len(in.Initiatives), Chunk: ChunkSize, Budget: TokenBudget,
		Bucket: CommuneBucket, Page: PageSize, Shards: map[string]int{}, Communes: len(in.Communes),
		Types: [][2]any{}, Themes: [][2]any{}, Statuses: [][2]any{}}
	for _, t := range in.Types {
		m.Types = append(m.Types, [2]any{t.Name, t.Count})
	}
	for _, t := range in.Themes {
		m.Themes = append(m.Themes, [2]any{t.Name, t.Count})
	}
	for _, t := range in.Statuses {
		m.Statuses = append(m.Statuses, [2]any{t.Name, t.Count})
	}
	var files []File
	emit := func(path string, data []byte) {
		files = append(files, File{Path: path, Data: data})
		ix.sizes[path] = len(data)
	}

	// The document table.
	for k := 0; k*ChunkSize < len(docs); k++ {
		var b bytes.Buffer
		b.WriteByte('[')
		for i, d := range docs[k*ChunkSize : min((k+1)*ChunkSize, len(docs))] {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.Write(d)
		}
		b.WriteString("]\n")
		emit(fmt.Sprintf("recherche/d/%d.json", k), b.Bytes())
	}

	// The token shards.
	all := make([]string, 0, len(tokens))
	for t := range tokens {
		all = append(all, t)
	}
	slices.Sort(all)
	var shard func(prefix string, toks []string)
	shard = func(prefix string, toks []string) {
		data := encodeShard(toks, tokens)
		depth := utf8.RuneCountInString(prefix)
		if len(data) <= MaxShard || depth >= MaxDepth || len(toks) == 1 {
			m.Shards[prefix] = len(data)
			emit("recherche/t/"+ShardName(prefix)+".json", data)
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
			d := encodeShard(short, tokens)
			m.Shards[prefix] = len(d)
			emit("recherche/t/"+ShardName(prefix)+".json", d)
		}
		for _, g := range groups {
			shard(runePrefix(g[0], depth+1), g)
		}
	}
	for i := 0; i < len(all); {
		p := runePrefix(all[i], 2)
		j := i
		for j < len(all) && runePrefix(all[j], 2) == p {
			j++
		}
		shard(p, all[i:j])
		i = j
	}

	// The filters.
	for i, d := range typeDocs {
		emit(fmt.Sprintf("recherche/f/type-%d.txt", i), []byte(Encode(d)))
	}
	for i, d := range themeDocs {
		emit(fmt.Sprintf("recherche/f/theme-%d.txt", i), []byte(Encode(d)))
	}
	for i, d := range statusDocs {
		emit(fmt.Sprintf("recherche/f/status-%d.txt", i), []byte(Encode(d)))
	}
	for k := 0; k*CommuneBucket < len(communeDocs); k++ {
		var lists []string
		for _, d := range communeDocs[k*CommuneBucket : min((k+1)*CommuneBucket, len(communeDocs))] {
			lists = append(lists, Encode(d))
		}
		emit(fmt.Sprintf("recherche/f/commune-%d.json", k), marshal(lists))
	}
	names := make([]string, len(in.Communes))
	for i, c := range in.Communes {
		names[i] = c.Name
	}
	emit("recherche/communes.json", marshal(names))

	// The version hashes everything else, so index.json comes last.
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.Path))
		h.Write(f.Data)
	}
	m.Version = hex.EncodeToString(h.Sum(nil)[:6])
	meta := marshal(m)
	emit("recherche/index.json", meta)
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

// encodeShard writes {"token":["title postings","other postings"],…} in token order.
func encodeShard(toks []string, tokens map[string]*postings) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, t := range toks {
		if i > 0 {
			b.WriteString(",\n")
		}
		p := tokens[t]
		b.Write(marshal(t))
		b.WriteString(`:["` + Encode(p.title) + `","` + Encode(p.other) + `"]`)
	}
	b.WriteString("}\n")
	return b.Bytes()
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
func Encode(ids []int32) string {
	var b []byte
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
	return string(b)
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

// ShardsFor returns the shards the browser fetches for one query word, as the
// page's script chooses them: the deepest shard whose prefix starts the word, and
// the shards whose prefix the word starts, unless they would cost more than
// TokenBudget. Words of less than two characters fetch nothing.
func (ix *Index) ShardsFor(word string) []string {
	if utf8.RuneCountInString(word) < 2 {
		return nil
	}
	var deepest string
	var below []string
	size := 0
	for p, n := range ix.Meta.Shards {
		switch {
		case strings.HasPrefix(word, p):
			if len(p) > len(deepest) {
				deepest = p
			}
		case strings.HasPrefix(p, word):
			below = append(below, p)
			size += n
		}
	}
	var out []string
	if deepest != "" {
		out = append(out, deepest)
		size += ix.Meta.Shards[deepest]
	}
	if size <= TokenBudget {
		out = append(out, below...)
	}
	slices.Sort(out)
	return out
}

// Cost returns the files and bytes that a query fetches: index.json, the shards of
// its words, and the chunks of the document table that hold the first PageSize
// results. ids are the results in the order shown.
func (ix *Index) Cost(query string, ids []int32) (files []string, bytes int) {
	seen := map[string]bool{}
	take := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
			bytes += ix.sizes[p]
		}
	}
	take("recherche/index.json")
	for _, w := range Tokens(query) {
		for _, s := range ix.ShardsFor(w) {
			take("recherche/t/" + ShardName(s) + ".json")
		}
	}
	for _, id := range ids[:min(PageSize, len(ids))] {
		take(fmt.Sprintf("recherche/d/%d.json", int(id)/ChunkSize))
	}
	return files, bytes
}

// Search runs query over the index as the browser does, without filters: the
// documents that have every word (as a prefix of one of their tokens), best first.
// It reads the shards from the index's files.
func (ix *Index) Search(query string) []int32 {
	data := map[string][]byte{}
	for _, f := range ix.Files {
		data[f.Path] = f.Data
	}
	var scores map[int32]int
	for _, w := range Tokens(query) {
		got := map[int32]int{}
		for _, s := range ix.ShardsFor(w) {
			var sh map[string][2]string
			if err := json.Unmarshal(data["recherche/t/"+ShardName(s)+".json"], &sh); err != nil {
				continue
			}
			for t, p := range sh {
				if !strings.HasPrefix(t, w) {
					continue
				}
				exact := 0
				if t == w {
					exact = 1
				}
				for _, id := range Decode(p[0]) {
					got[id] = max(got[id], 3+exact)
				}
				for _, id := range Decode(p[1]) {
					got[id] = max(got[id], 1+exact)
				}
			}
		}
		if scores == nil {
			scores = got
			continue
		}
		for id, s := range scores {
			if g, ok := got[id]; ok {
				scores[id] = s + g
			} else {
				delete(scores, id)
			}
		}
	}
	ids := make([]int32, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if scores[a] != scores[b] {
			return scores[b] - scores[a]
		}
		return int(a - b)
	})
	return ids
}
