//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEvolveProcess runs the axmul binary (built once: building takes
// most of the time): the progress line on a terminal, and SIGINT.
func TestEvolveProcess(t *testing.T) {
	bin := axmulBinary(t)
	t.Run("terminal", func(t *testing.T) { testEvolveProgressOnTerminal(t, bin) })
	t.Run("SIGINT", func(t *testing.T) { testEvolveSignal(t, bin) })
}

// testEvolveSignal interrupts a real `axmul evolve` process with SIGINT:
// it exits 130, writes no output folder and leaves no temporary beside
// it, and the checkpoint it saves on the way out resumes.
func testEvolveSignal(t *testing.T, bin string) {
	tmp := t.TempDir()
	outDir := filepath.Join(tmp, "outs")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	ck := filepath.Join(tmp, "ck.json")
	cmd := exec.Command(bin, "evolve", "--metric", "mae", "--max", "40", "--time", "10m", "--checkpoint", ck, "-o", filepath.Join(outDir, "out"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var werr error
	go func() { werr = cmd.Wait(); close(exited) }()
	// The options file is written just before the evolution starts (the
	// signal handler is in place long before).
	started := func() bool { _, err := os.Stat(ck + ".options.json"); return err == nil }
	if !waitFor(t, exited, started) {
		t.Fatalf("evolve ended before it started evolving: %v\n%s", werr, stderr.String())
	}
	select {
	case <-exited:
		t.Fatalf("evolve ended before the signal: %v\n%s", werr, stderr.String())
	case <-time.After(300 * time.Millisecond):
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-exited
	var ee *exec.ExitError
	if !errors.As(werr, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130\n%s", werr, stderr.String())
	}
	if want := "axmul evolve: interrupted by SIGINT\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("stderr %q, want it to end with %q", stderr.String(), want)
	}
	if !strings.Contains(stderr.String(), "checkpoint "+ck+" saved") {
		t.Errorf("stderr %q: want the saved checkpoint named", stderr.String())
	}
	if left := entries(t, outDir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	if left := entries(t, tmp); strings.Join(left, " ") != "ck.json ck.json.options.json outs" {
		t.Errorf("beside the checkpoint: %v, want only ck.json, its options and outs", left)
	}
	// The checkpoint is whole: a run with the same settings resumes from
	// it; with --generations 1 it stops at once, at the checkpoint's
	// generation.
	var stdout bytes.Buffer
	stderr.Reset()
	out := filepath.Join(outDir, "out")
	res := exec.Command(bin, "evolve", "--metric", "mae", "--max", "40", "--generations", "1", "--checkpoint", ck, "-o", out)
	res.Stdout, res.Stderr = &stdout, &stderr
	if err := res.Run(); err != nil {
		t.Fatalf("resume: %v\n%s", err, stderr.String())
	}
	if s := readSummary(t, out); len(s.Multipliers) != 1 || s.Multipliers[0].Generations < 2 || s.Multipliers[0].Value > 40 {
		t.Errorf("resumed summary %+v: want the interrupted run's state (more than 1 generation, mae <= 40)", s)
	}
}

// testEvolveProgressOnTerminal runs `axmul evolve` under script(1): the
// progress line appears on the terminal and is erased at the end.
func testEvolveProgressOnTerminal(t *testing.T, bin string) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to run axmul on a terminal")
	}
	out := t.TempDir() + "/out"
	term := exec.Command(script, "-qec", bin+" evolve --metric mae --max 30 --time 1500ms -o "+out+" >/dev/null", "/dev/null")
	term.Env = append(os.Environ(), "AXMUL_PROGRESS_DELAY=0s")
	got, err := term.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%.2000s", err, got)
	}
	s := string(got)
	if !strings.Contains(s, "\r\033[Kgen ") || !strings.Contains(s, " eval/s") || !strings.Contains(s, "best ") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("terminal output %.400q: want progress lines, erased at the end", s)
	}
}
