package search

import (
	"html"
	"strings"
)

// PlainText returns the text of rendered HTML, as the index reads it: tags become
// spaces (so that « <li>vélo</li><li>jardin</li> » keeps two words) and character
// references are decoded. It reads what atlas's Markdown renderer writes, not any HTML.
func PlainText(h string) string {
	if !strings.ContainsAny(h, "<&") {
		return h
	}
	var b strings.Builder
	b.Grow(len(h))
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(b.String())
}
