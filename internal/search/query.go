package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Weights of a query word found in each field: a whole stem, then the beginning of
// one. A document's score is the sum, over the query's words, of the best weight of
// each; ties keep the order of document numbers (see Documents).
var weights = [nFields][2]int{fieldTitle: {12, 9}, fieldNames: {6, 4}, fieldText: {2, 1}}

// Word is one word of a query.
type Word struct {
	Text      string   // in lower case, as typed: for messages
	Folded    string   // folded
	Stem      string   // what the index is searched for
	Parts     []string // stems of the words that hyphens join in Text, if several
	Corrected string   // the indexed word that replaced it, when it matched nothing
}

// QueryWords cuts a query into words as the browser does: words that hyphens join
// are one word, searched joined or part by part.
func QueryWords(q string) []Word {
	var out []Word
	groups(q, func(g []word) {
		foldAll(g)
		if len(g) == 1 {
			if keep(g[0].folded) {
				out = append(out, Word{Text: g[0].lower, Folded: g[0].folded, Stem: stemOf(g[0].folded)})
			}
			return
		}
		var w Word
		var text []string
		for _, x := range g {
			w.Folded += x.folded
			text = append(text, x.lower)
			if keep(x.folded) {
				w.Parts = append(w.Parts, stemOf(x.folded))
			}
		}
		w.Text, w.Stem = strings.Join(text, "-"), stemOf(w.Folded)
		out = append(out, w)
	})
	return out
}

// shardsWithin returns the shards that hold every stem starting with prefix: the
// deepest shard whose prefix starts it, and those whose prefix it starts; the second
// return is their size in bytes.
func (ix *Index) shardsWithin(prefix string) ([]string, int, int) {
	var deepest string
	var below []string
	size := 0
	for p, n := range ix.Meta.Shards {
		switch {
		case strings.HasPrefix(prefix, p):
			if len(p) > len(deepest) {
				deepest = p
			}
		case strings.HasPrefix(p, prefix):
			below = append(below, p)
			size += n
		}
	}
	own := 0
	var out []string
	if deepest != "" {
		out = append(out, deepest)
		own = ix.Meta.Shards[deepest]
	}
	return append(out, below...), own, own + size
}

// ShardsFor returns the shards the browser fetches for one stem, as the page's script
// chooses them: the deepest shard whose prefix starts the stem, and the shards whose
// prefix the stem starts, unless they would cost more than TokenBudget. Stems of
// less than two characters fetch nothing.
func (ix *Index) ShardsFor(stem string) []string {
	if utf8.RuneCountInString(stem) < 2 {
		return nil
	}
	out, _, size := ix.shardsWithin(stem)
	if size > TokenBudget && len(out) > 0 && strings.HasPrefix(stem, out[0]) {
		out = out[:1]
	}
	slices.Sort(out)
	return out
}

// FuzzyShardsFor returns the shards the browser fetches to correct a stem that matched
// nothing: those of every stem that shares its first two characters, or, when they
// would cost more than TokenBudget, its first three, and so on. A typo in the first
// two letters is not corrected.
func (ix *Index) FuzzyShardsFor(stem string) []string {
	n := utf8.RuneCountInString(stem)
	for k := 2; k <= n; k++ {
		out, _, size := ix.shardsWithin(runePrefix(stem, k))
		if size <= TokenBudget || k == n {
			slices.Sort(out)
			return out
		}
	}
	return nil
}

// Cost returns the files and bytes that a query fetches: index.json, the shards of
// its words, and the chunks of the document table that hold the first PageSize
// results; and what it finds.
func (ix *Index) Cost(query string) (files []string, bytes int, r Result) {
	seen := map[string]bool{}
	take := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
			bytes += ix.sizes[p]
		}
	}
	take("recherche/index.json")
	r = ix.search(query, func(s string) { take("recherche/t/" + ShardName(s) + ".json") })
	for _, id := range r.IDs[:min(PageSize, len(r.IDs))] {
		take(fmt.Sprintf("recherche/d/%d.json", int(id)/ChunkSize))
	}
	return files, bytes, r
}

// Result is what a query finds.
type Result struct {
	IDs     []int32 // documents, best first
	Words   []Word
	Missing map[int32][]int // when no document has every word: the words (by index) that each lacks
}

// Search runs query over the index as the browser does, without filters: the
// documents that have every word, best first; a word that matches nothing is
// corrected if it has one typo; when no document has every word, those that have
// the most. It reads the shards from the index's files.
func (ix *Index) Search(query string) Result { return ix.search(query, func(string) {}) }

func (ix *Index) search(query string, fetched func(shard string)) Result {
	data := map[string][]byte{}
	for _, f := range ix.Files {
		data[f.Path] = f.Data
	}
	shards := map[string]map[string][]string{}
	load := func(names []string) []map[string][]string {
		var out []map[string][]string
		for _, s := range names {
			fetched(s)
			sh, ok := shards[s]
			if !ok {
				json.Unmarshal(data["recherche/t/"+ShardName(s)+".json"], &sh)
				shards[s] = sh
			}
			out = append(out, sh)
		}
		return out
	}
	scores := func(stem string) map[int32]int {
		got := map[int32]int{}
		for _, sh := range load(ix.ShardsFor(stem)) {
			for t, p := range sh {
				if !strings.HasPrefix(t, stem) {
					continue
				}
				exact := 1
				if t == stem {
					exact = 0
				}
				for f := range nFields {
					for _, id := range Decode(p[f]) {
						got[id] = max(got[id], weights[f][exact])
					}
				}
			}
		}
		return got
	}

	words := QueryWords(query)
	found := make([]map[int32]int, len(words))
	for i, w := range words {
		found[i] = scores(w.Stem)
		if len(w.Parts) > 1 {
			// Every part, in any field: « tiers-lieu » finds « un tiers lieu ».
			var all map[int32]int
			for _, p := range w.Parts {
				all = intersect(all, scores(p), func(a, b int) int { return min(a, b) })
			}
			for id, s := range all {
				found[i][id] = max(found[i][id], s)
			}
		}
	}
	// Two words written apart may be indexed joined: « co working » finds « coworking ».
	for i := 0; i+1 < len(words); i++ {
		a, b := words[i], words[i+1]
		if len(a.Parts) > 0 || len(b.Parts) > 0 {
			continue
		}
		for id, s := range scores(stemOf(a.Folded + b.Folded)) {
			found[i][id] = max(found[i][id], s)
			found[i+1][id] = max(found[i+1][id], s)
		}
	}
	for i, w := range words {
		if len(found[i]) > 0 || utf8.RuneCountInString(w.Folded) < FuzzyLength || hasDigit(w.Folded) {
			continue
		}
		best, bestWord, bestN := "", "", 0
		for _, sh := range load(ix.FuzzyShardsFor(w.Stem)) {
			for t, p := range sh {
				form := t
				if len(p) > nFields {
					form = p[nFields]
				}
				if !strings.HasPrefix(t, runePrefix(w.Stem, 2)) || !(osa(w.Folded, Fold(form)) <= 1 || osa(w.Stem, t) <= 1) {
					continue
				}
				n := 0
				for f := range nFields {
					n += len(Decode(p[f]))
				}
				if n > bestN || n == bestN && t < best {
					best, bestWord, bestN = t, form, n
				}
			}
		}
		if best != "" {
			words[i].Corrected = bestWord
			found[i] = scores(best)
		}
	}

	var total map[int32]int
	for i := range words {
		total = intersect(total, found[i], func(a, b int) int { return a + b })
	}
	r := Result{Words: words}
	if len(total) == 0 && len(words) > 1 {
		// No document has every word: those that have the most, saying which they lack.
		count := map[int32]int{}
		sum := map[int32]int{}
		most := 0
		for i := range words {
			for id, s := range found[i] {
				count[id]++
				sum[id] += s
				most = max(most, count[id])
			}
		}
		total = map[int32]int{}
		r.Missing = map[int32][]int{}
		for id, n := range count {
			if n == most {
				total[id] = sum[id]
				for i := range words {
					if _, ok := found[i][id]; !ok {
						r.Missing[id] = append(r.Missing[id], i)
					}
				}
			}
		}
	}
	// A commune, type or theme page whose words are only in its text (a commune's
	// summary that names an épicerie) is left out, unless nothing else matches.
	weak := func(id int32) bool {
		if int(id) < ix.Meta.Initiatives {
			return false
		}
		for i := range words {
			if s, ok := found[i][id]; ok && s < weights[fieldNames][1] {
				return true
			}
		}
		return false
	}
	strong := 0
	for id := range total {
		if !weak(id) {
			strong++
		}
	}
	if strong > 0 {
		for id := range total {
			if weak(id) {
				delete(total, id)
			}
		}
	}
	r.IDs = make([]int32, 0, len(total))
	for id := range total {
		r.IDs = append(r.IDs, id)
	}
	slices.SortFunc(r.IDs, func(a, b int32) int {
		if total[a] != total[b] {
			return total[b] - total[a]
		}
		return int(a - b)
	})
	return r
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// intersect returns the documents of both a and b with their scores combined by f;
// a nil a is everything.
func intersect(a, b map[int32]int, f func(int, int) int) map[int32]int {
	if a == nil {
		out := make(map[int32]int, len(b))
		for id, s := range b {
			out[id] = s
		}
		return out
	}
	out := map[int32]int{}
	for id, s := range a {
		if t, ok := b[id]; ok {
			out[id] = f(s, t)
		}
	}
	return out
}

// osa returns the optimal string alignment distance between a and b, in characters:
// insertions, deletions, substitutions and swaps of two neighbours, each counting one.
func osa(a, b string) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > 1 || d < -1 {
		return 2 // only whether the distance is at most one matters
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// Open returns the index whose published files are files (paths from the site root,
// as Build names them), to search it as the browser would.
func Open(files map[string][]byte) (*Index, error) {
	ix := &Index{sizes: map[string]int{}}
	paths := make([]string, 0, len(files))
	for p := range files {
		if strings.HasPrefix(p, "recherche/") {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		ix.Files = append(ix.Files, File{Path: p, Data: files[p]})
		ix.sizes[p] = len(files[p])
	}
	if err := json.Unmarshal(files["recherche/index.json"], &ix.Meta); err != nil {
		return nil, fmt.Errorf("recherche/index.json: %v", err)
	}
	return ix, nil
}

// Doc returns the title and path of document id, from the document table, and for
// a commune outside the atlas the documents nearest it.
func (ix *Index) Doc(id int32) (title, path string, near []int32) {
	p := fmt.Sprintf("recherche/d/%d.json", int(id)/ChunkSize)
	for _, f := range ix.Files {
		if f.Path != p {
			continue
		}
		var chunk []json.RawMessage
		json.Unmarshal(f.Data, &chunk)
		k := int(id) % ChunkSize
		if k >= len(chunk) {
			break
		}
		var rec []json.RawMessage
		json.Unmarshal(chunk[k], &rec)
		if len(rec) >= 2 {
			json.Unmarshal(rec[0], &title)
			json.Unmarshal(rec[1], &path)
		}
		var kind string
		if len(rec) == 5 && json.Unmarshal(rec[2], &kind) == nil && kind == "outside" {
			var ns [][2]int32
			json.Unmarshal(rec[4], &ns)
			for _, n := range ns {
				near = append(near, n[0])
			}
		}
	}
	return title, path, near
}
