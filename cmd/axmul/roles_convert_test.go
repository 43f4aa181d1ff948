package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertRoles: convert with --tie or --ports writes a multiplier with
// ports A, B, O that equals, on every operand pair, the circuit the
// variant was made from (mul8u_0AB as Yosys wrote it; the corpus' own
// iverilog truth says they are equal), in every output format. verify
// --ref compares the truth tables, which catches swapped operands that
// the metrics would not.
func TestConvertRoles(t *testing.T) {
	const ref = "../../testdata/foreign/mul8u_0AB.yosys-expr.v"
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		src  string
	}{
		{[]string{"--tie", "clk=0", "--tie", "en=1"}, "clk-en.v"},
		{[]string{"--ports", "X,Y,Z"}, "ports-swapped.v"},
	} {
		for _, ext := range []string{".v", ".blif", ".aag", ".aig"} {
			out := filepath.Join(dir, strings.TrimSuffix(tc.src, ".v")+ext)
			args := append(append([]string{"convert"}, tc.args...), "../../testdata/foreign/"+tc.src, "-o", out)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
				t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
			}
			// The written file needs no flags: its ports are A, B, O.
			stdout.Reset()
			stderr.Reset()
			if code := run(context.Background(), []string{"verify", "--ref", ref, out}, &stdout, &stderr); code != 0 {
				t.Errorf("%v -> %s: verify exit %d\n%s%s", tc.args, ext, code, stdout.String(), stderr.String())
			}
		}
	}
	// Control: without --ports the swapped file differs from the reference.
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "swapped-noflags.blif")
	if code := run(context.Background(), []string{"convert", "../../testdata/foreign/ports-swapped.v", "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("convert: exit %d\n%s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"verify", "--ref", ref, out}, &stdout, &stderr); code != 1 {
		t.Errorf("verify of the unflagged conversion: exit %d, want 1 (operands swapped)", code)
	}
}
