package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Unix(1000, 0)
	now := t0
	p := &progressBar{w: &buf, enabled: true, start: t0, delay: progressDelay, now: func() time.Time { return now }}
	steps := []struct {
		at          time.Duration
		done, total int
		clear       bool
		want        string
	}{
		{at: 500 * time.Millisecond, done: 1, total: 10, want: ""}, // the first second stays quiet
		{at: 1200 * time.Millisecond, done: 2, total: 10, want: "\r[######........................] 2/10 b.v                     "},
		{at: 1250 * time.Millisecond, done: 3, total: 10, want: ""}, // at most every 100 ms
		{at: 1400 * time.Millisecond, done: 4, total: 10, want: "\r[############..................] 4/10 b.v                     "},
		{at: 1410 * time.Millisecond, clear: true, want: "\r\033[K"},
		{at: 1420 * time.Millisecond, done: 5, total: 10, want: "\r[###############...............] 5/10 b.v                     "},   // redrawn at once after a clear
		{at: 1430 * time.Millisecond, done: 10, total: 10, want: "\r[##############################] 10/10 b.v                     "}, // the last one always
	}
	for i, s := range steps {
		now = t0.Add(s.at)
		buf.Reset()
		if s.clear {
			p.clear()
		} else {
			p.update(s.done, s.total, "b.v")
		}
		if buf.String() != s.want {
			t.Errorf("step %d: wrote %q, want %q", i, buf.String(), s.want)
		}
	}
	buf.Reset()
	p.done()
	p.done()
	if buf.String() != "\r\033[K" {
		t.Errorf("done wrote %q, want one erase", buf.String())
	}
	off := &progressBar{w: &buf, start: t0, delay: progressDelay, now: func() time.Time { return t0.Add(time.Hour) }}
	buf.Reset()
	off.update(1, 2, "x")
	off.done()
	if w := off.clearing(&buf); w != &buf || buf.Len() > 0 {
		t.Errorf("a bar off a terminal wrote %q", buf.String())
	}
}

// TestProgressOnTerminal runs `axmul sim` over about 1100 netlists under
// script(1), which gives it a terminal: the bar appears on stderr; with
// stderr a pipe it does not. AXMUL_PROGRESS_DELAY=0s makes the bar appear
// at once, however fast the machine.
func TestProgressOnTerminal(t *testing.T) {
	bin := axmulBinary(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to run axmul on a terminal")
	}
	src := slowSource(t, 30)
	term := exec.Command(script, "-qec", bin+" sim --jobs 1 "+src+" >/dev/null", "/dev/null")
	term.Env = append(os.Environ(), "AXMUL_PROGRESS_DELAY=0s")
	out, err := term.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%.2000s", err, out)
	}
	if !strings.Contains(string(out), "\r[") || !strings.Contains(string(out), "/1140 ") || !strings.HasSuffix(string(out), "\r\033[K") {
		t.Errorf("terminal output %.300q: want a progress bar over 1140 files, erased at the end", out)
	}
	// select: a bar over the candidates (the built-in library's 38) while
	// their error models are computed, erased before the table.
	term = exec.Command(script, "-qec", bin+" select", "/dev/null")
	term.Env = append(os.Environ(), "AXMUL_PROGRESS_DELAY=0s", "TMPDIR="+t.TempDir())
	out, err = term.CombinedOutput()
	if err != nil {
		t.Fatalf("select: %v\n%.2000s", err, out)
	}
	if s := string(out); !strings.Contains(s, "\r[##############################] 38/38 error models") || !strings.Contains(s, "\r\033[Kmodel: built-in demo model") {
		t.Errorf("select on a terminal: %.600q: want a bar over 38 candidates, erased before the table", s)
	}
	cmd := exec.Command(bin, "sim", "--jobs", "1", src)
	cmd.Env = append(os.Environ(), "AXMUL_PROGRESS_DELAY=0s")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr not a terminal: %q", stderr.String())
	}
}

func TestProgressPairs(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Unix(1000, 0)
	now := t0.Add(2 * time.Second)
	p := &progressBar{w: &buf, enabled: true, start: t0, delay: progressDelay, now: func() time.Time { return now }}
	f := p.pairs("m.v")
	f(1<<30, 1<<32)
	want := "\r[#######.......................]  25.0% of 4294967296 pairs m.v                     "
	if buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
	off := &progressBar{w: &buf}
	if off.pairs("m.v") != nil {
		t.Error("a bar off a terminal must give no callback (nothing to call per block)")
	}
}
