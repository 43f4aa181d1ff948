package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// roleCommands read netlists as multipliers: issue 9 asks that --ports,
// --tie, --top and --signed/--unsigned work the same in all of them.
var roleCommands = []string{"sim", "verify", "errmap", "gen", "hw", "convert"}

// TestRoleFlagsRegistered: every such command has the netlist flags and
// shows the role flags in its usage line.
func TestRoleFlagsRegistered(t *testing.T) {
	byName := map[string]*command{}
	for _, c := range commands() {
		byName[c.name] = c
	}
	for _, name := range roleCommands {
		c := byName[name]
		if c == nil {
			t.Fatalf("no command %s", name)
		}
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		c.setup(fs)
		for _, f := range []string{"ports", "tie", "top", "signed", "unsigned", "liberty", "define", "I", "v"} {
			if fs.Lookup(f) == nil {
				t.Errorf("%s has no --%s", name, f)
			}
		}
		for _, u := range []string{"--top NAME", "--signed|--unsigned", "--ports A,B,O", "--tie NAME=0|1"} {
			if !strings.Contains(c.usage, u) {
				t.Errorf("%s: usage %q does not show %s", name, c.usage, u)
			}
		}
	}
}

// rolesTwoTops has three top modules. mul4 drops bit 0 of operand X and
// names its ports the other way round (Y, declared first, is operand B),
// so it equals rolesRef only when read with --ports X,Y,Z; its enable
// zeroes the product unless tied to 1. exact4 is an exact multiplier with
// the same ports.
const rolesTwoTops = `module other(input [3:0] A, input [3:0] B, output [7:0] O);
  assign O = A + B;
endmodule
module mul4(input [3:0] Y, input [3:0] X, input en, output [7:0] Z);
  assign Z = en ? X * {Y[3:1], 1'b0} : 8'd0;
endmodule
module exact4(input [3:0] Y, input [3:0] X, input en, output [7:0] Z);
  assign Z = en ? X * Y : 8'd0;
endmodule
`

const rolesRef = `module ref4(input [3:0] A, input [3:0] B, output [7:0] O);
  assign O = A * {B[3:1], 1'b0};
endmodule
`

// TestRoleFlagsEveryCommand runs each command on the same netlist with
// --top mul4 --ports X,Y,Z --tie en=1 and checks that it read what it reads
// from the reference with standard ports (the same error map, verify
// --ref equal, the same metrics; the records name the ports); --signed
// changes what each reads; without --top each fails naming the flag.
func TestRoleFlagsEveryCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(src, "two.v")
	ref := filepath.Join(dir, "ref4.v")
	if err := os.WriteFile(file, []byte(rolesTwoTops), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ref, []byte(rolesRef), 0o644); err != nil {
		t.Fatal(err)
	}
	roles := []string{"--top", "mul4", "--ports", "X,Y,Z", "--tie", "en=1"}
	runCmd := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	n := 0
	tmp := func(ext string) string {
		n++
		return filepath.Join(dir, "out"+strings.Repeat("x", n)+ext)
	}
	errmapOf := func(args ...string) string {
		out := tmp(".npy")
		if code, msg := runCmd(append([]string{"errmap", "-o", out}, args...)...); code != 0 {
			t.Fatalf("errmap %v: exit %d: %s", args, code, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	refMap := errmapOf(ref)
	metrics := func(rec map[string]any) string {
		return mustJSON(t, []any{rec["mae"], rec["mse"], rec["wce"], rec["ep_pct"], rec["signed"], rec["signed_from"]})
	}
	refSim := metrics(simJSON(t, "--no-cache", ref)[0])
	with := func(extra []string) []string { return append(append([]string{}, roles...), extra...) }
	// Each check reports whether the command read the netlist as the
	// reference (extra: more flags).
	checks := map[string]func(extra ...string) bool{
		"sim": func(extra ...string) bool {
			rec := simJSON(t, append(append([]string{"--no-cache"}, with(extra)...), file)...)[0]
			if p := rec["ports"].(map[string]any); p["a"] != "X" || p["b"] != "Y" || p["o"] != "Z" {
				t.Errorf("sim: record names ports %v", p)
			}
			return metrics(rec) == refSim
		},
		"verify": func(extra ...string) bool {
			code, _ := runCmd(append(append(append([]string{"verify"}, with(extra)...), "--ref", ref), file)...)
			if len(extra) == 0 { // the roles matter: declaration order differs
				if code, _ := runCmd("verify", "--top", "mul4", "--tie", "en=1", "--ref", ref, file); code != 1 {
					t.Errorf("verify without --ports: exit %d, want 1", code)
				}
				if code, _ := runCmd("verify", "--top", "mul4", "--ports", "X,Y,Z", "--tie", "en=0", "--ref", ref, file); code != 1 {
					t.Errorf("verify with en=0: exit %d, want 1", code)
				}
			}
			if code == 0 && len(extra) > 0 { // --ref compares products: check signedness against exact
				exact := []string{"verify", "--ref", "exact", "--top", "exact4", "--ports", "X,Y,Z", "--tie", "en=1"}
				c1, _ := runCmd(append(exact, file)...)
				c2, _ := runCmd(append(append(exact, extra...), file)...)
				if c1 != 0 {
					t.Errorf("verify --ref exact on exact4: exit %d, want 0", c1)
				}
				return c1 == c2
			}
			return code == 0
		},
		"errmap": func(extra ...string) bool {
			return errmapOf(append(with(extra), file)...) == refMap
		},
		"gen": func(extra ...string) bool {
			lib := tmp("")
			if code, msg := runCmd(append([]string{"gen", "--no-cache", "--from", src, "-o", lib}, with(extra)...)...); code != 0 {
				t.Fatalf("gen: exit %d: %s", code, msg)
			}
			maps, _ := filepath.Glob(filepath.Join(lib, "maps", "*.npy"))
			if len(maps) != 1 {
				t.Fatalf("gen: maps %v", maps)
			}
			b, err := os.ReadFile(maps[0])
			if err != nil {
				t.Fatal(err)
			}
			idx, err := os.ReadFile(filepath.Join(lib, "index.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(idx), `"ports": {`) || !strings.Contains(string(idx), `"a": "X"`) || !strings.Contains(string(idx), `"en=1"`) {
				t.Errorf("gen: index.json does not record the roles:\n%s", idx)
			}
			return string(b) == refMap
		},
		"hw": func(extra ...string) bool {
			r := runHwJSON(t, append(append([]string{"--no-cache"}, with(extra)...), file)...)[0]
			if r.Ports.A != "X" || r.Ports.B != "Y" || r.Ports.O != "Z" || strings.Join(r.Ties, " ") != "en=1" {
				t.Errorf("hw: record names ports %+v, ties %v", r.Ports, r.Ties)
			}
			return !r.Signed && r.SignedFrom == "default"
		},
		"convert": func(extra ...string) bool {
			out := tmp(".v")
			if code, msg := runCmd(append(append([]string{"convert"}, with(extra)...), file, "-o", out)...); code != 0 {
				t.Fatalf("convert: exit %d: %s", code, msg)
			}
			code, _ := runCmd("verify", "--ref", ref, out)
			rec := simJSON(t, "--no-cache", out)[0]
			return code == 0 && metrics(rec) == refSim
		},
	}
	for _, name := range roleCommands {
		check := checks[name]
		if !check() {
			t.Errorf("%s %s: not read as the reference", name, strings.Join(roles, " "))
		}
		if check("--signed") {
			t.Errorf("%s %s --signed: read as without --signed", name, strings.Join(roles, " "))
		}
		// Without --top: an error that names the flag, not a Go field.
		var args []string
		switch name {
		case "gen":
			args = []string{"gen", "--no-cache", "--from", src, "-o", tmp("")}
		case "hw":
			args = []string{"hw", "--no-cache", "--liberty", tinyLibPath, file}
		case "errmap":
			args = []string{"errmap", "-o", tmp(".npy"), file}
		case "convert":
			args = []string{"convert", file, "-o", tmp(".v")}
		case "verify":
			args = []string{"verify", "--ref", "exact", file}
		default:
			args = []string{name, file}
		}
		code, msg := runCmd(args...)
		if code != 1 || !strings.Contains(msg, "use --top NAME") || strings.Contains(msg, "Options") {
			t.Errorf("%v: exit %d, want 1 and a message naming --top:\n%s", args, code, msg)
		}
	}
}

// TestHwNoVoltageNamesFlag: a library without nom_voltage makes hw ask
// for --voltage (not a Go field), and --voltage then works.
func TestHwNoVoltageNamesFlag(t *testing.T) {
	src, err := os.ReadFile(tinyLibPath)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.Contains(l, "nom_voltage") {
			kept = append(kept, l)
		}
	}
	if len(kept) == len(strings.Split(string(src), "\n")) {
		t.Fatal("tiny.lib has no nom_voltage line to drop")
	}
	lib := filepath.Join(t.TempDir(), "nonom.lib")
	if err := os.WriteFile(lib, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	file := "../../testdata/foreign/ports-bao.v"
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"hw", "--no-cache", "--liberty", lib, file}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "no nom_voltage") || !strings.Contains(stderr.String(), "use --voltage V") || strings.Contains(stderr.String(), "Options") {
		t.Errorf("hw without a voltage: exit %d, stderr %q", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"hw", "--no-cache", "--voltage", "1.0", "--liberty", lib, file}, &stdout, &stderr); code != 0 {
		t.Errorf("hw --voltage 1.0: exit %d: %s", code, stderr.String())
	}
}

// TestDefineEveryCommand: --define reaches the Verilog reader in convert
// and gen too (both ignored it before): a netlist sized by a macro reads
// as a 4x4 multiplier with it and fails without it.
func TestDefineEveryCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(src, "mulw.v")
	if err := os.WriteFile(file, []byte("module mulw(input [`W-1:0] A, input [`W-1:0] B, output [2*`W-1:0] O);\n  assign O = A * B;\nendmodule\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args func(def []string) []string
	}{
		{"sim", func(def []string) []string { return append(append([]string{"sim", "--no-cache"}, def...), file) }},
		{"verify", func(def []string) []string { return append(append([]string{"verify", "--ref", "exact"}, def...), file) }},
		{"errmap", func(def []string) []string {
			return append(append([]string{"errmap", "-o", filepath.Join(dir, "m.npy")}, def...), file)
		}},
		{"gen", func(def []string) []string {
			return append([]string{"gen", "--no-cache", "--from", src, "-o", filepath.Join(dir, "lib"+strings.Join(def, ""))}, def...)
		}},
		{"hw", func(def []string) []string {
			return append(append([]string{"hw", "--no-cache", "--liberty", tinyLibPath}, def...), file)
		}},
		{"convert", func(def []string) []string {
			return append(append([]string{"convert"}, def...), file, "-o", filepath.Join(dir, "c"+strings.Join(def, "")+".blif"))
		}},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tc.args([]string{"--define", "W=4"}), &stdout, &stderr); code != 0 {
			t.Errorf("%s --define W=4: exit %d: %s", tc.name, code, stderr.String())
		}
		stdout.Reset()
		stderr.Reset()
		if code := run(context.Background(), tc.args(nil), &stdout, &stderr); code != 1 || !strings.Contains(stdout.String()+stderr.String(), "W") {
			t.Errorf("%s without --define: exit %d, want 1: %s%s", tc.name, code, stdout.String(), stderr.String())
		}
	}
}
