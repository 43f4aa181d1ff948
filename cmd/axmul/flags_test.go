package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/axmul/axmul/internal/safego"
)

// TestNumericFlags runs every command with out-of-range, overflowing,
// zero, negative and non-finite values of each of its numeric flags: each
// is a usage error (exit 2) naming the flag, never a panic (exit 70), a
// silent default or a run that does not end. Values at the edges of the
// ranges are accepted.
func TestNumericFlags(t *testing.T) {
	const lib = "../../circuits/hw/testdata/tiny.lib"
	const v = "testdata/mul2u_exact.v"
	bad := []struct {
		args []string
		flag string // named in the error
	}{
		// issue 13 item 2: a panic and an out-of-memory crash.
		{[]string{"select", "--samples", "9223372036854775807"}, "--samples"},
		{[]string{"select", "--samples", "4294967296"}, "--samples"},
		{[]string{"select", "--samples", "16777217"}, "--samples"},
		{[]string{"select", "--samples", "0"}, "--samples"},
		{[]string{"select", "--samples", "-3"}, "--samples"},
		{[]string{"select", "--samples", ""}, "--samples"},
		{[]string{"select", "--samples", "1e3"}, "--samples"},
		{[]string{"select", "--seed", "-1"}, "-seed"},
		{[]string{"select", "--seed", "18446744073709551616"}, "-seed"},
		// item 4: wrong results and a hang.
		{[]string{"hw", "--liberty", lib, "--vectors", "9223372036854775807", v}, "-vectors"},
		{[]string{"hw", "--liberty", lib, "--vectors", "4611686018427387904", v}, "-vectors"},
		{[]string{"hw", "--liberty", lib, "--vectors", "4294967297", v}, "-vectors"},
		{[]string{"hw", "--liberty", lib, "--vectors", "1", v}, "-vectors"},
		{[]string{"hw", "--liberty", lib, "--vectors", "-64", v}, "-vectors"},
		{[]string{"hw", "--liberty", lib, "--freq", "0", v}, "-freq"},
		{[]string{"hw", "--liberty", lib, "--freq", "-1", v}, "-freq"},
		{[]string{"hw", "--liberty", lib, "--freq", "NaN", v}, "-freq"},
		{[]string{"hw", "--liberty", lib, "--freq", "+Inf", v}, "-freq"},
		{[]string{"hw", "--liberty", lib, "--freq", "1e400", v}, "-freq"},
		{[]string{"hw", "--liberty", lib, "--voltage", "-0.5", v}, "-voltage"},
		{[]string{"hw", "--liberty", lib, "--voltage", "nan", v}, "-voltage"},
		{[]string{"hw", "--liberty", lib, "--voltage", "1e9", v}, "-voltage"},
		{[]string{"hw", "--liberty", lib, "--jobs", "-5", v}, "-jobs"},
		{[]string{"hw", "--liberty", lib, "--seed", "-1", v}, "-seed"},
		{[]string{"sim", "--jobs", "-5", v}, "-jobs"},
		{[]string{"sim", "--jobs", "4097", v}, "-jobs"},
		{[]string{"sim", "--jobs", "9223372036854775808", v}, "-jobs"},
		{[]string{"sim", "--samples", "0", v}, "-samples"},
		{[]string{"sim", "--samples", "4294967297", v}, "-samples"},
		{[]string{"sim", "--samples", "-1", v}, "-samples"},
		{[]string{"sim", "--seed", "18446744073709551616", v}, "-seed"},
		{[]string{"verify", "--ref", "exact", "--samples", "0", v}, "-samples"},
		{[]string{"verify", "--ref", "exact", "--jobs", "-1", v}, "-jobs"},
		{[]string{"errmap", "--jobs", "-1", v}, "-jobs"},
		{[]string{"errmap", "--samples", "0", v}, "-samples"},
		{[]string{"gen", "--builtin", "-o", "OUT", "--jobs", "-5"}, "-jobs"},
		{[]string{"gen", "--builtin", "-o", "OUT", "--jobs", "100000"}, "-jobs"},
		{[]string{"validate", "--threshold", "0"}, "-threshold"},
		{[]string{"validate", "--threshold", "NaN"}, "-threshold"},
		{[]string{"select", "--validate", "--threshold", "-1"}, "-threshold"},
		{[]string{"validate", "--samples", "0"}, "--samples"},
		{[]string{"validate", "--seed", "-1"}, "-seed"},
	}
	for _, c := range bad {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			args := append([]string(nil), c.args...)
			for i, a := range args {
				if a == "OUT" {
					args[i] = t.TempDir() + "/lib"
				}
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != exitUsage || !strings.Contains(stderr.String(), c.flag) {
				t.Errorf("exit %d, stderr %q; want exit 2 and an error naming %s", code, stderr.String(), c.flag)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
	good := [][]string{
		{"sim", "--samples", "4294967296", "--jobs", "4096", v},
		{"sim", "--samples", "1", "--jobs", "0", "--seed", "18446744073709551615", v},
		{"hw", "--liberty", lib, "--vectors", "2", "--freq", "1e6", "--voltage", "0", "--jobs", "1", v},
		{"select", "--samples", "1", "--seed", "18446744073709551615"},
	}
	for _, args := range good {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
		})
	}
}

// TestRunPanicIsInternalError: a command that panics exits 70 with an
// internal-error message, not 2 like a usage error.
func TestRunPanicIsInternalError(t *testing.T) {
	var stderr bytes.Buffer
	err := runSafe(context.Background(), func(context.Context, *env, []string) error { panic("boom") }, &env{stderr: &stderr}, nil)
	pe, ok := err.(*safego.PanicError)
	if !ok || pe.Value != "boom" || !strings.Contains(string(pe.Stack), "TestRunPanicIsInternalError") {
		t.Fatalf("runSafe returned %T %v", err, err)
	}
}
