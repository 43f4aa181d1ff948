//go:build unix

package regfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpen: regular files (also through a symlink) are read; a FIFO with no
// writer, a directory and /dev/null are refused at once, naming the path and
// the kind of file.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(reg, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cases := []struct {
		path, want, err string
	}{
		{reg, "hello", ""},
		{link, "hello", ""},
		{empty, "", ""},
		{fifo, "", "named pipe"},
		{dir, "", "directory"},
		{"/dev/null", "", "character device"},
		{filepath.Join(dir, "missing"), "", "no such file"},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			done := make(chan struct{})
			var got []byte
			var err error
			go func() { got, err = ReadFile(c.path); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("ReadFile(%s) blocks", c.path)
			}
			if c.err == "" {
				if err != nil || string(got) != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), c.path) {
				t.Fatalf("error %v, want one naming %s and %q", err, c.path, c.err)
			}
			if c.err != "no such file" && !errors.Is(err, ErrNotRegular) {
				t.Errorf("error %v does not wrap ErrNotRegular", err)
			}
		})
	}
}
