package build_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// printPDF prints u to a PDF with headless Chromium, as « Imprimer » does with the
// browser's default margins and no header or footer of its own, and returns the
// output of pdfinfo on it.
func printPDF(t *testing.T, u string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out := filepath.Join(t.TempDir(), "page.pdf")
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--no-pdf-header-footer", "--virtual-time-budget=3000", "--print-to-pdf="+out, u)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf %s: %v\n%s", u, err, b)
	}
	if dir := os.Getenv("ATLAS_PRINT_DIR"); dir != "" {
		// Keep the PDF to look at it (pdftoppm -png).
		if b, err := os.ReadFile(out); err == nil {
			os.WriteFile(filepath.Join(dir, strings.NewReplacer("/", "-", ":", "").Replace(strings.TrimPrefix(u, "http://"))+".pdf"), b, 0o644)
		}
	}
	info, err := exec.Command("pdfinfo", out).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(info)
}

var pdfPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
var pdfSize = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)

// TestPrintedPages prints the pages élus print and counts their A4 pages: the commune
// sheet of Sceaux and of Clichy (ten and eleven initiatives) fits on one, with its QR
// code; an initiative and a type page print on portrait A4, the network's matrix on
// landscape A4.
func TestPrintedPages(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("no pdfinfo (Debian package poppler-utils)")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)
	for _, tc := range []struct {
		path      string
		maxPages  int
		landscape bool
	}{
		{"communes/sceaux/", 1, false},
		{"communes/clichy/", 1, false},
		{"initiatives/ressourcerie-etudiante-de-sceaux/", 1, false},
		{"types/epicerie-solidaire/", 2, false},
		{"reseau/", 2, true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			page := string(built[tc.path+"index.html"])
			if strings.HasPrefix(tc.path, "communes/") && !strings.Contains(page, `<svg class="qr"`) {
				t.Errorf("%s has no QR code", tc.path)
			}
			info := printPDF(t, srv.URL+"/atlas/"+tc.path)
			m := pdfPages.FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("pdfinfo gives no page count:\n%s", info)
			}
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > tc.maxPages {
				t.Errorf("%s prints on %d pages, want 1 to %d", tc.path, n, tc.maxPages)
			}
			s := pdfSize.FindStringSubmatch(info)
			if s == nil {
				t.Fatalf("pdfinfo gives no page size:\n%s", info)
			}
			w, _ := strconv.ParseFloat(s[1], 64)
			h, _ := strconv.ParseFloat(s[2], 64)
			// A4 is 595 × 842 points.
			if tc.landscape {
				w, h = h, w
			}
			if w < 590 || w > 600 || h < 837 || h > 847 {
				t.Errorf("%s prints on %s × %s pt, want A4 %s", tc.path, s[1], s[2], map[bool]string{true: "landscape", false: "portrait"}[tc.landscape])
			}
		})
	}
}
