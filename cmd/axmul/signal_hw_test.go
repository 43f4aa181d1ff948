//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/axmul/axmul/internal/testshared"
)

// cpuSeconds returns the user CPU time of process pid from /proc, or
// false where there is no /proc.
func cpuSeconds(pid int) (float64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// Fields after the command name (in parentheses): utime is the 12th.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 12 {
		return 0, false
	}
	ticks, err := strconv.ParseFloat(f[11], 64)
	return ticks / 100, err == nil // USER_HZ is 100 on Linux
}

// TestSignalDuringHwEstimate interrupts `axmul hw` inside the power
// estimate of one 16x16 netlist with 2^32 vectors (about a minute of CPU
// on this machine) and checks that it stops promptly with exit 130.
func TestSignalDuringHwEstimate(t *testing.T) {
	bin := axmulBinary(t)
	netlist := filepath.Join(testshared.Dir(t, "evoapprox", "v2022", "16x16_unsigned"), "mul16u_0Z6.v")
	cmd := exec.Command(bin, "hw", "--no-cache", "--liberty", filepath.Join("..", "..", "circuits", "hw", "testdata", "tiny.lib"),
		"--vectors", "4294967296", netlist)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var werr error
	go func() { werr = cmd.Wait(); close(exited) }()
	// Inside the estimate: half a second of CPU (loading and mapping take
	// milliseconds); without /proc, two seconds.
	start := time.Now()
	if !waitFor(t, exited, func() bool {
		s, ok := cpuSeconds(cmd.Process.Pid)
		return (ok && s >= 0.5) || (!ok && time.Since(start) > 2*time.Second)
	}) {
		t.Fatalf("hw ended before the signal: %v\n%s", werr, stderr.String())
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Fatalf("hw still running 20 s after SIGINT\n%s", stderr.String())
	}
	t.Logf("exited %v after SIGINT", time.Since(sent).Round(time.Millisecond))
	var ee *exec.ExitError
	if !errors.As(werr, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130\n%s", werr, stderr.String())
	}
	if want := "axmul hw: interrupted by SIGINT\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if stdout.Len() > 0 {
		t.Errorf("an interrupted hw printed a result:\n%s", stdout.String())
	}
}
