package importer

import "testing/fstest"

type mapFile = fstest.MapFile

// siteFS is a small site with the example's kinds of statuses, for the fuzz target.
var siteFS = fstest.MapFS{
	"site.toml": {Data: []byte(`title = "Essai"
[[types]]
slug = "ressourcerie"
name = "Ressourcerie"
[[themes]]
slug = "reemploi"
name = "Réemploi"
[[statuses]]
slug = "ouvert"
name = "Ouvert"
stage = "active"
`)},
	"content/communes/sceaux.toml": {Data: []byte("name = \"Sceaux\"\ninsee = \"92071\"\ndepartement = \"92\"\nsummary = \"\"\n")},
}

func cloneFS() fstest.MapFS {
	c := fstest.MapFS{}
	for k, v := range siteFS {
		c[k] = v
	}
	return c
}
