package content

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func site() fstest.MapFS {
	return fstest.MapFS{
		"site.toml":                    {Data: []byte("title = \"A\"\n[[types]]\nslug = \"t\"\nname = \"T\"\n[[statuses]]\nslug = \"s\"\nname = \"S\"\n")},
		"content/communes/sceaux.toml": {Data: []byte("name = \"Sceaux\"\ninsee = \"92071\"\n")},
		"content/initiatives/a.md":     {Data: []byte("+++\ntitle = \"A\"\ncommunes = [\"sceaux\"]\ntype = \"t\"\nstatus = \"s\"\n+++\nTexte.\n")},
		"content/pages/p.md":           {Data: []byte("+++\ntitle = \"P\"\n+++\nTexte.\n")},
	}
}

// TestCache checks that a Load through the cache gives what a Load without it
// gives, after each kind of change, and what Changed says of each.
func TestCache(t *testing.T) {
	fsys := site()
	c := NewCache()
	c.Load(fsys)
	for _, tt := range []struct {
		name    string
		path    string
		data    string // "" deletes the file
		changed map[string]bool
	}{
		{"body", "content/initiatives/a.md", "+++\ntitle = \"A\"\ncommunes = [\"sceaux\"]\ntype = \"t\"\nstatus = \"s\"\n+++\nAutre texte.\n",
			map[string]bool{"content/initiatives/a.md": true}},
		{"title", "content/initiatives/a.md", "+++\ntitle = \"B\"\ncommunes = [\"sceaux\"]\ntype = \"t\"\nstatus = \"s\"\n+++\nAutre texte.\n",
			map[string]bool{"content/initiatives/a.md": false}},
		{"broken", "content/initiatives/a.md", "+++\ntitle = \n+++\n", map[string]bool{"content/initiatives/a.md": false}},
		{"new", "content/initiatives/sub/b.md", "+++\ntitle = \"B\"\ncommunes = [\"sceaux\"]\ntype = \"t\"\nstatus = \"s\"\n+++\n",
			map[string]bool{"content/initiatives/sub/b.md": false}},
		{"deleted", "content/pages/p.md", "", map[string]bool{"content/pages/p.md": false}},
		{"summary", "content/communes/sceaux.toml", "name = \"Sceaux\"\ninsee = \"92071\"\nsummary = \"Un texte.\"\n",
			map[string]bool{"content/communes/sceaux.toml": true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.data == "" {
				delete(fsys, tt.path)
			} else {
				fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			c.Forget(tt.path)
			got, gd := c.Load(fsys)
			want, wd := Load(fsys)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gd, wd) {
				t.Errorf("Load through the cache = %+v, %v; want %+v, %v", got, gd, want, wd)
			}
			if ch := c.Changed(); !reflect.DeepEqual(ch, tt.changed) {
				t.Errorf("Changed() = %v, want %v", ch, tt.changed)
			}
		})
	}
	// The model changes what Load gives; the cache keeps its own.
	fsys["content/initiatives/a.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"A\"\ncommunes = [\"sceaux\"]\ntype = \"t\"\nstatus = \"s\"\n+++\nTexte.\n")}
	c.Forget("content/initiatives/a.md")
	got, _ := c.Load(fsys)
	got.Initiatives[0].Body = Markdown{}
	got.Initiatives[0].Title = "changé"
	again, _ := c.Load(fsys)
	if again.Initiatives[0].Title == "changé" || len(again.Initiatives[0].Body.Src) == 0 {
		t.Error("a change to a loaded document reached the cache")
	}
}
