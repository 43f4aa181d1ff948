//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/axmul/axmul/internal/outfile"
)

// TestOutputModesFollowUmask runs every writer of the command line in a
// real process under a given umask and checks the modes of what it wrote:
// files 0666 and folders 0777 minus the umask, as the shell would create
// them.
func TestOutputModesFollowUmask(t *testing.T) {
	bin := axmulBinary(t)
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the umask with")
	}
	// gen caches its maps (under TestMain's XDG_CACHE_HOME, one cache for
	// all three): the later umasks take them from the cache, stored under
	// the first one's.
	cache := t.TempDir()
	for i, umask := range []int{0o002, 0o022, 0o077} {
		t.Run(fmt.Sprintf("%03o", umask), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
			p := func(n string) string { return filepath.Join(dir, n) }
			script := fmt.Sprintf("umask %03o && exec \"$0\" \"$@\"", umask)
			for _, s := range [][]string{
				{"gen", "--builtin", "--filter", "mul8u_trunc", "--cache", cache, "-o", p("lib")},
				{"errmap", "-o", p("err.npy"), "--lut", p("lut.npy"), p("lib/src/mul8u_trunc2.v")},
				{"select", "--library", p("lib"), "-o", p("r.json")},
				{"deploy", "--result", p("r.json"), "--library", p("lib"), "-o", p("dep")},
				{"validate", "--library", p("lib"), "--result", p("r.json"), "-o", p("v.json")},
				{"convert", "-o", p("c.blif"), p("lib/src/mul8u_trunc2.v")},
				{"plot", "library", p("lib"), "-o", p("lib.svg")},
			} {
				cmd := exec.Command("sh", append([]string{"-c", script, bin}, s...)...)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(s, " "), err, out)
				}
				if hit := strings.Contains(string(out), "cache: 7 hits"); s[0] == "gen" && hit != (i > 0) {
					t.Errorf("gen: cache hits %v, want %v:\n%s", hit, i > 0, out)
				}
			}
			wantFile := fs.FileMode(0o666 &^ umask)
			wantDir := fs.FileMode(0o777 &^ umask)
			n := 0
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || path == dir {
					return err
				}
				st, err := d.Info()
				if err != nil {
					return err
				}
				want := wantFile
				if d.IsDir() {
					want = wantDir
				}
				if st.Mode().Perm() != want {
					t.Errorf("%s: mode %03o, want %03o", strings.TrimPrefix(path, dir), st.Mode().Perm(), want)
				}
				n++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"err.npy", "lut.npy", "r.json", "lib/index.json", "lib/lut/mul8u_trunc2.npy", "lib/maps", "dep/assignment.json", "v.json", "c.blif", "lib.svg"} {
				if _, err := os.Stat(p(f)); err != nil {
					t.Errorf("missing %s", f)
				}
			}
			if n < 20 {
				t.Errorf("only %d files and folders checked", n)
			}
		})
	}
}

// TestWordingEnv covers messages that depend on the environment or on a
// signal, which the golden files cannot set up: run in-process.
func TestWordingEnv(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexistent")
	t.Setenv("TMPDIR", missing)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"select"}, &stdout, &stderr)
	want := "axmul: cannot create the built-in library's temporary folder in TMPDIR=" + missing + ": no such file or directory (set TMPDIR to a writable folder)\n"
	if code != 1 || stderr.String() != want {
		t.Errorf("TMPDIR missing: exit %d, stderr %q; want 1, %q", code, stderr.String(), want)
	}
}

// TestInterruptedInProcess cancels the context as main's signal handler
// does: the command stops, leaves nothing behind and exits 128+signal.
func TestInterruptedInProcess(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		exit int
		msg  string
	}{
		{syscall.SIGINT, 130, "axmul gen: interrupted by SIGINT\n"},
		{syscall.SIGTERM, 143, "axmul gen: interrupted by SIGTERM\n"},
	} {
		dir := t.TempDir()
		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(interrupted{tc.sig})
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"gen", "--builtin", "-o", filepath.Join(dir, "lib")}, &stdout, &stderr)
		if code != tc.exit || stderr.String() != tc.msg || stdout.Len() > 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d, %q", tc.sig, code, stdout.String(), stderr.String(), tc.exit, tc.msg)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("%v: left %v", tc.sig, left)
		}
	}
}

// TestStaleFileTemporaries: a write to -o removes the temporaries that
// killed writes to the same file left, and only those.
func TestStaleFileTemporaries(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	stale := filepath.Join(dir, fmt.Sprintf(".r.json.tmp-%d-%s-5", dead.Process.Pid, outfile.HostTag()))
	other := filepath.Join(dir, fmt.Sprintf(".s.json.tmp-%d-%s-5", dead.Process.Pid, outfile.HostTag()))
	for _, p := range []string{stale, other} {
		if err := os.WriteFile(p, []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"select", "-o", filepath.Join(dir, "r.json")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var names []string
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), filepath.Base(other)+" r.json"; got != want {
		t.Errorf("folder holds %s, want %s", got, want)
	}
}
