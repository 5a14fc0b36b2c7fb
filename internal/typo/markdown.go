package typo

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Extension applies French typography to the text of Markdown, through the AST: the
// text of each paragraph, heading, list item or table cell is read as one, across
// emphasis and links, so that « **Sceaux** : » gets its space too. Code spans, images
// (their text is an attribute), raw HTML and autolinks are left as written.
var Extension goldmark.Extender = extender{}

type extender struct{}

func (extender) Extend(m goldmark.Markdown) {
	// After the other transformers (atlas's links run at 100): typography only
	// changes text.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)))
}

type transformer struct{}

// leaf is one inline piece of a block's text, in order.
type leaf struct {
	text  *ast.Text // nil for a piece that is not edited
	value []byte    // what the piece shows, as written
}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var leaves []leaf
	var collect func(n ast.Node)
	collect = func(n ast.Node) {
		merge(n, src)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Segment.Value(src)
				if c.IsRaw() {
					leaves = append(leaves, leaf{value: v})
					continue
				}
				leaves = append(leaves, leaf{text: c, value: v})
			case *ast.String:
				leaves = append(leaves, leaf{value: c.Value})
			case *ast.CodeSpan, *ast.Image, *ast.RawHTML, *ast.AutoLink:
				// Seen from the text around it, a word.
				leaves = append(leaves, leaf{value: []byte("x")})
			default:
				if c.Type() == ast.TypeInline {
					collect(c)
				}
			}
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if _, ok := n.(*ast.CodeBlock); ok {
			return ast.WalkSkipChildren, nil
		}
		if _, ok := n.(*ast.FencedCodeBlock); ok {
			return ast.WalkSkipChildren, nil
		}
		if fc := n.FirstChild(); fc == nil || fc.Type() != ast.TypeInline {
			return ast.WalkContinue, nil
		}
		leaves = leaves[:0]
		collect(n)
		trimLineEnds(leaves)
		edit(leaves)
		return ast.WalkSkipChildren, nil
	})
}

// merge joins the pieces of plain text among n's children that follow each other in
// the source: goldmark cuts the text where linkify was tried, at every space (« "* »,
// two spaces, « 0 » is three pieces with linkify and two without), and typography
// must read the same pieces either way. Two pieces stay apart when the joint could be
// inside a backslash escape or a character reference (see joinable).
func merge(n ast.Node, src []byte) {
	plain := func(c ast.Node) (*ast.Text, bool) {
		t, ok := c.(*ast.Text)
		if !ok || t.IsRaw() || t.Segment.Padding > 0 {
			return nil, false
		}
		return t, true
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := plain(c)
		if !ok || t.SoftLineBreak() || t.HardLineBreak() {
			c = next
			continue
		}
		u, ok := plain(next)
		if !ok || u.Segment.Start != t.Segment.Stop || !joinable(t.Segment.Value(src), u.Segment.Value(src)) {
			c = next
			continue
		}
		t.Segment = t.Segment.WithStop(u.Segment.Stop)
		t.SetSoftLineBreak(u.SoftLineBreak())
		t.SetHardLineBreak(u.HardLineBreak())
		n.RemoveChild(n, u) // and c again, with what follows u
	}
}

// joinable reports whether the text a then b reads as a and b apart: a does not end
// in a backslash, nor in an ampersand and the start of a reference's name that b
// could go on with (« &am » then « p; »). Linkify never cuts there (it stops at
// spaces and « *_~( »); this keeps any other cut apart all the same.
func joinable(a, b []byte) bool {
	if len(a) > 0 && a[len(a)-1] == '\\' {
		return false
	}
	name := func(c byte) bool {
		return c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	i := bytes.LastIndexByte(a, '&')
	if i < 0 || len(b) == 0 || !(name(b[0]) || b[0] == ';') {
		return true
	}
	for _, c := range a[i+1:] {
		if !name(c) {
			return true
		}
	}
	return false
}

// trimLineEnds drops the spaces and tabs before each line break, which goldmark
// leaves in the text when linkify, tried at every space, cut it there, and drops
// otherwise: typography must see the same text either way (« 0 », a tab, a line
// break, « $ »). A browser shows none of them.
func trimLineEnds(leaves []leaf) {
	for k := range leaves {
		t := leaves[k].text
		if t == nil || !t.SoftLineBreak() && !t.HardLineBreak() {
			continue
		}
		for m := k; m >= 0; m-- {
			l := &leaves[m]
			if l.text == nil || m < k && (l.text.SoftLineBreak() || l.text.HardLineBreak()) {
				break
			}
			v := l.value
			n := len(v)
			for n > 0 && (v[n-1] == ' ' || v[n-1] == '\t') {
				n--
			}
			if n < len(v) && l.text.Segment.Padding == 0 {
				l.text.Segment = l.text.Segment.WithStop(l.text.Segment.Stop - (len(v) - n))
				l.value = v[:n]
			}
			if n > 0 {
				break // an empty piece (linkify's, before the break) looks further back
			}
		}
	}
}

// edit applies typography to the text leaves of one block, each seen with the
// characters around it.
func edit(leaves []leaf) {
	shown := func(l leaf) []byte {
		if l.text != nil && (l.text.SoftLineBreak() || l.text.HardLineBreak()) {
			return append(l.value[:len(l.value):len(l.value)], '\n')
		}
		return l.value
	}
	for k, l := range leaves {
		if l.text == nil {
			continue
		}
		// What precedes, as far as a run of spaces, a group of digits and the mark
		// before it: the « 0000 » of « 0000 000 » when linkify cut the text at the
		// space.
		// The run of spaces counts whole, however long: « 0 », twenty spaces, then
		// « ; » cut by linkify inside the run.
		var prior []rune
		for m := k - 1; m >= 0 && len(prior)-trailingSpaces(prior) < 16; m-- {
			prior = append([]rune(string(shown(leaves[m]))), prior...)
		}
		if n := 16 + trailingSpaces(prior); len(prior) > n {
			prior = prior[len(prior)-n:]
		}
		var before rune // the character just before
		if len(prior) > 0 {
			before = prior[len(prior)-1]
		}
		// What follows, as far as a run of spaces and a unit's length: « 30 » then
		// « % ».
		var after []rune
		for m := k + 1; m < len(leaves) && len(after)-leadingSpaces(after) < 24; m++ {
			after = append(after, []rune(string(shown(leaves[m])))...)
		}
		v := shown(l)
		// The first character after the spaces that follow: « A » then «  : » must
		// make the space that ends « A » narrow.
		var next rune
		for _, r := range after {
			if !isSpace(r) {
				next = r
				break
			}
		}
		if !needsBytes(v, before, next) {
			continue
		}
		rs := []rune(string(v))
		out := apply(rs, prior, after)
		if string(out) == string(rs) {
			continue
		}
		t := l.text
		s := string(out)
		if t.SoftLineBreak() || t.HardLineBreak() {
			// The line break became a no-break space, or is still there at the end. A
			// hard one stays: the space goes before the <br>.
			if n := len(s); n > 0 && s[n-1] == '\n' {
				s = s[:n-1]
			} else if t.SoftLineBreak() {
				t.SetSoftLineBreak(false)
			}
		}
		// The text now shows its new value, written the way goldmark writes text
		// (entities and backslash escapes resolved); the node itself keeps only its
		// line break.
		str := ast.NewString([]byte(s))
		t.Parent().InsertBefore(t.Parent(), t, str)
		t.Segment = text.NewSegment(t.Segment.Stop, t.Segment.Stop)
	}
}

// needsBytes is needs for a leaf, which may also need a space before what follows it
// or after the number that precedes it.
func needsBytes(v []byte, before, after rune) bool {
	if isPunct(after) || isDigit(before) || before == '«' {
		return true
	}
	return needs(string(v))
}

// trailingSpaces is the length of the run of spaces that ends rs.
func trailingSpaces(rs []rune) int {
	n := 0
	for n < len(rs) && isSpace(rs[len(rs)-1-n]) {
		n++
	}
	return n
}

// leadingSpaces is the length of the run of spaces that starts rs.
func leadingSpaces(rs []rune) int {
	n := 0
	for n < len(rs) && isSpace(rs[n]) {
		n++
	}
	return n
}
