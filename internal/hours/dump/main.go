// Command dump reads opening_hours values, one a line on standard input, and writes
// for each a JSON line with what package hours makes of it: "ok" with the open
// intervals of a whole year, "unsupported" or "invalid" with the message. The CI's
// cross-check against the reference implementation (.ci/opening-hours) compares
// these lines with what the npm package opening_hours says of the same values.
//
//	go run ./internal/hours/dump -year 2026 < corpus.txt
//
// Times are minutes from the start of January 1st of the year, in local civil time
// without daylight saving changes (the cross-check runs the reference under TZ=UTC);
// intervals that touch across midnight are joined, as the reference gives them.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/reseau-ess-92/atlas/internal/hours"
)

type line struct {
	Value     string   `json:"value"`
	Status    string   `json:"status"`
	Message   string   `json:"message,omitempty"`
	Intervals [][2]int `json:"intervals,omitempty"`
}

func main() {
	year := flag.Int("year", 2026, "the `year` whose intervals are written")
	flag.Parse()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		v := in.Text()
		l := line{Value: v}
		s, err := hours.Parse(v)
		switch e, _ := err.(*hours.Error); {
		case err == nil:
			l.Status = "ok"
			l.Intervals = Year(s, *year)
		case e.Unsupported:
			l.Status, l.Message = "unsupported", e.Msg
		default:
			l.Status, l.Message = "invalid", e.Msg
		}
		if err := enc.Encode(l); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := out.Flush(); err != nil || in.Err() != nil {
		fmt.Fprintln(os.Stderr, "dump:", err, in.Err())
		os.Exit(1)
	}
}

// Year returns the open intervals of the year, in minutes from its start.
func Year(s *hours.Schedule, year int) [][2]int {
	var out [][2]int
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	for d, i := start, 0; d.Year() == year; d, i = d.AddDate(0, 0, 1), i+1 {
		day := hours.Day{Month: int(d.Month()), Weekday: (int(d.Weekday()) + 6) % 7, Holiday: hours.Holiday(d)}
		for _, sp := range s.Open(day) {
			a, b := i*1440+sp.Start, i*1440+sp.End
			if n := len(out); n > 0 && out[n-1][1] == a {
				out[n-1][1] = b
				continue
			}
			out = append(out, [2]int{a, b})
		}
	}
	return out
}
