//go:build unix

package errmap

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadTensorPipe reads from a named pipe, whose size is unknown: a
// valid tensor is read whole, and a header claiming 2^40 elements fails at
// the end of the bytes actually sent.
func TestReadTensorPipe(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // "" = ok
	}{
		{"ok", npyFile(1, dictFor("|i1", false, "(2, 2)"), false, []byte{1, 2, 3, 0xff}), ""},
		{"2^40 elements", npyFile(1, dictFor("|i1", false, "(1099511627776,)"), false, make([]byte, 1000)), "unexpected EOF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "fifo.npy")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			done := make(chan error, 1)
			go func() {
				f, err := os.OpenFile(p, os.O_WRONLY, 0)
				if err != nil {
					done <- err
					return
				}
				_, err = f.Write(c.data)
				f.Close()
				done <- err
			}()
			ten, err := ReadTensor(p)
			if werr := <-done; werr != nil && c.want == "" {
				t.Fatal(werr)
			}
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
					t.Fatalf("error %v, want one naming %s and %q", err, p, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v, err := ten.Int8(); err != nil || len(v) != 4 || v[3] != -1 {
				t.Errorf("values %v, %v", v, err)
			}
		})
	}
}
