//go:build unix

package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestShardKilledMerge kills a shard of a cached build with SIGKILL in the
// middle of its run (issue 14: killing a shard mid-run and rerunning it
// gives the same merged bundle). The killed shard leaves no part, only a
// temporary folder that the rerun removes; the rerun takes the records the
// killed run had cached and simulates the rest; the merged bundle equals
// the one-machine gen of the same inputs file for file, byte for byte.
func TestShardKilledMerge(t *testing.T) {
	bin := axmulBinary(t)
	src := slowSource(t, 4) // 152 8x8 netlists (the built-in generators, 4 copies)
	tmp := t.TempDir()
	c := filepath.Join(tmp, "cache")
	parts := filepath.Join(tmp, "parts")
	if err := os.Mkdir(parts, 0o755); err != nil {
		t.Fatal(err)
	}
	p0 := filepath.Join(parts, "p0")
	cmd := exec.Command(bin, "gen", "--from", src, "--cache", c, "--jobs", "1", "--shard", "0/2", "-o", p0)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	cached := func() int {
		m, _ := filepath.Glob(filepath.Join(c, "*", "entries", "*", "*.entry"))
		return len(m)
	}
	waitFor(t, exited, func() bool { return cached() >= 3 })
	cmd.Process.Kill()
	<-exited
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() {
		t.Skipf("the shard ended before it could be killed (%v); nothing tested", cmd.ProcessState)
	}
	n := cached()
	t.Logf("killed after %d cached records", n)
	if n == 0 {
		t.Fatal("the killed shard cached nothing")
	}
	left := entries(t, parts)
	if len(left) != 1 || !strings.HasPrefix(left[0], ".p0.tmp-") {
		t.Fatalf("after SIGKILL: %v, want only the part's temporary folder", left)
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"gen", "--from", src, "--cache", c, "--shard", "0/2", "-o", p0}, &stdout, &stderr); code != 0 {
		t.Fatalf("rerun: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "left by an interrupted build") {
		t.Errorf("rerun did not remove the killed run's folder: %q", stderr.String())
	}
	// The records the killed run finished are hits (at least those it had
	// cached when it was killed that belong to shard 0; the rest is
	// simulated now).
	var hits, sims int
	if _, err := fmt.Sscanf(stdout.String()[strings.Index(stdout.String(), "(cache: "):], "(cache: %d hits, %d simulated)", &hits, &sims); err != nil {
		t.Fatalf("rerun summary %q: %v", stdout.String(), err)
	}
	if hits == 0 || sims == 0 {
		t.Errorf("rerun: %d hits, %d simulated; want both > 0 (the killed run had cached %d records)", hits, sims, n)
	}
	if got := entries(t, parts); strings.Join(got, " ") != "p0" {
		t.Errorf("after the rerun: %v, want p0 only", got)
	}
	t.Logf("rerun: %s", strings.TrimSpace(stdout.String()))
	p1 := filepath.Join(parts, "p1")
	runOK(t, "gen", "--from", src, "--cache", c, "--shard", "1/2", "-o", p1)
	merged := filepath.Join(tmp, "merged")
	runOK(t, "merge", "-o", merged, p0, p1)
	whole := filepath.Join(tmp, "whole")
	runOK(t, "gen", "--from", src, "--no-cache", "-o", whole)
	sameFiles(t, merged, whole)
}

// sameFiles fails unless the folders a and b hold the same files with the
// same bytes.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	read := func(root string) map[string][]byte {
		files := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			files[rel] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	fa, fb := read(a), read(b)
	if len(fa) != len(fb) {
		t.Errorf("%s has %d files, %s %d", a, len(fa), b, len(fb))
	}
	for name, data := range fa {
		if other, ok := fb[name]; !ok || !bytes.Equal(data, other) {
			t.Errorf("%s: differs or missing in %s", name, b)
		}
	}
}

// TestConcurrentGenOneCache runs three gen processes at once on one empty
// cache (issue 14: several processes filling one cache, atomic renames and
// no locks): each writes the bundle a --no-cache gen writes, and a fourth
// run afterwards takes every record from the cache.
func TestConcurrentGenOneCache(t *testing.T) {
	bin := axmulBinary(t)
	src := slowSource(t, 2) // 76 netlists
	tmp := t.TempDir()
	c := filepath.Join(tmp, "cache")
	cmds := make([]*exec.Cmd, 3)
	outs := make([]bytes.Buffer, 3)
	for i := range cmds {
		cmds[i] = exec.Command(bin, "gen", "--from", src, "--cache", c, "-o", filepath.Join(tmp, fmt.Sprintf("lib%d", i)))
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("gen %d: %v\n%s", i, err, outs[i].String())
		}
		if strings.Contains(outs[i].String(), "warning") {
			t.Errorf("gen %d: %s", i, outs[i].String())
		}
	}
	whole := filepath.Join(tmp, "whole")
	runOK(t, "gen", "--from", src, "--no-cache", "-o", whole)
	for i := range cmds {
		sameFiles(t, filepath.Join(tmp, fmt.Sprintf("lib%d", i)), whole)
	}
	if out := runOK(t, "gen", "--from", src, "--cache", c, "-o", filepath.Join(tmp, "again")); !strings.Contains(out, "(cache: 76 hits, 0 simulated)") {
		t.Errorf("after the concurrent runs: %q, want every record a hit", out)
	}
}
