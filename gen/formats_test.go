package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/netio"
)

// TestBuildMixedFormats builds a bundle from a folder holding the tiny
// test circuits as BLIF, ASCII and binary AIGER (written by circuits/netio
// from the Verilog files whose metrics TestBuildTinyIndex checks by hand):
// every entry has the metrics of its Verilog original, and the walk finds
// all formats.
func TestBuildMixedFormats(t *testing.T) {
	src := t.TempDir()
	exts := map[string]string{"mul2u_apx": ".blif", "mul2u_exact": ".aag", "mul3x2u_tr1": ".aig"}
	for name, ext := range exts {
		n, err := netio.Open(filepath.Join(tinyDir, name+".v"), netio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := netio.WriteFile(filepath.Join(src, name+ext), n); err != nil {
			t.Fatal(err)
		}
	}
	mixed, sum := buildTiny(t, BuildOptions{Source: src})
	if sum.Circuits != len(exts) || len(sum.Failures) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	orig, _ := buildTiny(t, BuildOptions{})
	read := func(dir string) map[string]BundleEntry {
		data, err := os.ReadFile(filepath.Join(dir, IndexFile))
		if err != nil {
			t.Fatal(err)
		}
		var idx BundleIndex
		if err := json.Unmarshal(data, &idx); err != nil {
			t.Fatal(err)
		}
		m := map[string]BundleEntry{}
		for _, e := range idx.Multipliers {
			m[e.Name] = e
		}
		return m
	}
	want, got := read(orig), read(mixed)
	for name, ext := range exts {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s%s missing from the bundle", name, ext)
			continue
		}
		if g.File != name+ext {
			t.Errorf("%s: file %q", name, g.File)
		}
		if g.Metrics != want[name].Metrics || g.ABits != want[name].ABits || g.BBits != want[name].BBits {
			t.Errorf("%s%s: %+v\nwant %+v", name, ext, g.Metrics, want[name].Metrics)
		}
	}
}
