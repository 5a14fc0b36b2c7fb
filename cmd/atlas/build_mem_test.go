package main

import (
	"runtime/debug"
	"testing"
)

func TestBoundMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	oldGC := debug.SetGCPercent(100)
	defer debug.SetGCPercent(oldGC)

	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	debug.SetMemoryLimit(1 << 62)
	boundMemory()
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("limit %d without GOMEMLIMIT, want %d", got, memoryLimit)
	}
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent %d without GOGC, want %d", got, gcPercent)
	}

	t.Setenv("GOMEMLIMIT", "4GiB")
	t.Setenv("GOGC", "50")
	debug.SetMemoryLimit(1 << 62)
	boundMemory()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC is set, yet build changed the GC percent to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<62 {
		t.Errorf("GOMEMLIMIT is set, yet build changed the limit to %d", got)
	}
}
