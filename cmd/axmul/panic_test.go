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
)

// TestWorkerPanic runs a binary built with the axmul_panichook tag, whose
// workers panic on a chosen item, and checks that the panic is reported
// as an internal error with the worker's stack, exit 70 (not Go's 2), and
// that gen's temporary bundle is removed.
func TestWorkerPanic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the axmul binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "axmul")
	if out, err := exec.Command("go", "build", "-tags", "axmul_panichook", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := slowSource(t, 2)
	files, err := filepath.Glob(filepath.Join(src, "*_001.v"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no netlists in %s: %v", src, err)
	}
	victim := strings.TrimSuffix(filepath.Base(files[len(files)/2]), ".v")
	for _, tc := range []struct {
		name string
		args func(out string) []string
	}{
		// gen's per-file workers, in package gen, building into a
		// temporary folder beside the output.
		{"gen", func(out string) []string {
			return []string{"gen", "--no-cache", "--jobs", "2", "--from", src, "-o", out}
		}},
		// the CLI's own per-file workers.
		{"sim", func(string) []string { return []string{"sim", "--jobs", "2", src} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outDir := t.TempDir()
			cmd := exec.Command(bin, tc.args(filepath.Join(outDir, "lib"))...)
			cmd.Env = append(os.Environ(), "AXMUL_TEST_PANIC="+victim)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInternal {
				t.Fatalf("exit %v, want status %d\n%s", err, exitInternal, stderr.String())
			}
			msg := stderr.String()
			for _, want := range []string{
				"axmul: internal error (a bug in axmul; please report it with this message): ",
				"panic: test panic in the worker of " + victim,
				"workerHook(", // the worker's stack
			} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q:\n%s", want, msg)
				}
			}
			if left := entries(t, outDir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
