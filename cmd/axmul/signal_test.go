//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/outfile"
)

// axmulBinary builds the command into a temporary folder of the test
// and returns its path (the build cache makes later builds a link only).
func axmulBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the axmul binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "axmul")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// slowSource writes copies of the built-in generators' netlists, enough
// that `gen` takes a few seconds on them.
func slowSource(t *testing.T, copies int) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range param.Builtin() {
		v := s.Verilog()
		for k := range copies {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s_%03d.v", s.Name, k)), v, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// waitFor polls until cond holds or the process has exited.
func waitFor(t *testing.T, exited <-chan struct{}, cond func() bool) bool {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		select {
		case <-exited:
			return cond()
		case <-time.After(2 * time.Millisecond):
		}
	}
	t.Fatal("timed out")
	return false
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestSignalCleansUp interrupts a real `axmul gen` process once it has
// started writing the bundle and checks the exit status, the message and
// that nothing is left beside the output.
func TestSignalCleansUp(t *testing.T) {
	bin := axmulBinary(t)
	src := slowSource(t, 20)
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		exit int
	}{
		{syscall.SIGINT, "SIGINT", 130},
		{syscall.SIGTERM, "SIGTERM", 143},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outDir := t.TempDir()
			cmd := exec.Command(bin, "gen", "--no-cache", "--from", src, "-o", filepath.Join(outDir, "lib"))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			var werr error
			go func() { werr = cmd.Wait(); close(exited) }()
			// Started writing: an error map in the temporary bundle.
			writing := func() bool {
				m, _ := filepath.Glob(filepath.Join(outDir, ".lib.tmp-*", "maps", "*.npy"))
				return len(m) > 0
			}
			if !waitFor(t, exited, writing) {
				t.Fatalf("gen ended before writing anything: %v\n%s", werr, stderr.String())
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			<-exited
			var ee *exec.ExitError
			if !errors.As(werr, &ee) || ee.ExitCode() != tc.exit {
				t.Fatalf("exit %v, want status %d\n%s", werr, tc.exit, stderr.String())
			}
			if want := "axmul gen: interrupted by " + tc.name + "\n"; !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr %q, want it to end with %q", stderr.String(), want)
			}
			if left := entries(t, outDir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestStaleTemporariesRemoved kills `axmul gen` with SIGKILL, which it
// cannot catch, and checks that the next run removes what it left.
func TestStaleTemporariesRemoved(t *testing.T) {
	bin := axmulBinary(t)
	src := slowSource(t, 20)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "lib")
	cmd := exec.Command(bin, "gen", "--no-cache", "--from", src, "-o", out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	waitFor(t, exited, func() bool {
		m, _ := filepath.Glob(filepath.Join(outDir, ".lib.tmp-*", "maps", "*.npy"))
		return len(m) > 0
	})
	cmd.Process.Kill()
	<-exited
	left := entries(t, outDir)
	if len(left) != 1 || !strings.HasPrefix(left[0], fmt.Sprintf(".lib.tmp-%d-%s-", cmd.Process.Pid, outfile.HostTag())) {
		t.Fatalf("after SIGKILL: %v, want one .lib.tmp-%d-HOST-N folder", left, cmd.Process.Pid)
	}
	// A folder of another output and one of a running process stay.
	other := filepath.Join(outDir, fmt.Sprintf(".other.tmp-%d-%s-1", cmd.Process.Pid, outfile.HostTag()))
	running := filepath.Join(outDir, fmt.Sprintf(".lib.tmp-%d-%s-2", os.Getpid(), outfile.HostTag()))
	for _, d := range []string{other, running} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"gen", "--from", src, "--filter", "trunc2_00", "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("rerun: exit %d\n%s", code, stderr.String())
	}
	want := fmt.Sprintf("axmul: warning: removed %s, left by an interrupted build\n", filepath.Join(outDir, left[0]))
	if stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	got := strings.Join(entries(t, outDir), " ")
	if want := filepath.Base(running) + " " + filepath.Base(other) + " lib"; got != want {
		t.Errorf("after rerun: %s, want %s", got, want)
	}
}

// TestSelectBuiltinTemporaries: the built-in library's folder in $TMPDIR
// is removed on SIGINT, and folders of killed runs are removed by the next.
func TestSelectBuiltinTemporaries(t *testing.T) {
	bin := axmulBinary(t)
	tmp := t.TempDir()
	// Left by a process that has gone.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	stale := filepath.Join(tmp, fmt.Sprintf("%s%d-%s-7", builtinPrefix, dead.Process.Pid, outfile.HostTag()))
	if err := os.MkdirAll(filepath.Join(stale, "lib", "maps"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"select"}, &stdout, &stderr); code != 0 {
		t.Fatalf("select: exit %d\n%s", code, stderr.String())
	}
	if left := entries(t, tmp); len(left) > 0 {
		t.Errorf("after select: %v left in TMPDIR", left)
	}

	// Per-layer power keeps the built-in library in use for about a second.
	cmd := exec.Command(bin, "select", "--liberty", filepath.Join("..", "..", "circuits", "hw", "testdata", "tiny.lib"), "--metric", "layer_power")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	stderr.Reset()
	stdout.Reset()
	cmd.Stderr = &stderr
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var werr error
	go func() { werr = cmd.Wait(); close(exited) }()
	if !waitFor(t, exited, func() bool { return len(entries(t, tmp)) > 0 }) {
		t.Fatalf("select ended before creating its folder: %v\n%s", werr, stderr.String())
	}
	cmd.Process.Signal(os.Interrupt)
	<-exited
	var ee *exec.ExitError
	if !errors.As(werr, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130\n%s", werr, stderr.String())
	}
	if left := entries(t, tmp); len(left) > 0 {
		t.Errorf("after SIGINT: %v left in TMPDIR", left)
	}
	if stdout.Len() > 0 {
		t.Errorf("an interrupted select printed a result:\n%s", stdout.String())
	}
}
