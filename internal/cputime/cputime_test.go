package cputime

import (
	"runtime"
	"testing"
)

func TestProcessGrows(t *testing.T) {
	t0, ok := Process()
	if !ok {
		if runtime.GOOS == "linux" {
			t.Fatal("no process CPU time on linux")
		}
		t.Skip("no process CPU time on " + runtime.GOOS)
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	t1, _ := Process()
	if t1 <= t0 {
		t.Errorf("CPU time %v then %v after a busy loop (%d)", t0, t1, x)
	}
}
