package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/testshared"
)

// foreignDir is the corpus that scripts/gen-foreign-corpus.sh writes.
const foreignDir = "../testdata/foreign"

// foreignEntry is one file of testdata/foreign/MANIFEST.json.
type foreignEntry struct {
	File         string   `json:"file"`
	Source       string   `json:"source"`         // the original, relative to AXMUL_SHARED
	SameAsSource bool     `json:"same_as_source"` // metrics must equal the original's
	Needs        []string `json:"needs"`          // reader features beyond structural Verilog
	Liberty      string   `json:"liberty"`        // cell library, relative to AXMUL_SHARED
	Ports        string   `json:"ports"`          // --ports value
	Ties         []string `json:"ties"`           // --tie values
	Flags        []string `json:"flags"`          // --signed
	Signed       bool     `json:"signed"`
	SignedFrom   string   `json:"signed_from"`
	ORange       string   `json:"o_range"`
	Truth        string   `json:"truth"` // sha256 of the product lines (see truthHash)
	TruthBy      string   `json:"truth_by"`
	Note         string   `json:"note"`
}

func readForeignManifest(t *testing.T) []foreignEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(foreignDir, "MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []foreignEntry `json:"files"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("MANIFEST.json: %v", err)
	}
	if len(m.Files) < 30 {
		t.Fatalf("MANIFEST.json lists %d files, want the whole corpus", len(m.Files))
	}
	return m.Files
}

// featureProbes are tiny netlists that need one reader feature each: a
// corpus file that needs a feature the front-ends of this build do not
// have is skipped with the probe's error, so the test runs for real as
// soon as the feature lands.
var featureProbes = map[string]string{
	"yosys-gates":  "module p(input a, input b, output y); \\$_AND_ g (.A(a), .B(b), .Y(y)); endmodule\n",
	"yosys-coarse": "module p(input a, input b, output y); \\$and #(.A_SIGNED(0), .B_SIGNED(0), .A_WIDTH(1), .B_WIDTH(1), .Y_WIDTH(1)) g (.A(a), .B(b), .Y(y)); endmodule\n",
	"xz":           "module p(input a, output y); wire d; assign d = 1'bx; assign y = a; endmodule\n",
}

func needFeature(t *testing.T, need string) {
	t.Helper()
	if src, ok := featureProbes[need]; ok {
		if _, err := verilog.Parse("probe.v", []byte(src), verilog.Options{}); err != nil {
			t.Skipf("needs %s, which the Verilog front-end of this build lacks (issue 9 item 1/2): %v", need, err)
		}
		return
	}
	if need == "blif-yosys-cells" {
		const probe = ".model p\n.inputs a b\n.outputs y\n.gate $_AND_ A=a B=b Y=y\n.end\n"
		for _, f := range netio.Formats() {
			if f.Name == "blif" {
				if _, err := f.Parse("probe.blif", []byte(probe), netio.Options{}); err != nil {
					t.Skipf("needs BLIF .gate lines with Yosys's internal cells, which the BLIF front-end of this build lacks (issue 9 item 5): %v", err)
				}
				return
			}
		}
		t.Skipf("needs %s: no BLIF reader in this build", need)
	}
	if err := formatAvailable(need); err != nil {
		t.Skipf("needs %s: %v", need, err)
	}
}

// formatAvailable reports whether this build reads the netlist format.
func formatAvailable(format string) error {
	for _, f := range netio.Formats() {
		if f.Name == format {
			return nil
		}
	}
	return fmt.Errorf("no %s reader in this build (netio knows %s)", format, strings.Join(netio.Extensions(), " "))
}

var (
	libMu    sync.Mutex
	libCache = map[string]verilog.CellResolver{}
)

func foreignLiberty(t *testing.T, rel string) verilog.CellResolver {
	t.Helper()
	path := testshared.Dir(t, rel)
	libMu.Lock()
	defer libMu.Unlock()
	if c, ok := libCache[path]; ok {
		return c
	}
	lib, err := liberty.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	libCache[path] = verilog.LibertyCells(lib)
	return libCache[path]
}

// foreignOptions turns a manifest entry into load options, as the CLI
// turns --ports, --tie, --signed and --liberty into them.
func foreignOptions(t *testing.T, e foreignEntry) LoadOptions {
	t.Helper()
	var o LoadOptions
	if e.Ports != "" {
		a, b, out, err := circuits.ParsePorts(e.Ports)
		if err != nil {
			t.Fatal(err)
		}
		o.Roles.A, o.Roles.B, o.Roles.O = a, b, out
	}
	for _, s := range e.Ties {
		tie, err := circuits.ParseTie(s)
		if err != nil {
			t.Fatal(err)
		}
		o.Roles.Ties = append(o.Roles.Ties, tie)
	}
	for _, f := range e.Flags {
		switch f {
		case "--signed":
			o.Sign = Signed
		case "--unsigned":
			o.Sign = Unsigned
		default:
			t.Fatalf("unknown flag %q in MANIFEST.json", f)
		}
	}
	if e.Liberty != "" {
		o.Cells = foreignLiberty(t, e.Liberty)
	}
	return o
}

// truthHash hashes a truth table raw[b<<aBits|a] as the corpus script's
// testbench prints it: one line "%d\n" per pair, a in the outer loop.
func truthHash(raw []uint64, aBits, bBits int) string {
	h := sha256.New()
	var line []byte
	for a := range 1 << aBits {
		for b := range 1 << bBits {
			line = strconv.AppendUint(line[:0], raw[b<<aBits|a], 10)
			line = append(line, '\n')
			h.Write(line)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestForeignCorpus reads every file of testdata/foreign (netlists Yosys,
// ABC and hand edits made from EvoApprox circuits) with the flags its
// manifest names and checks, against independent truth: the whole truth
// table against the hash an Icarus Verilog testbench wrote (committed;
// re-run here when iverilog is installed), the metrics against those of
// the original EvoApprox file (with AXMUL_SHARED), and the signedness,
// its source and the product's bit range against the manifest.
func TestForeignCorpus(t *testing.T) {
	entries := readForeignManifest(t)
	shared := testshared.Root() != ""
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			for _, need := range e.Needs {
				needFeature(t, need)
			}
			path := filepath.Join(foreignDir, e.File)
			if f, ok := netio.FormatOf(e.File); !ok {
				t.Fatalf("%s: no reader for this extension", e.File)
			} else if err := formatAvailable(f.Name); err != nil {
				t.Fatal(err)
			}
			if e.Liberty != "" && !shared {
				t.Skipf("needs the cell library %s (set AXMUL_SHARED)", e.Liberty)
			}
			opts := foreignOptions(t, e)
			var warnings []string
			c, err := Load(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			warnings = c.Warnings
			if c.Signed != e.Signed || c.SignSource != e.SignedFrom {
				t.Errorf("signed %v from %s, want %v from %s", c.Signed, c.SignSource, e.Signed, e.SignedFrom)
			}
			if got := c.Roles.ORange(); got != e.ORange {
				t.Errorf("product range %s, want %s", got, e.ORange)
			}
			if e.SignedFrom == SignFromPorts && strings.Contains(e.File, "conflict") != (len(warnings) > 0) {
				t.Errorf("warnings %q: want one exactly for a name/ports conflict", warnings)
			}
			keep := c.ABits+c.BBits <= 16
			res, err := Characterise(context.Background(), c, CharOptions{Workers: 1, KeepProducts: keep, ZeroExact: DefaultZeroExact(c.Name)})
			if err != nil {
				t.Fatal(err)
			}
			if e.Truth != "" {
				if !keep {
					t.Fatalf("truth hash for a %dx%d circuit", c.ABits, c.BBits)
				}
				if got := truthHash(res.Products, c.ABits, c.BBits); got != e.Truth {
					t.Errorf("truth table hash %s, want %s (%s)", got, e.Truth, e.TruthBy)
				}
				if !testing.Short() && strings.HasSuffix(e.File, ".v") && e.Liberty == "" {
					rerunTestbench(t, path, c, e, res.Products)
				}
			}
			if e.Source != "" && shared {
				orig, err := Load(testshared.Dir(t, e.Source), LoadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				ores, err := Characterise(context.Background(), orig, CharOptions{Workers: 1, ZeroExact: DefaultZeroExact(orig.Name)})
				if err != nil {
					t.Fatal(err)
				}
				if e.SameAsSource {
					if orig.Signed != c.Signed {
						t.Errorf("signed %v, the original %v", c.Signed, orig.Signed)
					}
					if ores.Metrics != res.Metrics {
						t.Errorf("metrics differ from the original %s:\n got %+v\nwant %+v", e.Source, res.Metrics, ores.Metrics)
					}
				} else if ores.Metrics == res.Metrics {
					t.Errorf("metrics equal the original's, but the manifest says this variant differs")
				}
			}
		})
	}
}

// rerunTestbench simulates the file with Icarus Verilog on every operand
// pair (the ports axmul chose, the ties of the manifest) and compares the
// products with axmul's. Bit-blasted ports are left to the committed hash.
func rerunTestbench(t *testing.T, path string, c *Circuit, e foreignEntry, raw []uint64) {
	t.Helper()
	iverilog, err := exec.LookPath("iverilog")
	if err != nil {
		t.Logf("iverilog not installed: truth from the committed hash only")
		return
	}
	vvp, err := exec.LookPath("vvp")
	if err != nil {
		t.Logf("vvp not installed: truth from the committed hash only")
		return
	}
	if len(c.Roles.Regrouped) > 0 {
		t.Logf("bit-blasted ports: truth from the committed hash only")
		return
	}
	files := []string{path}
	if slices.Contains(e.Needs, "yosys-gates") || slices.Contains(e.Needs, "yosys-coarse") {
		models := []string{"/usr/share/yosys/simcells.v", "/usr/share/yosys/simlib.v"}
		for _, m := range models {
			if _, err := os.Stat(m); err != nil {
				t.Logf("Yosys simulation models missing (%v): truth from the committed hash only", err)
				return
			}
		}
		files = append(files, models...)
	}
	r := c.Roles
	lsb := r.OLsb
	oexpr := "o"
	if lsb > 0 {
		oexpr = fmt.Sprintf("{o, %d'b0}", lsb)
	}
	var ties, conns strings.Builder
	for _, tie := range r.Tied {
		v := 0
		if tie.Value {
			v = 1
		}
		fmt.Fprintf(&ties, "  wire t_%s = 1'b%d;\n", tie.Name, v)
		fmt.Fprintf(&conns, ", .%s(t_%s)", tie.Name, tie.Name)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "truth.txt")
	tb := fmt.Sprintf("module axmul_tb;\n  reg [%d:0] a; reg [%d:0] b; wire [%d:0] o;\n%s  %s dut(.%s(a), .%s(b), .%s(o)%s);\n"+
		"  integer i, j, fd;\n  initial begin\n    fd = $fopen(%q, \"w\");\n"+
		"    for (i = 0; i < %d; i = i + 1) for (j = 0; j < %d; j = j + 1) begin a = i; b = j; #1; $fwrite(fd, \"%%0d\\n\", %s); end\n"+
		"    $fclose(fd); $finish;\n  end\nendmodule\n",
		c.ABits-1, c.BBits-1, r.OWidth-1, ties.String(), c.Netlist.Name, r.A, r.B, r.O, conns.String(),
		out, 1<<c.ABits, 1<<c.BBits, oexpr)
	tbFile := filepath.Join(dir, "tb.v")
	if err := os.WriteFile(tbFile, []byte(tb), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "tb.vvp")
	args := append([]string{"-g2005", "-s", "axmul_tb", "-o", exe, tbFile}, files...)
	if msg, err := exec.Command(iverilog, args...).CombinedOutput(); err != nil {
		t.Fatalf("iverilog: %v\n%s", err, msg)
	}
	if msg, err := exec.Command(vvp, "-n", exe).CombinedOutput(); err != nil {
		t.Fatalf("vvp: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.Truth {
		t.Errorf("iverilog truth now %s, the manifest has %s", got, e.Truth)
	}
	var want bytes.Buffer
	for a := range 1 << c.ABits {
		for b := range 1 << c.BBits {
			fmt.Fprintf(&want, "%d\n", raw[b<<c.ABits|a])
		}
	}
	if !bytes.Equal(data, want.Bytes()) {
		lines, wl := strings.Split(string(data), "\n"), strings.Split(want.String(), "\n")
		for i := range min(len(lines), len(wl)) {
			if lines[i] != wl[i] {
				t.Fatalf("pair %d (a=%d b=%d): iverilog %s, axmul %s", i, i>>c.BBits, i&(1<<c.BBits-1), lines[i], wl[i])
			}
		}
		t.Fatalf("iverilog wrote %d lines, axmul %d", len(lines), len(wl))
	}
	t.Logf("iverilog re-ran the testbench: equal on all %d pairs", 1<<(c.ABits+c.BBits))
}

// TestForeign12x12SameProgram backs BenchmarkSimForeign12x12: the
// Yosys-written 12x12 compiles to a program of the same length and depth as
// the original, so simulating it costs the same; only parsing the larger
// file differs (about a millisecond against the 2^24-pair simulation).
func TestForeign12x12SameProgram(t *testing.T) {
	orig, err := Load(testshared.Dir(t, "evoapprox/v2022/12x12_unsigned/mul12u_2DA.v"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ys, err := Load(filepath.Join(foreignDir, "mul12u_2DA.yosys-expr.v"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	po, py := orig.Multiplier().Program(), ys.Multiplier().Program()
	if len(po.Code) != len(py.Code) || po.LogicGates != py.LogicGates {
		t.Errorf("programs differ: original %d instructions, %d gates; Yosys-written %d, %d", len(po.Code), po.LogicGates, len(py.Code), py.LogicGates)
	}
}
