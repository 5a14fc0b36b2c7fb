// Package markdown converts the Markdown of atlas's content to HTML with goldmark.
//
// Links written commune:<slug>, initiative:<slug>, type:<slug>, theme:<slug>,
// page:<slug>, source:<slug> (a document of content/sources) or parcours:<slug> (an
// optional #fragment may follow) are resolved by an AST transformer
// into the site path of that document, prefixed with the site's base path; a link to
// something that does not exist is reported at its line. Other link and image
// destinations must be http, https, mailto or a path without a scheme. Raw HTML is
// left out of the output unless the site opts in. Straight quotes become « », and
// French typography (package typo) puts no-break spaces where they belong.
//
// Destinations are checked as the browser reads them, character references and
// backslash escapes decoded, so that "&#106;avascript:" is reported as "javascript:";
// a control character in a destination is refused, and so is a scheme-relative
// "//host" (or "/\host") link unless the SchemeRelative option allows it. Before
// goldmark sees a text, guard refuses, at its line, the shapes its parser spends
// quadratic or worse time on: quotes and lists nested deeper than 32 levels, and more
// than 200 "](" left open in one paragraph.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/typo"
)

// Kinds are the schemes of typed links.
var Kinds = []string{"commune", "initiative", "type", "theme", "page", "source", "parcours"}

// Target is what a typed link points at.
type Target struct {
	Kind, Slug string
}

// Resolver finds the site path of a typed link. found is false when nothing has that
// slug; known is true when the file exists but is broken, so the link is not reported.
type Resolver interface {
	ResolveLink(kind, slug string) (path string, found, known bool)
	Candidates(kind string) []string
}

// Converter converts Markdown; it is safe for concurrent use.
type Converter struct {
	md             goldmark.Markdown // GitHub Flavored Markdown, with the typographer
	unlinked       goldmark.Markdown // the same without linkify, for texts it cannot change
	basePath       string
	schemeRelative bool
}

// Option changes what a Converter accepts.
type Option func(*Converter)

// SchemeRelative accepts links to //host/path, which a site opts into with
// [markdown] scheme_relative = true.
func SchemeRelative(c *Converter) { c.schemeRelative = true }

// New returns a converter. basePath ("/" or "/sub/path/") prefixes resolved links;
// unsafe lets raw HTML through.
func New(basePath string, unsafe bool, opts ...Option) *Converter {
	newMarkdown := func(gfm ...goldmark.Extender) goldmark.Markdown {
		opts := []goldmark.Option{
			goldmark.WithExtensions(gfm...),
			goldmark.WithExtensions(typo.Extension, extension.NewTypographer(
				extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
					extension.LeftDoubleQuote:  []byte("«\u202f"),
					extension.RightDoubleQuote: []byte("\u202f»"),
					extension.Apostrophe:       []byte("’"),
				}))),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
			),
		}
		if unsafe {
			opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
		}
		return goldmark.New(opts...)
	}
	c := &Converter{
		md: newMarkdown(extension.GFM),
		// extension.GFM is linkify and these three.
		unlinked: newMarkdown(extension.Table, extension.Strikethrough, extension.TaskList),
		basePath: basePath,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// mayLinkify reports whether goldmark's linkify could turn some of src into a link:
// it links only text that starts with "http:", "https:", "ftp:" or "www.", or an
// address with an "@". Linkify is tried at every space, which cost a sixth of the
// conversion, and most texts hold none of these: those are converted without it. The
// HTML is the same but for white space at the end of a line, which goldmark keeps when
// linkify runs and drops without it, and which browsers show the same (see
// FuzzUnlinked).
func mayLinkify(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("http")) ||
		bytes.Contains(src, []byte("ftp:")) || bytes.Contains(src, []byte("www."))
}

var stateKey = parser.NewContextKey()

var writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

type state struct {
	conv    *Converter
	res     Resolver
	m       content.Markdown
	at      func(off int) diag.Pos // m.Positions()
	d       diag.List
	targets []Target
}

// Convert renders m to HTML. It returns the typed links found, in order, and the
// problems found in links.
func (c *Converter) Convert(m content.Markdown, res Resolver) ([]byte, []Target, diag.List) {
	md := c.md
	if !mayLinkify(m.Src) {
		md = c.unlinked
	}
	return c.convert(md, m, res)
}

func (c *Converter) convert(md goldmark.Markdown, m content.Markdown, res Resolver) ([]byte, []Target, diag.List) {
	if len(m.Src) == 0 {
		return nil, nil, nil
	}
	st := &state{conv: c, res: res, m: m, at: m.Positions()}
	if off, msg := guard(m.Src); off >= 0 {
		st.d.Add(st.at(off), "%s", msg)
		return nil, nil, st.d
	}
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	ctx.Set(stateKey, st)
	var buf bytes.Buffer
	buf.Grow(len(m.Src) + len(m.Src)/4) // the HTML of a text is a little longer than it
	// goldmark writes through a bufio.Writer, and makes one of 4 KB per document
	// unless it is given one.
	w := writers.Get().(*bufio.Writer)
	w.Reset(&buf)
	err := md.Convert(m.Src, w, parser.WithContext(ctx))
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	writers.Put(w)
	if err != nil {
		st.d.Add(m.Pos(0), "markdown: %v", err)
	}
	return buf.Bytes(), st.targets, st.d
}

func (st *state) pos(n ast.Node) diag.Pos {
	p := n.Pos()
	for q := n; p < 0 && q != nil; q = q.Parent() {
		if q.Type() == ast.TypeBlock && q.Lines().Len() > 0 {
			p = q.Lines().At(0).Start
		}
		if q.Pos() >= 0 {
			p = q.Pos()
		}
	}
	return st.at(max(p, 0))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = st.destination(n, n.Destination)
		case *ast.Image:
			n.Destination = st.destination(n, n.Destination)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				st.destination(n, n.URL(reader.Source()))
			}
		}
		return ast.WalkContinue, nil
	})
}

// destination checks dest and returns what the link should point at. It checks the
// destination as the browser will read it: with its backslash escapes and character
// references decoded, as goldmark's renderer writes it ("&#106;avascript:" is
// "javascript:"), and with any control character refused, since browsers drop some
// of them from a URL ("java\tscript:").
func (st *state) destination(n ast.Node, dest []byte) []byte {
	s := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
	written := ""
	if s != string(dest) {
		written = fmt.Sprintf(" (written %q)", dest)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r >= 0x7f && r <= 0x9f }); i >= 0 {
		st.d.Add(st.pos(n), "link %q%s holds a control character: write it %%-encoded", s, written)
		return nil
	}
	if len(s) >= 2 && (s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\') && !st.conv.schemeRelative {
		st.d.Add(st.pos(n), "link %q%s leaves the site without saying how: write it with https:, or allow it with [markdown] scheme_relative = true", s, written)
		return nil
	}
	if strings.ContainsRune(s, '\\') {
		// Browsers read a backslash as a slash: /\\host is //host.
		st.d.Add(st.pos(n), "link %q%s holds a backslash: write / or %%5C", s, written)
		return nil
	}
	scheme, rest, hasScheme := strings.Cut(s, ":")
	if !hasScheme || strings.ContainsAny(scheme, "/?#") {
		return dest // a path or fragment within the site
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
		if u, err := url.Parse(s); err != nil || (u.Scheme != "mailto" && u.Host == "") {
			st.d.Add(st.pos(n), "link %q%s is not a valid URL", s, written)
			return nil
		}
		return dest
	case "commune", "initiative", "type", "theme", "page", "source", "parcours":
		kind := strings.ToLower(scheme)
		slug, frag, _ := strings.Cut(rest, "#")
		st.targets = append(st.targets, Target{Kind: kind, Slug: slug})
		p, found, known := st.res.ResolveLink(kind, slug)
		if !found {
			if !known {
				st.d.Add(st.pos(n), "link to unknown %s %q%s", kind, slug, diag.Suggest(slug, st.res.Candidates(kind)))
			}
			return nil
		}
		u := st.conv.basePath + strings.TrimPrefix(p, "/")
		if frag != "" {
			u += "#" + url.PathEscape(frag)
		}
		return []byte(u)
	}
	suggest := diag.Suggest(strings.ToLower(scheme), append([]string{"http", "https", "mailto"}, Kinds...))
	st.d.Add(st.pos(n), "link %q%s must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)%s", s, written, suggest)
	return nil
}
