package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveSite copies a complete small atlas into a new temporary folder.
func serveSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS("../../internal/build/testdata/autre")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestServeUsage(t *testing.T) {
	dir := serveSite(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tt := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"serve", "-s", dir, "extra"}, 2, `atlas: serve takes no arguments, got "extra"`},
		{[]string{"serve", "-s", dir, "--addr", "1313"}, 2, `atlas: --addr "1313" must be host:port`},
		{[]string{"serve", "-s", filepath.Join(dir, "nope")}, 2, "atlas: site folder " + filepath.Join(dir, "nope") + " does not exist"},
		{[]string{"serve", "-s", dir, "--addr", busy.Addr().String()}, 1, "address already in use"},
		{[]string{"serve", "-h"}, 0, "usage: atlas serve [-s DIR] [--addr 127.0.0.1:1313]"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("atlas %s = %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, &stderr, tt.code, tt.want)
		}
	}
}

// serveLog is a bytes.Buffer safe for one writer and one reader at a time.
type serveLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeStops serves a site, reads its home page and stops as on Ctrl-C.
func TestServeStops(t *testing.T) {
	dir := serveSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr serveLog
	done := make(chan error, 1)
	go func() { done <- serve(ctx, []string{"-s", dir, "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	addrRE := regexp.MustCompile(`serving .* at (http://127\.0\.0\.1:\d+/)`)
	var url string
	for deadline := time.Now().Add(15 * time.Second); url == ""; time.Sleep(5 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no address printed; stdout:\n%s\nstderr:\n%s", &stdout, &stderr)
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`<html lang="fr"`)) || !bytes.Contains(body, []byte("/_atlas/reload")) {
		t.Errorf("GET %s = %d, want the home page with the reload script:\n%s", url, resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after the interrupt, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the interrupt")
	}
	if _, err := http.Get(url); err == nil {
		t.Errorf("GET %s still answers after the interrupt", url)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote into the site folder: %v", err)
	}
}
