package importer

import (
	"testing"

	"github.com/reseau-ess-92/atlas/internal/content"
)

// FuzzImport feeds any bytes to the CSV and the GoGoCarto readers: they report, and
// never panic; every file they make parses back without a problem.
func FuzzImport(f *testing.F) {
	f.Add([]byte(sheet), false)
	f.Add([]byte(gogo), true)
	f.Add([]byte("nom,commune\n\"a\"\"b\",Sceaux\n"), false)
	f.Add([]byte("[{\"name\":\"x\",\"address\":{\"addressLocality\":\"Sceaux\"},\"categories\":[\"ressourcerie\"]}]"), true)
	site := func() *content.Content { c, _ := content.Load(siteFS); return c }()
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		name := "f.csv"
		if json {
			name = "f.json"
		}
		res, _ := Import(site, data, Options{Name: name, Date: day, Communes: true})
		for _, fl := range res.Files {
			if fl.Row == 0 {
				continue
			}
			fs := cloneFS()
			fs[fl.Path] = &mapFile{Data: fl.Data}
			c, d := content.Load(fs)
			for _, x := range d {
				if x.Pos.File == fl.Path {
					t.Fatalf("%s does not read back: %v\n%s", fl.Path, x, fl.Data)
				}
			}
			_ = c
		}
	})
}
