//go:build unix

package errmap

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadTensorFIFO: a named pipe given as a .npy file (a manifest's
// features path, say) is refused at once, without waiting for a writer.
func TestReadTensorFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo.npy")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for name, read := range map[string]func() error{
		"ReadTensor":       func() error { _, err := ReadTensor(p); return err },
		"ReadTensorHeader": func() error { _, err := ReadTensorHeader(p); return err },
		"ReadInt8Tensor":   func() error { _, _, err := ReadInt8Tensor(p); return err },
		"ReadNPY":          func() error { _, err := ReadNPY(p, false); return err },
	} {
		done := make(chan error, 1)
		go func() { done <- read() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), p) {
				t.Errorf("%s: error %v, want one naming %s as a named pipe", name, err, p)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s of a FIFO blocks", name)
		}
	}
}
