// Package diag holds source positions and the list of diagnostics that every stage of
// atlas collects and reports at once.
//
// A diagnostic prints as "path:line:col: message": the path is slash-separated and
// relative to the site directory, lines and columns count from 1, and columns count
// characters (not bytes), so that "é" is one column as an editor shows it. Messages are
// lower-case and have no final period. A List is sorted by file, line, column and
// message before it is printed, so the same input always gives the same report.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a source file. Line 0 means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as path:line:col, path:line or path.
func (p Pos) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos Pos
	Msg string
}

func (d Diagnostic) Error() string { return d.Pos.String() + ": " + d.Msg }

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Add appends a diagnostic at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append appends all of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort sorts the list by position then message and removes exact duplicates.
func (l *List) Sort() {
	slices.SortFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	*l = slices.Compact(*l)
}

// Err returns the sorted list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	c := slices.Clone(l)
	c.Sort()
	return c
}

// Error prints one diagnostic per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// File converts byte offsets of one source file into positions.
type File struct {
	Name  string
	src   []byte
	lines []int // byte offset of the start of each line
	// marks holds, for each line longer than longLine bytes, the number of
	// characters before every markEvery-th byte of it, so that the column of any
	// offset costs at most markEvery bytes of counting: a hostile one-line array of
	// 100,000 elements, each placed, would otherwise be counted from the start of
	// the line 100,000 times.
	marks map[int][]int
}

const (
	longLine  = 4096
	markEvery = 128
)

// NewFile indexes src, the content of the file called name.
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, src: src, lines: []int{0}}
	start := 0
	for i, c := range src {
		if c == '\n' {
			f.mark(start, i)
			start = i + 1
			f.lines = append(f.lines, start)
		}
	}
	f.mark(start, len(src))
	return f
}

// mark indexes the line src[start:end] if it is long.
func (f *File) mark(start, end int) {
	if end-start <= longLine {
		return
	}
	if f.marks == nil {
		f.marks = map[int][]int{}
	}
	marks := []int{0}
	n := 0
	for i := start; i < end; i++ {
		if (i-start)%markEvery == 0 && i > start {
			marks = append(marks, n)
		}
		if utf8.RuneStart(f.src[i]) {
			n++
		}
	}
	f.marks[len(f.lines)-1] = marks
}

// Pos returns the position of the byte at offset. Offsets out of range are clamped.
func (f *File) Pos(offset int) Pos {
	offset = max(0, min(offset, len(f.src)))
	i, found := slices.BinarySearch(f.lines, offset)
	if !found {
		i--
	}
	// An offset inside a multi-byte character is the column of that character.
	for offset > f.lines[i] && offset < len(f.src) && !utf8.RuneStart(f.src[offset]) {
		offset--
	}
	var col int
	if marks, ok := f.marks[i]; ok {
		k := (offset - f.lines[i]) / markEvery
		col = marks[k] + 1
		for _, c := range f.src[f.lines[i]+k*markEvery : offset] {
			if utf8.RuneStart(c) {
				col++
			}
		}
	} else {
		col = utf8.RuneCount(f.src[f.lines[i]:offset]) + 1
	}
	// A UTF-8 byte order mark is not a column an editor shows.
	if i == 0 && len(f.src) >= 3 && string(f.src[:3]) == "\uFEFF" && offset >= 3 {
		col--
	}
	return Pos{File: f.Name, Line: i + 1, Col: col}
}

// LineCol returns the position of line and column as counted by a parser that already
// knows them.
func (f *File) LineCol(line, col int) Pos { return Pos{File: f.Name, Line: line, Col: col} }

// Offset returns the byte offset of the start of line (1-based), or len(src).
func (f *File) Offset(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return len(f.src)
	}
	return f.lines[line-1]
}

// Src returns the indexed source.
func (f *File) Src() []byte { return f.src }

// Suggest returns ` (did you mean "x"?)` for the candidate nearest to word, or "" when
// none is near enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(word, c)
		if bestD < 0 || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, utf8.RuneCountInString(word)/3) || bestD == 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in characters.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
