//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOInputs: a named pipe where a file is expected (a manifest's
// features, a netlist, a Liberty file, a result, a manifest) is refused at
// once with an error naming it (exit 1), instead of blocking forever.
func TestFIFOInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A manifest whose features path is the FIFO (issue 13 item 6).
	model := filepath.Join(dir, "model.json")
	m := `{"layers": [{"name": "l", "fan_in": 2, "opcount": 1, "max_noise": 0.1, "features": "fifo", "weights": "fifo"}]}`
	if err := os.WriteFile(model, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := [][]string{
		{"select", "--model", model},
		{"select", "--model", fifo},
		{"sim", fifo},
		{"hw", "--liberty", fifo, "testdata/mul2u_exact.v"},
		{"hw", "--liberty", "../../circuits/hw/testdata/tiny.lib", "--activity", model + ":l", "testdata/mul2u_exact.v"},
		{"deploy", "--result", fifo, "-o", filepath.Join(dir, "out")},
		{"errmap", "-o", filepath.Join(dir, "e.npy"), fifo},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(context.Background(), args, &stdout, &stderr) }()
			select {
			case code := <-done:
				if code != exitError || !strings.Contains(stderr.String(), "named pipe") || !strings.Contains(stderr.String(), fifo) {
					t.Errorf("exit %d, stderr %q; want exit 1 naming %s as a named pipe", code, stderr.String(), fifo)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("blocks on the FIFO")
			}
		})
	}
}
