// Package atlas holds the default theme of the atlas static-site generator: the
// templates of layouts/ and the CSS, JavaScript and icons of static/, embedded in the
// binary so that the program works on any content folder. A site's own layouts/ and
// static/ override these files name by name.
//
// The program is cmd/atlas; the engine is under internal/.
package atlas

import (
	"embed"
	"io/fs"
)

//go:embed layouts static
var theme embed.FS

// Theme returns the default theme: a file system with layouts/ and static/.
func Theme() fs.FS { return theme }
