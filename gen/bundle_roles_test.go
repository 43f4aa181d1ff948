package gen

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/selection"
)

// buildForeign builds a bundle of the one foreign netlist file with roles.
func buildForeign(t *testing.T, file string, roles circuits.RoleOptions) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(foreignDir, file))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, file), data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := buildTiny(t, BuildOptions{Source: src, Roles: roles})
	return out
}

// layerPowerOf opens the bundle and returns the per-layer power of its
// only entry on layer (tiny.lib, 4096 vectors).
func layerPowerOf(t *testing.T, dir string, layer *selection.Layer) float64 {
	t.Helper()
	b := mustOpenBundle(t, dir)
	es := b.Entries()
	if len(es) != 1 {
		t.Fatalf("%s: %d entries, want 1", dir, len(es))
	}
	sl, err := b.Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	lib := sl.(*Library)
	if err := lib.EnableLayerPower(LayerPowerOptions{Liberty: hwTinyLib(t), Vectors: 4096, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	p, err := lib.LayerMetric(layer, es[0].Name)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return p
}

// TestBundleRecordsRoles builds the same EvoApprox circuit (mul8u_0AB)
// with standard ports (ports-bao.v: B declared first, names decide) and
// with ports X, Y, Z where the first declared input Y is operand B
// (ports-swapped.v, gen --ports X,Y,Z): index.json records how each was
// read, and the per-layer power, which reloads the netlist, is the same
// for both on a layer whose activations and weights differ. Read with
// automatic roles (the bundle without the recorded ports), the swapped file
// gives another power: the recorded roles are what makes them equal. A
// circuit with extra inputs (clk-en.v, --tie clk=0 --tie en=1) cannot be
// reloaded at all without its recorded ties.
func TestBundleRecordsRoles(t *testing.T) {
	acts := make([]int8, 64)
	for i := range acts {
		acts[i] = int8(i%5 - 2) // -2..2: few toggles on A
	}
	wts := make([]int8, 256)
	for i := range wts {
		wts[i] = int8(i - 128) // every int8 value: many toggles on B
	}
	layer := layerOf("asym", acts, wts)

	std := buildForeign(t, "ports-bao.v", circuits.RoleOptions{})
	swapped := buildForeign(t, "ports-swapped.v", circuits.RoleOptions{A: "X", B: "Y", O: "Z"})
	tied := buildForeign(t, "clk-en.v", circuits.RoleOptions{Ties: []circuits.Tie{{Name: "clk"}, {Name: "en", Value: true}}})

	for _, tc := range []struct {
		dir   string
		from  string
		ports EntryPorts
		ties  []string
	}{
		{std, SignFromModule, EntryPorts{"A", "B", "O"}, nil},
		{swapped, SignFromDefault, EntryPorts{"X", "Y", "Z"}, nil},
		{tied, SignFromDefault, EntryPorts{"A", "B", "O"}, []string{"clk=0", "en=1"}},
	} {
		e := mustOpenBundle(t, tc.dir).Entries()[0]
		if e.SignedFrom != tc.from || e.Ports == nil || *e.Ports != tc.ports || e.ORange != "[15:0]" || !slices.Equal(e.Ties, tc.ties) {
			t.Errorf("%s: signed_from %q ports %+v o_range %q ties %q, want %q %+v [15:0] %q", e.Name, e.SignedFrom, e.Ports, e.ORange, e.Ties, tc.from, tc.ports, tc.ties)
		}
	}

	pStd := layerPowerOf(t, std, &layer)
	pSwapped := layerPowerOf(t, swapped, &layer)
	if pStd != pSwapped {
		t.Errorf("layer power: standard ports %.9g mW, --ports X,Y,Z %.9g mW: want the same", pStd, pSwapped)
	}
	// The same bundle without the recorded roles (an index from before
	// they existed) opens and reloads the netlist with automatic roles:
	// operands swapped, another power.
	old := filepath.Join(t.TempDir(), "old")
	copyBundleDir(t, swapped, old)
	stripReadAs(t, old)
	if e := mustOpenBundle(t, old).Entries()[0]; e.Ports != nil || e.SignedFrom != "" || e.ORange != "" {
		t.Fatalf("stripped index still records %+v", e)
	}
	if pAuto := layerPowerOf(t, old, &layer); pAuto == pStd {
		t.Errorf("layer power with operands swapped %.9g mW equals the standard one: the layer does not tell A from B", pAuto)
	}
	// An old index of a standard-port circuit reads as before.
	oldStd := filepath.Join(t.TempDir(), "oldstd")
	copyBundleDir(t, std, oldStd)
	stripReadAs(t, oldStd)
	if p := layerPowerOf(t, oldStd, &layer); p != pStd {
		t.Errorf("old index: layer power %.9g mW, want %.9g", p, pStd)
	}
	if p := layerPowerOf(t, tied, &layer); !(p > 0) {
		t.Errorf("tied circuit: layer power %g", p)
	}
}

// stripReadAs removes the fields that record how netlists were read from
// the bundle's index, as indexes written before they existed lack them.
func stripReadAs(t *testing.T, dir string) {
	t.Helper()
	stripEntryKeys(t, dir, "signed_from", "ports", "o_range", "ties")
}

// stripEntryKeys removes keys from every entry of the bundle's index.json
// (the netlists' sha256 stay valid: only how they are read changes).
func stripEntryKeys(t *testing.T, dir string, keys ...string) {
	t.Helper()
	p := filepath.Join(dir, IndexFile)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var idx map[string]any
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	for _, m := range idx["multipliers"].([]any) {
		for _, k := range keys {
			delete(m.(map[string]any), k)
		}
	}
	if data, err = json.MarshalIndent(idx, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestShardsMergeRoles checks that a build with --ports gives the same
// bytes (index with the recorded roles, maps) in shards and merged as in
// one build, with one and two jobs.
func TestShardsMergeRoles(t *testing.T) {
	src := t.TempDir()
	data, err := os.ReadFile(filepath.Join(foreignDir, "ports-swapped.v"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"ports-swapped.v": string(data),
		"mul4u_x.v":       "module mul4u_x(input [3:0] Y, input [3:0] X, output [7:0] Z); assign Z = X * Y; endmodule\n",
		"top.v":           "module top(input [2:0] Y, input [3:0] X, output [6:0] Z); assign Z = X * Y + 7'd1; endmodule\n",
	}
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(src, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roles := circuits.RoleOptions{A: "X", B: "Y", O: "Z"}
	checkShardsMerge(t, 2, BuildOptions{Source: src, Roles: roles, Jobs: 1})
	one, _ := buildTiny(t, BuildOptions{Source: src, Roles: roles, Jobs: 1})
	two, _ := buildTiny(t, BuildOptions{Source: src, Roles: roles, Jobs: 2})
	sameTree(t, two, one)
	for _, e := range mustOpenBundle(t, one).Entries() {
		if e.Ports == nil || *e.Ports != (EntryPorts{"X", "Y", "Z"}) {
			t.Errorf("%s: ports %+v", e.Name, e.Ports)
		}
	}
}

// TestBundleRecordsTop builds mul8u_0AB from a file that has a second top
// module, with BuildOptions.Top (gen --top) and Sign (gen --signed):
// index.json records the top module, select's per-layer power reloads the
// netlist with it (the same power as the file without the extra module),
// and without the recorded top the reload fails naming --top.
func TestBundleRecordsTop(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(foreignDir, "ports-bao.v"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	extra := append(append([]byte{}, data...), "\nmodule extra(input a, output y);\n  assign y = a;\nendmodule\n"...)
	if err := os.WriteFile(filepath.Join(src, "two-tops.v"), extra, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), BuildOptions{Source: src, Out: filepath.Join(t.TempDir(), "lib")}); err == nil || !strings.Contains(err.Error(), "use --top NAME") {
		t.Fatalf("build without Top: %v, want an error naming --top", err)
	}
	withTop, _ := buildTiny(t, BuildOptions{Source: src, Top: "mul8u_0AB"})
	e := mustOpenBundle(t, withTop).Entries()[0]
	if e.Top != "mul8u_0AB" || e.Signed || e.SignedFrom != SignFromModule {
		t.Errorf("entry: top %q signed %v from %q, want mul8u_0AB, unsigned from the module name", e.Top, e.Signed, e.SignedFrom)
	}
	layer := layerOf("l", []int8{-3, 0, 5, 7, -128, 127}, []int8{1, -1, 2, -2, 100, -100})
	if p, q := layerPowerOf(t, withTop, &layer), layerPowerOf(t, buildForeign(t, "ports-bao.v", circuits.RoleOptions{}), &layer); p != q {
		t.Errorf("layer power with the recorded top %.9g mW, of the file alone %.9g mW: want the same", p, q)
	}
	signed, _ := buildTiny(t, BuildOptions{Source: src, Top: "mul8u_0AB", Sign: Signed})
	if e := mustOpenBundle(t, signed).Entries()[0]; !e.Signed || e.SignedFrom != SignFromFlag {
		t.Errorf("Sign: Signed: entry signed %v from %q, want true from flag", e.Signed, e.SignedFrom)
	}
	// Without the recorded top (an index from before the field existed)
	// the reload cannot choose between the two modules.
	p := filepath.Join(withTop, IndexFile)
	idx, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	stripped := strings.Replace(string(idx), `"top": "mul8u_0AB",`, "", 1)
	if stripped == string(idx) {
		t.Fatal("index.json does not spell the top field as expected")
	}
	if err := os.WriteFile(p, []byte(stripped), 0o644); err != nil {
		t.Fatal(err)
	}
	b := mustOpenBundle(t, withTop)
	sl, err := b.Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	lib := sl.(*Library)
	if err := lib.EnableLayerPower(LayerPowerOptions{Liberty: hwTinyLib(t), Vectors: 4096, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	_, err = lib.LayerMetric(&layer, b.Entries()[0].Name)
	if err == nil || !strings.Contains(err.Error(), "use --top NAME") {
		t.Errorf("reload without the recorded top: %v, want an error naming --top", err)
	}
}

// TestBundleRecordsDefines builds a netlist whose product depends on a
// macro (--define) and whose shift comes from an included file (-I):
// index.json records both (the folder made absolute), select's per-layer
// power reloads the netlist with them (the same power as a file with the
// chosen branch written out), and an index without them reloads the other
// branch or fails on the missing include.
func TestBundleRecordsDefines(t *testing.T) {
	dir := t.TempDir()
	src, inc, plain := filepath.Join(dir, "src"), filepath.Join(dir, "inc"), filepath.Join(dir, "plain")
	for _, d := range []string{src, inc, plain} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(inc, "shift.vh"): "`define SHIFT 4\n",
		filepath.Join(src, "mul8u_macro.v"): "`include \"shift.vh\"\n" +
			"module mul8u_macro(input [7:0] A, input [7:0] B, output [15:0] O);\n" +
			"`ifdef EXACT\n  assign O = A * B;\n`else\n" +
			"  assign O = ((A >> `SHIFT) * (B >> `SHIFT)) << (2 * `SHIFT);\n`endif\nendmodule\n",
		filepath.Join(plain, "mul8u_plain.v"): "module mul8u_plain(input [7:0] A, input [7:0] B, output [15:0] O);\n" +
			"  assign O = A * B;\nendmodule\n",
	}
	for p, text := range files {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Relative -I as a user gives it: recorded absolute.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	relInc, err := filepath.Rel(wd, inc)
	if err != nil {
		t.Fatal(err)
	}
	lib, _ := buildTiny(t, BuildOptions{Source: src, Defines: map[string]string{"EXACT": ""}, IncludeDirs: []string{relInc}})
	e := mustOpenBundle(t, lib).Entries()[0]
	if v, ok := e.Defines["EXACT"]; !ok || v != "" || len(e.Defines) != 1 {
		t.Errorf("entry defines %v, want EXACT", e.Defines)
	}
	if len(e.IncludeDirs) != 1 || e.IncludeDirs[0] != filepath.ToSlash(inc) {
		t.Errorf("entry include_dirs %q, want [%q]", e.IncludeDirs, filepath.ToSlash(inc))
	}
	if e.Metrics.MAE != 0 {
		t.Errorf("MAE %g with EXACT defined, want 0", e.Metrics.MAE)
	}
	ref, _ := buildTiny(t, BuildOptions{Source: plain})
	layer := layerOf("l", []int8{-3, 0, 5, 7, -128, 127, 64, 33}, []int8{1, -1, 2, -2, 100, -100, 17})
	want := layerPowerOf(t, ref, &layer)
	if p := layerPowerOf(t, lib, &layer); p != want {
		t.Errorf("layer power with the recorded defines %.9g mW, of the exact file %.9g mW: want the same", p, want)
	}
	// Without the recorded define the reload takes the truncated branch.
	stripEntryKeys(t, lib, "defines")
	if q := layerPowerOf(t, lib, &layer); q == want {
		t.Errorf("layer power without the recorded define %.9g mW equals the exact file's: the define was not what made the difference", q)
	}
	stripEntryKeys(t, lib, "include_dirs")
	sl, err := mustOpenBundle(t, lib).Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	l := sl.(*Library)
	if err := l.EnableLayerPower(LayerPowerOptions{Liberty: hwTinyLib(t), Vectors: 4096, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.LayerMetric(&layer, "mul8u_macro"); err == nil || !strings.Contains(err.Error(), "shift.vh") {
		t.Errorf("reload without the include folder: %v, want an error naming shift.vh", err)
	}
}
