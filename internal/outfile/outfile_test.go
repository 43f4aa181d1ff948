//go:build unix

package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs f with the process umask set to mask. The umask is
// process-wide: no test of this package runs in parallel.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

func TestModesFollowUmask(t *testing.T) {
	for _, tc := range []struct {
		umask        int
		file, folder fs.FileMode
	}{
		{0o022, 0o644, 0o755},
		{0o002, 0o664, 0o775},
		{0o077, 0o600, 0o700},
		{0o027, 0o640, 0o750},
	} {
		t.Run(strconv.FormatInt(int64(tc.umask), 8), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "r.json")
			var tmpDir string
			withUmask(t, tc.umask, func() {
				if err := WriteAtomic(out, func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); err != nil {
					t.Fatal(err)
				}
				var err error
				if tmpDir, err = MkdirTemp(dir, TempPrefix("lib")); err != nil {
					t.Fatal(err)
				}
			})
			st, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != tc.file {
				t.Errorf("file mode %o, want %o", got, tc.file)
			}
			st, err = os.Stat(tmpDir)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != tc.folder {
				t.Errorf("folder mode %o, want %o", got, tc.folder)
			}
			if !strings.HasPrefix(filepath.Base(tmpDir), ".lib.tmp-"+strconv.Itoa(os.Getpid())+"-") {
				t.Errorf("temporary folder %s: want .lib.tmp-PID-...", tmpDir)
			}
		})
	}
}

func TestWriteAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "keep.json")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	failing := func(w io.Writer) error { return errors.New("disk on fire") }
	ok := func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }
	for _, tc := range []struct {
		name, path string
		write      func(io.Writer) error
		want       string
	}{
		{"missing folder", filepath.Join(dir, "missing", "r.json"), ok, "create " + filepath.Join(dir, "missing", "r.json") + ": no such file or directory"},
		{"folder target", dir, ok, "write " + dir + ": is a folder, want a file name"},
		{"write fails", existing, failing, "write " + existing + ": disk on fire"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteAtomic(tc.path, tc.write)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), ".tmp-") {
				t.Errorf("error names the temporary: %v", err)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "old" {
		t.Errorf("failed write changed %s to %q", existing, data)
	}
	names, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(names) > 0 {
		t.Errorf("temporaries left: %v", names)
	}
}

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "r.json"), ""},
		{file, ""},
		{"", "-o: empty path"},
		{dir, "-o " + dir + ": is a folder, want a file name"},
		{filepath.Join(dir, "no", "r.json"), "-o " + filepath.Join(dir, "no", "r.json") + ": folder " + filepath.Join(dir, "no") + " does not exist"},
		{filepath.Join(file, "r.json"), "-o " + filepath.Join(file, "r.json") + ": " + file + " is not a folder"},
	} {
		err := CheckTarget("-o", tc.path)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CheckTarget(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestTempPID(t *testing.T) {
	for _, tc := range []struct {
		name string
		pid  int
		tag  string
		ok   bool
	}{
		{".lib.tmp-123-0a1b2c3d-456", 123, "0a1b2c3d", true},
		{".lib.tmp-123-0a1b2c3d-456.old", 123, "0a1b2c3d", true},
		{".lib.tmp-123-0a1b2c3d-", 0, "", false},
		{".lib.tmp-123-456", 0, "", false}, // no host tag
		{".lib.tmp-123-0A1B2C3D-4", 0, "", false},
		{".lib.tmp-0123-0a1b2c3d-4", 0, "", false},
		{".lib.tmp-x-0a1b2c3d-4", 0, "", false},
		{".lib.tmp-12345678", 0, "", false}, // os.MkdirTemp's old names: no PID
		{".lib.tmp-1-0a1b2c3d-2x", 0, "", false},
		{".lib.tmp-1-0a1b2c3d-2-3", 0, "", false},
		{".other.tmp-1-0a1b2c3d-2", 0, "", false},
		{"lib", 0, "", false},
	} {
		pid, tag, ok := tempPID(tc.name, ".lib.tmp-")
		if pid != tc.pid || tag != tc.tag || ok != tc.ok {
			t.Errorf("tempPID(%q) = %d, %q, %v; want %d, %q, %v", tc.name, pid, tag, ok, tc.pid, tc.tag, tc.ok)
		}
	}
	if _, tag, ok := tempPID(filepath.Base(tempName(".lib.tmp-")), ".lib.tmp-"); !ok || tag != HostTag() {
		t.Errorf("tempName does not parse back with this host's tag %s", HostTag())
	}
}

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run true: %v", err)
	}
	pid := cmd.Process.Pid
	if processAlive(pid) {
		t.Skipf("PID %d was reused at once", pid)
	}
	return pid
}

func TestRemoveStale(t *testing.T) {
	host := "-" + HostTag()
	dead := strconv.Itoa(deadPID(t)) + host
	self := strconv.Itoa(os.Getpid()) + host
	parent := strconv.Itoa(os.Getppid()) + host
	elsewhere := strconv.Itoa(deadPID(t)) + "-00000000"
	if host == "-00000000" {
		elsewhere = strconv.Itoa(deadPID(t)) + "-00000001"
	}
	for _, withOld := range []bool{false, true} {
		dir := t.TempDir()
		names := []string{
			".lib.tmp-" + dead + "-1",      // stale folder
			".lib.tmp-" + dead + "-2.old",  // stale replaced bundle
			".lib.tmp-" + dead + "-3",      // stale file
			".lib.tmp-" + self + "-4",      // ours
			".lib.tmp-" + parent + "-5",    // a running process
			".lib.tmp-77777777",            // no PID: not ours to judge
			".other.tmp-" + dead + "-6",    // another output's
			".lib.tmp-" + elsewhere + "-7", // another machine's
			"lib",                          // the output itself
		}
		for i, n := range names {
			p := filepath.Join(dir, n)
			var err error
			if i == 2 {
				err = os.WriteFile(p, []byte("x"), 0o644)
			} else {
				err = os.MkdirAll(filepath.Join(p, "maps"), 0o755)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		removed, err := RemoveStale(dir, ".lib.tmp-", withOld)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{names[0], names[2]}
		if withOld {
			want = []string{names[0], names[1], names[2]}
		}
		var got []string
		for _, p := range removed {
			got = append(got, filepath.Base(p))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("withOld %v: removed %v, want %v", withOld, got, want)
		}
		for _, n := range names {
			_, err := os.Lstat(filepath.Join(dir, n))
			if gone := errors.Is(err, fs.ErrNotExist); gone != slices.Contains(want, n) {
				t.Errorf("withOld %v: %s gone %v", withOld, n, gone)
			}
		}
	}
	if removed, err := RemoveStale(filepath.Join(t.TempDir(), "none"), ".lib.tmp-", true); err != nil || removed != nil {
		t.Errorf("missing folder: %v, %v", removed, err)
	}
}
