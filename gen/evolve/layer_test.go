package evolve

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/testshared"
	"github.com/axmul/axmul/selection"
)

// testCircuit is an 8x8 multiplier with its raw truth table
// raw[b<<8|a] (bit patterns), as gen.Characterise tabulates it.
type testCircuit struct {
	name, path string
	signed     bool
	netlist    *circuits.Netlist
	raw        []uint64
}

func loadTestCircuit(t *testing.T, path string, sign gen.Signedness) testCircuit {
	t.Helper()
	c, err := gen.Load(path, gen.LoadOptions{Sign: sign})
	if err != nil {
		t.Fatal(err)
	}
	if c.ABits != 8 || c.BBits != 8 {
		t.Fatalf("%s: %dx%d, want 8x8", path, c.ABits, c.BBits)
	}
	res, err := gen.Characterise(context.Background(), c, gen.CharOptions{KeepProducts: true, ZeroExact: gen.DefaultZeroExact(c.Name)})
	if err != nil {
		t.Fatal(err)
	}
	return testCircuit{name: c.Name, path: path, signed: c.Signed, netlist: c.Netlist, raw: res.Products}
}

// builtinCircuits returns the 8x8 circuits of the built-in library.
func builtinCircuits(t *testing.T) []testCircuit {
	t.Helper()
	dir := t.TempDir()
	var cs []testCircuit
	for _, s := range param.Builtin() {
		if s.ABits != 8 || s.BBits != 8 {
			continue
		}
		v, err := s.Generate()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, s.Name+".v")
		if err := os.WriteFile(p, v, 0o666); err != nil {
			t.Fatal(err)
		}
		sign := gen.Unsigned
		if s.Signed {
			sign = gen.Signed
		}
		cs = append(cs, loadTestCircuit(t, p, sign))
	}
	if len(cs) < 10 {
		t.Fatalf("only %d built-in 8x8 circuits", len(cs))
	}
	return cs
}

// evoCircuits returns every step-th EvoApprox v2022 mul8u circuit (skips
// without the shared data).
func evoCircuits(t *testing.T, step int) []testCircuit {
	t.Helper()
	dir := testshared.Dir(t, "evoapprox", "v2022", "8x8_unsigned")
	files, err := filepath.Glob(filepath.Join(dir, "mul8u_*.v"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no mul8u netlists in %s (%v)", dir, err)
	}
	slices.Sort(files)
	var cs []testCircuit
	for i := 0; i < len(files); i += step {
		if strings.HasSuffix(files[i], "_pdk45.v") {
			continue
		}
		cs = append(cs, loadTestCircuit(t, files[i], gen.Unsigned))
	}
	return cs
}

// outsOnDomain returns the 16 output planes of a truth table on d.
func outsOnDomain(d *Domain, raw []uint64) [][]uint64 {
	outs := make([][]uint64, 16)
	for k := range outs {
		outs[k] = make([]uint64, d.Words)
	}
	for p := range d.Pairs {
		v := raw[d.B[p]<<8|d.A[p]]
		for k := range outs {
			outs[k][p>>6] |= (v >> k & 1) << (p & 63)
		}
	}
	return outs
}

// TestLayerConstraintMatchesSelect checks that the constraint's Value is
// the predicted std select computes (selection.SelectMultipliers, from the
// circuits' full error maps) for the built-in library's circuits and
// EvoApprox v2022 mul8u circuits on the demo model's layers, in both
// orientations, and that Max defaults to select's max_std.
func TestLayerConstraintMatchesSelect(t *testing.T) {
	cs := builtinCircuits(t)
	if testshared.Root() != "" {
		cs = append(cs, evoCircuits(t, 4)...)
	}
	var lib selection.MapLibrary
	for _, c := range cs {
		em, err := errmap.FromProducts(8, 8, c.signed, c.raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.Add(c.name, 1, em); err != nil {
			t.Fatal(err)
		}
	}
	layers := selection.DemoModel()
	for i := range layers {
		layers[i].MaxNoise = 1e6 // every candidate fits: the stds do not depend on it
	}
	exactBits, checked := 0, 0
	for _, port := range []selection.Port{selection.PortA, selection.PortB} {
		res, err := selection.SelectMultipliers(layers, &lib, selection.Options{Orientation: string(port), Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		for j := range layers {
			info := res.Layers[j]
			for _, signed := range []bool{false, true} {
				lc, err := NewLayerConstraint(&layers[j], LayerOptions{Signed: signed, Port: port, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				if lc.Max() != info.MaxStd || lc.MaxStd() != info.MaxStd {
					t.Errorf("%s: Max %v, MaxStd %v, select's max_std %v", info.Name, lc.Max(), lc.MaxStd(), info.MaxStd)
				}
				for _, c := range cs {
					if c.signed != signed {
						continue
					}
					got := lc.Value(outsOnDomain(lc.Domain(), c.raw))
					want := info.MulStds[c.name]
					checked++
					if got == want {
						exactBits++
						continue
					}
					// Tolerance: the same formula on the same numbers; only
					// a different summation order could differ.
					if !scalar.EqualWithinAbsOrRel(got, want, 1e-300, 1e-12) {
						t.Errorf("layer %s port %s %s: Value %v, select predicts %v", info.Name, port, c.name, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d (layer, orientation, circuit) predictions checked, %d equal to the last bit", checked, exactBits)
	if checked < 100 {
		t.Errorf("only %d predictions checked", checked)
	}
}

// TestLayerDomain checks the domain of a small layer by hand.
func TestLayerDomain(t *testing.T) {
	l := &selection.Layer{Name: "t", FanIn: 2, Out: 1, MaxNoise: 0.1,
		Features: []int8{0, 3, -3, 0}, Weights: []int8{-128, 5}}
	tests := []struct {
		signed bool
		port   selection.Port
		want   map[[2]uint32]float64
	}{
		// Unsigned: magnitudes; x ∈ {0: 1/2, 3: 1/4, -3: 1/4}, w ∈ {-128, 5} each 1/2.
		{false, selection.PortA, map[[2]uint32]float64{{0, 128}: 0.25, {0, 5}: 0.25, {3, 128}: 0.25, {3, 5}: 0.25}},
		{false, selection.PortB, map[[2]uint32]float64{{128, 0}: 0.25, {5, 0}: 0.25, {128, 3}: 0.25, {5, 3}: 0.25}},
		{true, selection.PortA, map[[2]uint32]float64{{0, 128}: 0.25, {0, 5}: 0.25, {3, 128}: 0.125, {3, 5}: 0.125, {253, 128}: 0.125, {253, 5}: 0.125}},
	}
	for _, tc := range tests {
		d, err := LayerDomain(l, tc.signed, tc.port)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]uint32]float64{}
		for p := range d.Pairs {
			got[[2]uint32{d.A[p], d.B[p]}] = d.Weight[p]
			if p > 0 && d.B[p]<<8|d.A[p] <= d.B[p-1]<<8|d.A[p-1] {
				t.Errorf("pairs not in ascending order at %d", p)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || d.Words != (d.Pairs+63)/64 {
			t.Errorf("signed %v port %s: domain %v (words %d), want %v", tc.signed, tc.port, got, d.Words, tc.want)
		}
	}
	if _, err := LayerDomain(l, false, "C"); err == nil {
		t.Error("port C accepted")
	}
}

// TestLayerConstraintTarget checks TargetStd and the bad-option errors.
func TestLayerConstraintTarget(t *testing.T) {
	l := &selection.DemoModel()[1]
	lc, err := NewLayerConstraint(l, LayerOptions{TargetStd: 12.5})
	if err != nil {
		t.Fatal(err)
	}
	if lc.Max() != 12.5 || !strings.Contains(lc.Name(), "conv2") || lc.Port() != selection.PortA {
		t.Errorf("Max %v, Name %q, Port %s", lc.Max(), lc.Name(), lc.Port())
	}
	for _, o := range []LayerOptions{{TargetStd: -1}, {TargetStd: math.NaN()}, {Samples: -5}, {Port: "X"}} {
		if _, err := NewLayerConstraint(l, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// spearman returns the rank correlation of x and y (ties get mean ranks).
func spearman(x, y []float64) float64 {
	return stat.Correlation(ranks(x), ranks(y), nil)
}

func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

// BenchmarkLayerConstraintValue measures one constraint evaluation (decode
// the products the population model reads, predict) on the demo model's
// ReLU layer conv2 with the exact product's planes.
func BenchmarkLayerConstraintValue(b *testing.B) {
	l := &selection.DemoModel()[1]
	lc, err := NewLayerConstraint(l, LayerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	d := lc.Domain()
	raw := make([]uint64, 1<<16)
	for i := range raw {
		raw[i] = uint64(i&255) * uint64(i>>8)
	}
	outs := outsOnDomain(d, raw)
	for b.Loop() {
		lc.Value(outs)
	}
	b.ReportMetric(float64(d.Pairs), "pairs")
}

// TestDecodeProducts checks the transposing decoder against the bit by
// bit one on random planes, for several plane counts and pair counts that
// end inside a word and inside a byte, signed and unsigned.
func TestDecodeProducts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, planes := range []int{1, 7, 8, 9, 16, 17} {
		for _, n := range []int{1, 5, 64, 67, 200, 16641} {
			words := (n + 63) / 64
			outs := make([][]uint64, planes)
			for k := range outs {
				outs[k] = make([]uint64, words)
				for j := range outs[k] {
					outs[k][j] = r.Uint64()
				}
			}
			need := make([]int32, n)
			for p := range need {
				need[p] = int32(p)
			}
			for _, signed := range []bool{false, true} {
				got, want := make([]int32, n), make([]int32, n)
				decodeProducts(got, outs, need, signed)
				decodeBits(want, outs)
				for p := range want {
					v := int64(want[p])
					if signed && v>>(planes-1)&1 != 0 {
						v -= 1 << planes
					}
					if int64(got[p]) != v {
						t.Fatalf("%d planes, %d pairs, signed %v: pair %d decoded %d, want %d", planes, n, signed, p, got[p], v)
					}
				}
			}
		}
	}
}
