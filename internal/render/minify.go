package render

import (
	"bytes"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// templateMinifier minifies the text of HTML templates around their {{actions}}, once
// when they are parsed: the pages they render come out minified, with no minifier
// pass over each page. Inline scripts, styles and SVG are minified too, but for those
// whose content holds an action (JSON-LD), which the minifier leaves as they are.
var templateMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{TemplateDelims: html.GoTemplateDelims,
		KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true,
		// A <button>'s type="submit" is its default, which the minifier would drop;
		// html-validate (no-implicit-button-type) wants every button to say it.
		KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	return m
}()

// minifyTemplate returns the text of a template minified, or src itself if the
// minifier fails on it.
func minifyTemplate(src []byte) []byte {
	var b bytes.Buffer
	if err := templateMinifier.Minify("text/html", &b, bytes.NewReader(src)); err != nil {
		return src
	}
	return b.Bytes()
}
