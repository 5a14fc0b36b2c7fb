package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/server"
)

const serveHelp = `
Serve builds the atlas in the site folder and serves it at the root of the address,
whatever the baseURL of site.toml, then watches site.toml, content/, layouts/ and
static/: every save rebuilds the site and the pages open in a browser reload by
themselves. A broken edit shows every problem, as path:line:col: message, in the
terminal and in the browser; the server keeps running and the next good save brings
the site back. Nothing is written into the site folder: the site is served from a
temporary folder, removed on Ctrl-C.

The address is 127.0.0.1 unless told otherwise; --addr :1313 also listens on the
other interfaces, and port 0 picks a free port.`

func runServe(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second Ctrl-C, while shutting down, kills the program at once.
	context.AfterFunc(ctx, stop)
	return serve(ctx, args, stdout, stderr)
}

// serve is runServe until ctx is done, for tests.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [-s DIR] [--addr 127.0.0.1:1313]", serveHelp, stderr)
	src := fs.String("s", ".", "site `folder`")
	addr := fs.String("addr", "127.0.0.1:1313", "`host:port` to listen on")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", rest[0])}
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return usageError{fmt.Sprintf("--addr %q must be host:port, such as 127.0.0.1:1313", *addr)}
	}
	if st, err := os.Stat(*src); err != nil || !st.IsDir() {
		return usageError{fmt.Sprintf("site folder %s does not exist", *src)}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	return server.Run(ctx, server.Config{Source: *src, Theme: atlas.Theme(), Log: stdout, Progress: progressLine(stderr)}, ln)
}
