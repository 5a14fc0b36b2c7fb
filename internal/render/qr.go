package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
)

// KeepQRCodes makes r keep the QR code of every URL it draws, for the renders that
// follow: a preview server, which renders the same pages again after each edit,
// calls it; a single build does not, so as not to hold them all.
func (r *Renderer) KeepQRCodes() { r.qrs = &sync.Map{} }

// qr returns the QR code of u, drawn once when r keeps them.
func (r *Renderer) qr(u string) template.HTML {
	if r.qrs == nil {
		return qrSVG(u)
	}
	if v, ok := r.qrs.Load(u); ok {
		return v.(template.HTML)
	}
	svg := qrSVG(u)
	r.qrs.Store(u, svg)
	return svg
}

// qrSVG draws the QR code of u as inline SVG: one path, a square per dark module
// merged along each row, and a quiet zone of four modules, as the standard asks for a
// reader to find the code. Printed 24 mm wide, a page URL of about 60 characters
// (version 4, 33 modules) has modules of 0.6 mm, which a phone reads from a page.
func qrSVG(u string) template.HTML {
	q, err := qrcode.New(u, qrcode.Medium)
	if err != nil {
		return "" // a URL too long for any QR version: the page prints its URL only
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	var b strings.Builder
	b.Grow(n * n)
	size := strconv.Itoa(n + 8)
	b.WriteString(`<svg class="qr" viewBox="-4 -4 ` + size + ` ` + size + `" width="96" height="96" role="img" aria-label="Code QR de l’adresse de cette page" shape-rendering="crispEdges"><path d="`)
	for y, row := range bm {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < n && row[x+run] {
				run++
			}
			b.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	// The URL is the site's own, and the path digits and letters only: nothing in
	// the SVG comes from content but the modules.
	return template.HTML(b.String())
}
