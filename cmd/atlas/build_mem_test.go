package main

import (
	"runtime/debug"
	"testing"
)

func TestBoundMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)

	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(1 << 62)
	boundMemory()
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("limit %d without GOMEMLIMIT, want %d", got, memoryLimit)
	}

	t.Setenv("GOMEMLIMIT", "4GiB")
	debug.SetMemoryLimit(1 << 62)
	boundMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<62 {
		t.Errorf("GOMEMLIMIT is set, yet build changed the limit to %d", got)
	}
}
