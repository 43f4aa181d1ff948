package main

import (
	"bytes"
	"testing"
	"time"
)

// TestEvoProgressLine: the progress line shows the generation, best cost,
// slack and the summed evaluations per second, and names the target
// under --pareto; it follows the bar's rules (quiet at first, at most
// every 100 ms, nothing off a terminal).
func TestEvoProgressLine(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Unix(1000, 0)
	now := t0
	bar := &progressBar{w: &buf, enabled: true, start: t0, delay: progressDelay, now: func() time.Time { return now }}
	p := &evoProgress{bar: bar, targets: make([]evoStatus, 2), unit: "gates"}
	steps := []struct {
		at   time.Duration
		k    int
		s    evoStatus
		want string
	}{
		{500 * time.Millisecond, 0, evoStatus{generation: 10, cost: 300, slack: 1.5, rate: 1000}, ""},
		{1100 * time.Millisecond, 0, evoStatus{generation: 20, cost: 290, slack: 0.25, rate: 1000}, "\r\033[K[0/2 done] target 1: gen 20  best 290 gates  slack 0.25  1000 eval/s"},
		{1150 * time.Millisecond, 1, evoStatus{generation: 5, cost: 310, slack: 2, rate: 500}, ""},
		{1300 * time.Millisecond, 1, evoStatus{generation: 7, cost: 305, slack: 2, rate: 700}, "\r\033[K[0/2 done] target 2: gen 7  best 305 gates  slack 2  1700 eval/s"},
	}
	for i, s := range steps {
		now = t0.Add(s.at)
		buf.Reset()
		p.update(s.k, s.s)
		if buf.String() != s.want {
			t.Errorf("step %d: wrote %q, want %q", i, buf.String(), s.want)
		}
	}
	one := &evoProgress{bar: bar, targets: make([]evoStatus, 1), unit: "gates"}
	now = now.Add(time.Second)
	buf.Reset()
	one.update(0, evoStatus{generation: 3, cost: 12, slack: 0, rate: 20000})
	if want := "\r\033[Kgen 3  best 12 gates  slack 0  20000 eval/s"; buf.String() != want {
		t.Errorf("one target: %q, want %q", buf.String(), want)
	}
	off := &evoProgress{bar: &progressBar{w: &buf}, targets: make([]evoStatus, 1)}
	buf.Reset()
	off.update(0, evoStatus{generation: 1})
	if buf.Len() > 0 {
		t.Errorf("off a terminal: wrote %q", buf.String())
	}
}
