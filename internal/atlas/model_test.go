package atlas

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/content"
)

// model builds an atlas from compact descriptions: communes as "slug:Name:Interco"
// and initiatives as "slug:Title:type:commune,commune".
func model(t *testing.T, communes, initiatives []string) *Atlas {
	t.Helper()
	c := &content.Content{Site: &content.Site{Title: "t"}}
	types := map[string]bool{}
	for _, s := range communes {
		f := strings.Split(s, ":")
		c.Communes = append(c.Communes, &content.Commune{Slug: f[0], Name: f[1], Intercommunalite: f[2]})
	}
	for _, s := range initiatives {
		f := strings.Split(s, ":")
		in := &content.Initiative{Slug: f[0], Title: f[1], Type: content.Ref{Slug: f[2]}}
		for _, cs := range strings.Split(f[3], ",") {
			in.Communes = append(in.Communes, content.Ref{Slug: cs})
		}
		c.Initiatives = append(c.Initiatives, in)
		if !types[f[2]] {
			types[f[2]] = true
			c.Site.Types = append(c.Site.Types, &content.Term{Slug: f[2], Name: f[2], Plural: f[2] + "s"})
		}
	}
	a, d := New(c)
	if len(d) > 0 {
		t.Fatalf("New: %v", d)
	}
	return a
}

func slugs[T interface{ URL() string }](xs []T) string {
	var out []string
	for _, x := range xs {
		out = append(out, strings.Split(strings.Trim(x.URL(), "/"), "/")[1])
	}
	return strings.Join(out, " ")
}

func TestFrenchOrder(t *testing.T) {
	a := model(t, []string{"zola:Zola:", "ecully:Écully:", "eveux:Éveux:", "larbresle:L'Arbresle:", "abbeville:Abbeville:", "etampes:Étampes:", "e:Eze:"}, nil)
	if got, want := slugs(a.Communes), "abbeville ecully etampes eveux e larbresle zola"; got != want {
		t.Errorf("communes in order %q, want %q", got, want)
	}
}

func TestPeers(t *testing.T) {
	a := model(t,
		[]string{"a:Antony:Sud", "b:Bagneux:Sud", "c:Clichy:Nord", "d:Drancy:", "e:Épinay:Nord"},
		[]string{
			"r-a:Ressourcerie A:ressourcerie:a",
			"r-a2:Ressourcerie A bis:ressourcerie:a",
			"r-b:Ressourcerie B:ressourcerie:b",
			"r-c:Ressourcerie C:ressourcerie:c",
			"r-d:Ressourcerie D:ressourcerie:d",
			"r-ce:Ressourcerie CE:ressourcerie:c,e",
			"j-a:Jardin A:jardin:a",
		})
	for _, tc := range []struct {
		slug  string
		peers string
		count int
	}{
		// Same intercommunalité first (Bagneux), then the others by commune; never
		// one of the same commune.
		{"r-a", "r-b r-c r-ce r-d", 4},
		{"r-b", "r-a r-a2 r-c r-ce r-d", 5},
		// Clichy's peers: Épinay shares nothing with it but r-ce shares Clichy.
		{"r-c", "r-a r-a2 r-b r-d", 4},
		{"r-ce", "r-a r-a2 r-b r-d", 4},
		{"r-d", "r-a r-a2 r-b r-c r-ce", 5},
		{"j-a", "", 0},
	} {
		in := a.Initiative(tc.slug)
		if got := slugs(in.Peers); got != tc.peers || in.PeerCount != tc.count {
			t.Errorf("%s: peers %q (%d), want %q (%d)", tc.slug, got, in.PeerCount, tc.peers, tc.count)
		}
	}
}

// TestPeerCountShared counts once an initiative that shares several communes.
func TestPeerCountShared(t *testing.T) {
	a := model(t, []string{"a:Antony:", "b:Bagneux:", "c:Clichy:"},
		[]string{"x:X:amap:a,b", "y:Y:amap:a,b", "z:Z:amap:c", "w:W:amap:b,c"})
	for slug, want := range map[string]int{"x": 1, "y": 1, "z": 2, "w": 0} {
		if got := a.Initiative(slug).PeerCount; got != want {
			t.Errorf("%s: %d initiatives of its type share none of its communes, want %d", slug, got, want)
		}
	}
}

func TestPeersBounded(t *testing.T) {
	var communes, ins []string
	for i := range 40 {
		communes = append(communes, fmt.Sprintf("c%02d:Commune %02d:", i, i))
		ins = append(ins, fmt.Sprintf("i%02d:Init %02d:amap:c%02d", i, i, i))
	}
	a := model(t, communes, ins)
	in := a.Initiative("i05")
	if len(in.Peers) != MaxPeers || in.PeerCount != 39 {
		t.Errorf("%d peers shown of %d, want %d of 39", len(in.Peers), in.PeerCount, MaxPeers)
	}
}

func TestIndexes(t *testing.T) {
	a := model(t,
		[]string{"a:Antony:Vallée Sud", "b:Bagneux:Vallée Sud", "c:Clichy:Boucle Nord", "d:Drancy:"},
		[]string{"e-ab:Épicerie:epicerie:b,a", "r-a:Ressourcerie:ressourcerie:a", "r-c:Atelier:ressourcerie:c"})
	ep := a.types["epicerie"]
	var groups []string
	for _, g := range ep.ByCommune {
		groups = append(groups, g.Commune.Slug+"="+slugs(g.Initiatives))
	}
	if got, want := strings.Join(groups, " "), "a=e-ab b=e-ab"; got != want {
		t.Errorf("type groups %q, want %q", got, want)
	}
	if got, want := slugs(ep.Without), "c d"; got != want {
		t.Errorf("communes without the type: %q, want %q", got, want)
	}
	antony := a.Commune("a")
	if got, want := slugs(antony.Others()), "b"; got != want {
		t.Errorf("Antony's neighbours %q, want %q", got, want)
	}
	var byType []string
	for _, g := range antony.ByType {
		byType = append(byType, g.Type.Slug)
	}
	if got, want := strings.Join(byType, " "), "epicerie ressourcerie"; got != want {
		t.Errorf("Antony's groups %q, want %q (site.toml order)", got, want)
	}
	if got := slugs(a.Intercos); got != "boucle-nord vallee-sud" {
		t.Errorf("intercos %q", got)
	}
	vs := a.Intercos[1]
	if got, want := slugs(vs.Initiatives), "e-ab r-a"; got != want {
		t.Errorf("Vallée Sud's initiatives %q, want %q (each once)", got, want)
	}
	if a.Commune("d").Interco != nil {
		t.Error("Drancy has no intercommunalité")
	}
}

func TestBacklinks(t *testing.T) {
	a := model(t, []string{"a:Antony:", "b:Bagneux:"}, []string{"x:X:t:a", "y:Y:t:b"})
	x, y := a.Initiative("x"), a.Initiative("y")
	a.AddBacklinks(map[Doc][]Doc{
		y:              {x, x, y},
		a.Commune("b"): {x},
	})
	var got []string
	for _, d := range x.Backlinks {
		got = append(got, d.Kind()+":"+d.Label())
	}
	if want := []string{"initiative:Y", "commune:Bagneux"}; !slices.Equal(got, want) {
		t.Errorf("backlinks %q, want %q (deduplicated, initiatives first, no self-link)", got, want)
	}
	if len(y.Backlinks) != 0 {
		t.Errorf("a page that links to itself is not its own backlink")
	}
}

// TestDirectFields checks that the fields each document type repeats from its
// embedded content hold the content's values, on the bundled example: a field added
// to a type but not set in New would show here.
func TestDirectFields(t *testing.T) {
	c, d := content.Load(os.DirFS("../.."))
	if len(d) > 0 {
		t.Fatal(d)
	}
	a, _ := New(c)
	docs := a.Docs()
	for _, x := range a.Statuses {
		docs = append(docs, x)
	}
	if len(a.Communes) == 0 || len(a.Initiatives) == 0 || len(a.Types) == 0 || len(a.Pages) == 0 {
		t.Fatal("the example has no communes, initiatives, types or pages")
	}
	checked := map[string]int{}
	for _, doc := range docs {
		v := reflect.ValueOf(doc).Elem()
		if !v.Type().Field(0).Anonymous {
			continue // an Interco has no content of its own
		}
		embedded := v.Field(0).Elem() // the *content.X, first by convention
		for i := 1; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			cf := embedded.FieldByName(f.Name)
			if !f.IsExported() || !cf.IsValid() || cf.Type() != f.Type {
				continue
			}
			if v.Type().Name() == "Commune" && (f.Name == "Location" || f.Name == "PostalCodes") {
				continue // the file's location and postal codes, else those of the COG
			}
			checked[v.Type().Name()+"."+f.Name]++
			if !reflect.DeepEqual(v.Field(i).Interface(), cf.Interface()) {
				t.Errorf("%s %v: %s is %v, its content's is %v", v.Type().Name(), embedded.FieldByName("Slug"), f.Name, v.Field(i), cf)
			}
		}
	}
	for _, name := range []string{"Commune.Name", "Initiative.Title", "Initiative.Verified", "Type.Plural", "Page.Title", "Source.Title", "Source.Represented"} {
		if checked[name] == 0 {
			t.Errorf("%s was not checked", name)
		}
	}
}

// TestPostalCodes checks that a commune has the postal codes of its file, or else
// those of the code officiel géographique.
func TestPostalCodes(t *testing.T) {
	c := &content.Content{Site: &content.Site{Title: "t"}, Communes: []*content.Commune{
		{Slug: "saint-denis", Name: "Saint-Denis", INSEE: "93066", Departement: "93"},
		{Slug: "sceaux", Name: "Sceaux", INSEE: "92071", Departement: "92", PostalCodes: []string{"92330", "92331"}},
		{Slug: "nulle-part", Name: "Nulle part", INSEE: "99999", Departement: "99"},
	}}
	a, d := New(c)
	if len(d) > 0 {
		t.Fatalf("New: %v", d)
	}
	for _, tc := range []struct {
		slug string
		want []string
	}{
		{"saint-denis", []string{"93200", "93210", "93380"}},
		{"sceaux", []string{"92330", "92331"}},
		{"nulle-part", nil},
	} {
		if got := a.communes[tc.slug].PostalCodes; !slices.Equal(got, tc.want) {
			t.Errorf("%s: postal codes %v, want %v", tc.slug, got, tc.want)
		}
	}
}
