package twinsite

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// digest hashes every file under dir, by path, in lexical order.
func digest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(data)
		h.Write([]byte{0})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestDigest pins the twin that gen_twin.py wrote for 13 communes and 300
// initiatives (seed 42), so that the port stays the same without Python.
func TestDigest(t *testing.T) {
	dir := t.TempDir()
	if err := New(13, 300, DefaultSeed).Write(dir); err != nil {
		t.Fatal(err)
	}
	const want = "e91d861c75fec622fd8f6d2f814ee16cd4c5aad5350d8ff5da2e51eb155532a5"
	if got := digest(t, dir); got != want {
		t.Errorf("digest of the 13/300 twin = %s, want %s (gen_twin.py's)", got, want)
	}
}

// TestMatchesPython compares the port with the script it replaced, when both python3
// and shared/bench/gen_twin.py (beside the project, not in it) are there.
func TestMatchesPython(t *testing.T) {
	script := filepath.Join("..", "..", "..", "shared", "bench", "gen_twin.py")
	if _, err := os.Stat(script); err != nil {
		t.Skip("no shared/bench/gen_twin.py beside the project")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	for _, size := range []struct{ nc, ni int }{{1, 1}, {5, 7}, {40, 600}} {
		py, gen := t.TempDir(), t.TempDir()
		out, err := exec.Command("python3", script, py, strconv.Itoa(size.nc), strconv.Itoa(size.ni)).CombinedOutput()
		if err != nil {
			t.Fatalf("gen_twin.py: %v\n%s", err, out)
		}
		if err := New(size.nc, size.ni, DefaultSeed).Write(gen); err != nil {
			t.Fatal(err)
		}
		if g, p := digest(t, gen), digest(t, py); g != p {
			t.Errorf("%d communes, %d initiatives: the Go twin differs from gen_twin.py's", size.nc, size.ni)
		}
	}
}
