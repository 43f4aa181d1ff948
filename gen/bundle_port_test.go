package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen/cache"
)

// asymSource returns a copy of the tiny netlists plus an asymmetric 8x8
// multiplier (A's low nibble dropped), so that transposed maps and LUTs
// really differ from the default ones.
func asymSource(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	if err := copyTree(tinyDir, src); err != nil {
		t.Fatal(err)
	}
	v := "module mul8u_asym (A, B, O);\n  input [7:0] A;\n  input [7:0] B;\n  output [15:0] O;\n  assign O = {A[7:4], 4'b0000} * B;\nendmodule\n"
	if err := os.WriteFile(filepath.Join(src, "mul8u_asym.v"), []byte(v), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// readRaw reads a stored map as stored (no transposition).
func readRaw(t *testing.T, dir, rel string, signed bool) *errmap.ErrorMap {
	t.Helper()
	em, err := errmap.ReadNPY(filepath.Join(dir, filepath.FromSlash(rel)), signed)
	if err != nil {
		t.Fatal(err)
	}
	return em
}

// readLUT reads a stored LUT as stored: 65536 values, [i<<8|j].
func readLUT(t *testing.T, dir, rel string) []int32 {
	t.Helper()
	em, err := errmap.ReadLUT(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	lut, err := em.LUT()
	if err != nil {
		t.Fatal(err)
	}
	return lut
}

// TestBuildActivationPortB builds the same netlists for activations on
// port A (default, and "A" given explicitly) and on port B: the port-A
// bundles are byte-identical and their index has no activation_port; the
// port-B bundle records it, stores every map, int8 map and LUT transposed
// (checked against the port-A files transposed independently), keeps the
// entries' widths and metrics, and reads back through Bundle in the
// circuits' own layout, equal to the port-A bundle's maps.
func TestBuildActivationPortB(t *testing.T) {
	src := asymSource(t)
	dirA, _ := buildTiny(t, BuildOptions{Source: src})
	dirA2, _ := buildTiny(t, BuildOptions{Source: src, ActivationPort: PortA})
	sameTree(t, dirA2, dirA)
	dirB, _ := buildTiny(t, BuildOptions{Source: src, ActivationPort: PortB})
	ia, _ := os.ReadFile(filepath.Join(dirA, IndexFile))
	ib, _ := os.ReadFile(filepath.Join(dirB, IndexFile))
	if bytes.Contains(ia, []byte("activation_port")) {
		t.Error("port-A index records activation_port")
	}
	if !bytes.Contains(ib, []byte(`"activation_port": "B"`)) {
		t.Errorf("port-B index does not record activation_port B:\n%s", ib)
	}
	a, b := mustOpenBundle(t, dirA), mustOpenBundle(t, dirB)
	if a.ActivationPort() != PortA || b.ActivationPort() != PortB {
		t.Fatalf("ActivationPort: %s, %s", a.ActivationPort(), b.ActivationPort())
	}
	ea, eb := a.Entries(), b.Entries()
	if len(ea) != 5 || len(eb) != len(ea) {
		t.Fatalf("%d and %d entries, want 5", len(ea), len(eb))
	}
	asymDiffers := false
	for i := range ea {
		x, y := ea[i], eb[i]
		if x.Name != y.Name || x.ABits != y.ABits || x.BBits != y.BBits || x.Signed != y.Signed || x.Metrics != y.Metrics || x.Gates != y.Gates {
			t.Errorf("%s: entries differ beyond the files:\n%+v\n%+v", x.Name, x, y)
		}
		// The native map is stored transposed: [2^b, 2^a].
		ra, rb := readRaw(t, dirA, x.Files.ErrorMap, x.Signed), readRaw(t, dirB, y.Files.ErrorMap, y.Signed)
		if rb.ABits() != x.BBits || rb.BBits() != x.ABits {
			t.Errorf("%s: port-B map is %dx%d, want %dx%d", x.Name, rb.ABits(), rb.BBits(), x.BBits, x.ABits)
		}
		na, nb := 1<<x.ABits, 1<<x.BBits // unsigned: index = operand value
		for i := range na {
			for j := range nb {
				if ra.Errors()[i*nb+j] != rb.Errors()[j*na+i] {
					t.Fatalf("%s: stored port-B error (%d, %d) = %d, port-A (%d, %d) = %d", x.Name, j, i, rb.Errors()[j*na+i], i, j, ra.Errors()[i*nb+j])
				}
			}
		}
		// Read back in the circuit's layout.
		ma, err := a.ErrorMap(x.Name)
		if err != nil {
			t.Fatal(err)
		}
		mb, err := b.ErrorMap(x.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !sameErrMap(ma, mb) {
			t.Errorf("%s: Bundle.ErrorMap differs between the port-A and port-B bundles", x.Name)
		}
		if x.ABits != 8 || x.BBits != 8 {
			continue
		}
		// LUT: stored [activation, weight] with the activation at B.
		la, lb := readLUT(t, dirA, x.Files.Int8LUT), readLUT(t, dirB, y.Files.Int8LUT)
		for i := range 256 {
			for j := range 256 {
				if lb[i<<8|j] != la[j<<8|i] {
					t.Fatalf("%s: port-B LUT[%d, %d] = %d, port-A LUT[%d, %d] = %d", x.Name, i, j, lb[i<<8|j], j, i, la[j<<8|i])
				}
				if la[i<<8|j] != la[j<<8|i] {
					asymDiffers = true
				}
			}
		}
		i8a, i8b := readRaw(t, dirA, x.Files.Int8ErrorMap, true), readRaw(t, dirB, y.Files.Int8ErrorMap, true)
		if !sameErrMap(i8b, i8a.Transpose()) {
			t.Errorf("%s: port-B int8 map is not the port-A one transposed", x.Name)
		}
		for _, f := range []func(*Bundle) (any, error){
			func(bu *Bundle) (any, error) { return bu.LUT(x.Name) },
			func(bu *Bundle) (any, error) {
				m, err := bu.Int8Map(x.Name)
				if err != nil {
					return nil, err
				}
				return m.Errors(), nil
			},
		} {
			va, err := f(a)
			if err != nil {
				t.Fatal(err)
			}
			vb, err := f(b)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(va.([]int32), vb.([]int32)) {
				t.Errorf("%s: LUT or int8 map read back differs between the port-A and port-B bundles", x.Name)
			}
		}
	}
	if !asymDiffers {
		t.Error("mul8u_asym is symmetric: the test cannot tell the layouts apart")
	}

	// A port-B index with port-A shaped maps (a 3x2 map stored 8x4) is
	// refused, naming the field; so is an unknown port.
	bad := filepath.Join(t.TempDir(), "lib")
	copyBundleDir(t, dirA, bad)
	replaceIndex(bad, ia, `"format": "axmul-library",`, `"format": "axmul-library", "activation_port": "B",`)
	if _, err := OpenBundle(bad); err == nil || !strings.Contains(err.Error(), "mul3x2u_tr1") || !strings.Contains(err.Error(), "shape [8 4], want [4 8]") {
		t.Errorf("port-B index over port-A maps: %v", err)
	}
	replaceIndex(bad, ia, `"format": "axmul-library",`, `"format": "axmul-library", "activation_port": "C",`)
	if _, err := OpenBundle(bad); err == nil || !strings.Contains(err.Error(), `field activation_port is "C"`) {
		t.Errorf("activation_port C: %v", err)
	}
	if _, err := Build(context.Background(), BuildOptions{Source: src, Out: filepath.Join(t.TempDir(), "x"), ActivationPort: "b"}); err == nil || !strings.Contains(err.Error(), `activation port "b"`) {
		t.Errorf("ActivationPort b: %v", err)
	}
}

// TestActivationPortCacheAndShards checks that cached records and shard
// fingerprints keep the two layouts apart: a port-B build after a port-A
// one misses the cache, a second port-B build hits it and writes the same
// bundle, parts of a port-B build merge into the whole port-B bundle, and
// parts of different ports are refused.
func TestActivationPortCacheAndShards(t *testing.T) {
	src := asymSource(t)
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	plainB, _ := buildTiny(t, BuildOptions{Source: src, ActivationPort: PortB})
	if _, s := buildTiny(t, BuildOptions{Source: src, Cache: c}); s.CacheMisses != 5 {
		t.Fatalf("port A: %d misses, want 5", s.CacheMisses)
	}
	if _, s := buildTiny(t, BuildOptions{Source: src, Cache: c, ActivationPort: PortB}); s.CacheHits != 0 || s.CacheMisses != 5 {
		t.Errorf("port B after port A: %d hits, %d misses; want 0, 5", s.CacheHits, s.CacheMisses)
	}
	cachedB, s := buildTiny(t, BuildOptions{Source: src, Cache: c, ActivationPort: PortB})
	if s.CacheHits != 5 {
		t.Errorf("port B again: %d hits, want 5", s.CacheHits)
	}
	sameTree(t, cachedB, plainB)

	checkShardsMerge(t, 2, BuildOptions{Source: src, ActivationPort: PortB})
	dir := t.TempDir()
	pa := buildShards(t, filepath.Join(dir, "a"), 2, BuildOptions{Source: src})
	pb := buildShards(t, filepath.Join(dir, "b"), 2, BuildOptions{Source: src, ActivationPort: PortB})
	if _, err := Merge(context.Background(), []string{pa[0], pb[1]}, filepath.Join(dir, "m")); err == nil || !strings.Contains(err.Error(), "other inputs or options") {
		t.Errorf("merging port-A and port-B parts: %v", err)
	}
	idx, err := ReadIndex(pb[0])
	if err != nil {
		t.Fatal(err)
	}
	if idx.ActivationPort != PortB {
		t.Errorf("port-B part records activation_port %q", idx.ActivationPort)
	}
	var back BundleIndex
	data, _ := json.Marshal(idx)
	if err := json.Unmarshal(data, &back); err != nil || back.ActivationPort != PortB {
		t.Errorf("index round trip: %v, %q", err, back.ActivationPort)
	}
}
