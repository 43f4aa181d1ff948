//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	for _, umask := range []int{0o002, 0o022, 0o077} {
		t.Run(fmt.Sprintf("%03o", umask), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
			p := func(n string) string { return filepath.Join(dir, n) }
			script := fmt.Sprintf("umask %03o && exec \"$0\" \"$@\"", umask)
			for _, s := range [][]string{
				{"gen", "--builtin", "--filter", "mul8u_trunc", "-o", p("lib")},
				{"errmap", "-o", p("err.npy"), "--lut", p("lut.npy"), p("lib/src/mul8u_trunc2.v")},
				{"select", "--library", p("lib"), "-o", p("r.json")},
				{"deploy", "--result", p("r.json"), "--library", p("lib"), "-o", p("dep")},
			} {
				cmd := exec.Command("sh", append([]string{"-c", script, bin}, s...)...)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(s, " "), err, out)
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
			for _, f := range []string{"err.npy", "lut.npy", "r.json", "lib/index.json", "lib/lut/mul8u_trunc2.npy", "lib/maps", "dep/assignment.json"} {
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
