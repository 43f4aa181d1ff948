package netio_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/testshared"
)

// run runs a tool and returns its combined output, failing the test on a
// non-zero exit.
func runTool(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestToolsAgree has the real tools confirm the writers: for a sample of
// shared EvoApproxLib v2022 netlists (every 25th, every 80th under -short), Yosys turns the original Verilog into a
// reference BLIF (read_verilog; proc; flatten; techmap, no axmul code
// involved) and ABC's cec (yosys-abc) proves every file axmul writes
// equivalent to it, ports matched by name: .blif and .aig directly, .aag
// and .v after Yosys read them (read_aiger, read_verilog). A corrupted
// BLIF must be found different, so the check can fail. When iverilog is
// installed it must compile the written Verilog too. Every 5th circuit of
// the built-in generators (gen/param) goes through the same check.
func TestToolsAgree(t *testing.T) {
	for _, tool := range []string{"yosys", "yosys-abc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian package yosys, which .ci/run installs): writers not checked against ABC", tool)
		}
	}
	// EvoApproxLib v2022 only: Yosys cannot read the mangled cell names of
	// the EvoApprox8b files (axmul's compatibility rule resolves them).
	root := testshared.Dir(t, "evoapprox", "v2022")
	all, err := netio.List(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sample []string
	step := 25
	if testing.Short() {
		step = 80
	}
	k := 0
	for _, f := range all {
		if strings.HasSuffix(f, "_pdk45.v") {
			continue
		}
		if k%step == 0 {
			sample = append(sample, f)
		}
		k++
	}
	_, iverr := exec.LookPath("iverilog")
	for _, file := range sample {
		t.Run(filepath.Base(file), func(t *testing.T) { cecWritten(t, file, iverr == nil) })
	}
	// The built-in generators' circuits (every 5th), from the Verilog
	// gen/param writes for them.
	builtin := 0
	for i, s := range param.Builtin() {
		if i%5 != 0 {
			continue
		}
		src, err := s.Generate()
		if err != nil {
			t.Fatal(err)
		}
		t.Run(s.Name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), s.Name+".v")
			if err := os.WriteFile(file, src, 0o644); err != nil {
				t.Fatal(err)
			}
			cecWritten(t, file, iverr == nil)
		})
		builtin++
	}
	t.Run("corrupted", func(t *testing.T) {
		dir := t.TempDir()
		file := sample[0]
		runTool(t, dir, "yosys", "-q", "-p", "read_verilog "+file+"; hierarchy -auto-top; proc; flatten; techmap; opt_clean; write_blif ref.blif")
		n, err := netio.Open(file, netio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "w.blif")
		if err := netio.WriteFile(path, n); err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Turn the first AND cover into an AND with one inverted input.
		bad := strings.Replace(string(src), "\n11 1\n", "\n10 1\n", 1)
		if bad == string(src) {
			t.Fatal("no AND cover to corrupt")
		}
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		out := runTool(t, dir, "yosys-abc", "-c", "cec ref.blif w.blif")
		if !strings.Contains(out, "NOT EQUIVALENT") && !strings.Contains(out, "Value in Network1") {
			t.Errorf("ABC did not find the corrupted BLIF different:\n%s", out)
		}
	})
	t.Logf("%d EvoApprox and %d built-in netlists checked with yosys-abc cec (iverilog: %v)", len(sample), builtin, iverr == nil)
}

// cecWritten writes the netlist file in every format and has ABC's cec
// prove each equal to Yosys's own reading of the file.
func cecWritten(t *testing.T, file string, iverilog bool) {
	t.Helper()
	dir := t.TempDir()
	runTool(t, dir, "yosys", "-q", "-p", "read_verilog "+file+"; hierarchy -auto-top; proc; flatten; techmap; opt_clean; write_blif ref.blif")
	n, err := netio.Open(file, netio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range writeExts {
		if err := netio.WriteFile(filepath.Join(dir, "w"+ext), n); err != nil {
			t.Fatal(err)
		}
	}
	runTool(t, dir, "yosys", "-q", "-p", "read_aiger w.aag; write_blif w_aag.blif")
	runTool(t, dir, "yosys", "-q", "-p", "read_verilog w.v; proc; techmap; write_blif w_v.blif")
	if iverilog {
		runTool(t, dir, "iverilog", "-o", "w.vvp", "w.v")
	}
	written := []string{"w.blif", "w.aig", "w_aag.blif", "w_v.blif"}
	var script []string
	for _, w := range written {
		script = append(script, "cec ref.blif "+w)
	}
	out := runTool(t, dir, "yosys-abc", "-c", strings.Join(script, "; "))
	if got := strings.Count(out, "Networks are equivalent"); got != len(written) || strings.Contains(out, "NOT EQUIVALENT") {
		t.Errorf("ABC cec: %d of %d written files equivalent:\n%s", got, len(written), out)
	}
}
