package gen

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestFastPathMatchesDirect checks the fast metrics paths of Characterise
// (blocks of raw outputs, chunk kernels, 8-lane relative sums, and under
// the avx512 kernel the bit-planes decoded and the pairs derived from the
// index in assembly; and the bit-plane path, PathPlanes, which must give
// the decoding path's figures bit for bit) against the straightforward
// definition: the truth table decoded pair by pair and fed to
// Accumulator.Add. It runs on every
// shared EvoApprox circuit with n+m <= 24 (803; every 16th with -short)
// under the default kernel, which the log names, with each circuit's
// library's MRE convention. Every integer figure and
// every metric computed from the exact integer sums must be identical;
// MRE, a float sum in another order, within 1e-12 relative (a few
// roundings of sums of at most 2^12 terms of similar size per block).
func TestFastPathMatchesDirect(t *testing.T) {
	kernel, err := sim.CurrentKernel()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kernel: %s (available: %v)", kernel, sim.Kernels())
	var (
		mu      sync.Mutex
		checked int
	)
	n := 0
	for _, sub := range []string{"evoapprox/v2022", "evoapprox/8b"} {
		cat, err := evoapprox.Open(sharedDir(t, sub))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for _, en := range cat.Entries() {
			if en.Shape.ABits+en.Shape.BBits > 24 || en.Path == "" {
				continue
			}
			n++
			if testing.Short() && n%16 != 0 {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				c, err := Load(en.Path, LoadOptions{})
				if err != nil {
					t.Error(err)
					return
				}
				for _, z := range []errmap.ZeroExact{DefaultZeroExact(c.Name)} {
					res, err := Characterise(context.Background(), c, CharOptions{Workers: 1, ZeroExact: z, KeepProducts: true})
					if err != nil {
						t.Error(err)
						return
					}
					ref, _ := errmap.NewAccumulator(c.ABits, c.BBits)
					mask := uint64(1)<<c.ABits - 1
					for idx, out := range res.Products {
						a := Decode(uint64(idx)&mask, c.ABits, c.Signed)
						b := Decode(uint64(idx)>>c.ABits, c.BBits, c.Signed)
						ref.Add(a*b, Decode(out, c.OBits, c.Signed))
					}
					// The bit-plane path, the decoding path and the mix
					// of both that PathAuto may take without products
					// give the same bits (MRE included).
					for _, path := range []MetricsPath{PathPlanes, PathDecode, PathAuto} {
						r, err := Characterise(context.Background(), c, CharOptions{Workers: 1, ZeroExact: z, Path: path})
						if err != nil {
							t.Error(err)
							return
						}
						if r.Metrics != res.Metrics {
							t.Errorf("%s %v path %d: %+v\nwith products %+v", c.Name, z, path, r.Metrics, res.Metrics)
						}
					}
					got, want := res.Metrics, ref.Result(errmap.Options{ZeroExact: z})
					gotMRE, wantMRE := got.MRE, want.MRE
					got.MRE, want.MRE = 0, 0
					if got != want {
						t.Errorf("%s %v: fast path %+v\nstraightforward %+v", c.Name, z, got, want)
					}
					if !scalar.EqualWithinAbsOrRel(gotMRE, wantMRE, 1e-300, 1e-12) {
						t.Errorf("%s %v: MRE fast %.17g, straightforward %.17g", c.Name, z, gotMRE, wantMRE)
					}
				}
				mu.Lock()
				checked++
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	t.Logf("%d of %d circuits checked", checked, n)
	if !testing.Short() && checked != 803 {
		t.Errorf("checked %d circuits, want the 803 with n+m <= 24", checked)
	}
}

// TestPlanesPath16x16 checks the bit-plane metrics on every shared 16x16
// EvoApprox circuit (every 4th with -short), where a whole exhaustive run
// (2^32 pairs) is too long for a test: slices of the exhaustive sweep,
// chosen at random and at the starts of rows of B and of the signed jump
// of A, are simulated with Program.Eval under every kernel this CPU
// offers, and AddPlanes on the output planes must leave the accumulator
// as AddOutputs on the decoded outputs (every figure bit for bit) and
// agree with Add pair by pair on every integer figure, in the parts
// Characterise uses.
func TestPlanesPath16x16(t *testing.T) {
	var files []string
	for _, sub := range []string{"16x16_unsigned", "16x16_signed"} {
		fs, err := filepath.Glob(filepath.Join(sharedDir(t, "evoapprox/v2022/"+sub), "mul16*.v"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if !strings.HasSuffix(f, "_pdk45.v") {
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no 16x16 circuits")
	}
	t.Logf("kernels: %v", sim.Kernels())
	rng := rand.New(rand.NewPCG(5, 6))
	checked := 0
	for i, f := range files {
		if testing.Short() && i%4 != 0 {
			continue
		}
		c, err := Load(f, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.ABits != 16 || c.BBits != 16 {
			t.Fatalf("%s: %dx%d", f, c.ABits, c.BBits)
		}
		// Slices of relChunk pairs: random ones, the first ones of a few
		// rows of B (exact products restart) and around A = 2^15.
		var starts []uint64
		for range 24 {
			starts = append(starts, rng.Uint64N(1<<32/relChunk)*relChunk)
		}
		for _, b := range []uint64{0, 1, 0x7FFF, 0x8000, 0xFFFF} {
			starts = append(starts, b<<16, b<<16|0x8000-relChunk, b<<16|0x8000)
		}
		p := c.Multiplier().Program()
		aPort, _ := p.InputPort("A")
		bPort, _ := p.InputPort("B")
		oPort, _ := p.OutputPort("O")
		const words = relChunk / 64
		inputs := make([][]uint64, aPort.Width+bPort.Width)
		for k, name := range sim.Kernels() {
			restore, err := sim.SetKernel(name)
			if err != nil {
				t.Fatal(err)
			}
			planesAcc, _ := errmap.NewAccumulator(16, 16)
			decAcc, _ := errmap.NewAccumulator(16, 16)
			ref, _ := errmap.NewAccumulator(16, 16)
			for _, start := range starts {
				// Input bit t of the combined index (A bits low).
				for t := range 32 {
					in := make([]uint64, words)
					for j := range in {
						idx := start + uint64(64*j)
						for v := range 64 {
							in[j] |= ((idx + uint64(v)) >> t & 1) << v
						}
					}
					slot := aPort.Offset + t
					if t >= 16 {
						slot = bPort.Offset + t - 16
					}
					inputs[slot] = in
				}
				outs, err := p.Eval(inputs)
				if err != nil {
					t.Fatal(err)
				}
				planes := outs[oPort.Offset : oPort.Offset+oPort.Width]
				planesAcc.AddPlanes(start, planes, relChunk, c.Signed)
				planesAcc.AddRelSum(planesAcc.TakeRelSum())
				dec := make([]uint64, relChunk)
				var rows [64]uint64
				for j := range words {
					for b, pl := range planes {
						rows[b] = pl[j]
					}
					sim.Untangle(&rows, len(planes), dec[64*j:64*j+64])
				}
				decAcc.AddOutputs(start, dec, c.Signed, len(planes))
				decAcc.AddRelSum(decAcc.TakeRelSum())
				if k == 0 {
					for v, out := range dec {
						idx := start + uint64(v)
						a := Decode(idx&0xFFFF, 16, c.Signed)
						b := Decode(idx>>16, 16, c.Signed)
						ref.Add(a*b, Decode(out, c.OBits, c.Signed))
					}
				}
			}
			restore()
			if !planesAcc.PlanesFast(c.OBits) {
				t.Fatalf("%s: not on the bit-plane path", c.Name)
			}
			z := DefaultZeroExact(c.Name)
			got, want := planesAcc.Result(errmap.Options{ZeroExact: z}), decAcc.Result(errmap.Options{ZeroExact: z})
			if got != want {
				t.Errorf("%s kernel %s: planes %+v\ndecoded %+v", c.Name, name, got, want)
			}
			if k == 0 {
				r := ref.Result(errmap.Options{ZeroExact: z})
				gotMRE, refMRE := got.MRE, r.MRE
				got.MRE, r.MRE = 0, 0
				if got != r {
					t.Errorf("%s: planes %+v\npair by pair %+v", c.Name, got, r)
				}
				// Another summation order: within a few roundings.
				if !scalar.EqualWithinAbsOrRel(gotMRE, refMRE, 1e-300, 1e-12) {
					t.Errorf("%s: MRE planes %.17g, pair by pair %.17g", c.Name, gotMRE, refMRE)
				}
			}
		}
		checked++
	}
	t.Logf("%d of %d 16x16 circuits checked, %d slices of %d pairs each", checked, len(files), 24+15, relChunk)
}

// TestPlanesPathRandomCircuits compares the bit-plane metrics path with the
// decoding path and with Add pair by pair on small random circuits under
// every simulation kernel this CPU offers: random gate DAGs (errors of
// every size) and array multipliers with a few gates changed to another
// 2-input kind (small, sparse errors), signed and unsigned, 7 to 10 bits
// of A (the bit-plane path needs at least 7).
func TestPlanesPathRandomCircuits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	t.Logf("kernels: %v", sim.Kernels())
	two := []circuits.Kind{circuits.And, circuits.Or, circuits.Xor, circuits.Nand, circuits.Nor, circuits.Xnor}
	fast := 0
	for trial := range 20 {
		na, nb := 7+rng.IntN(4), 1+rng.IntN(8)
		var nl *circuits.Netlist
		var roles circuits.RoleOptions
		if trial%2 == 0 {
			// X and Y get half of the inputs each.
			nl = simtest.RandomDAG(rng, 2*na, 200+rng.IntN(600), 4*na)
			roles = circuits.RoleOptions{A: "X", B: "Y", O: "Z1"}
		} else {
			nl = simtest.ArrayMultiplier(na, nb)
			for range 1 + rng.IntN(3) {
				g := &nl.Gates[rng.IntN(len(nl.Gates))]
				if g.Kind.Arity() == 2 {
					g.Kind = two[rng.IntN(len(two))]
				}
			}
		}
		for _, sign := range []Signedness{Unsigned, Signed} {
			c, err := FromNetlistOptions("rand", "rand.v", nl, LoadOptions{Sign: sign, Roles: roles})
			if err != nil {
				t.Fatal(err)
			}
			if errmapPlanesFast(c) {
				fast++
			} else {
				t.Logf("trial %d: %dx%d -> %d bits decodes (not on the bit-plane path)", trial, c.ABits, c.BBits, c.OBits)
			}
			for _, k := range sim.Kernels() {
				restore, err := sim.SetKernel(k)
				if err != nil {
					t.Fatal(err)
				}
				withProducts, err := Characterise(context.Background(), c, CharOptions{Workers: 2, KeepProducts: true})
				if err != nil {
					t.Fatal(err)
				}
				planes, err := Characterise(context.Background(), c, CharOptions{Workers: 3, Path: PathPlanes})
				if err != nil {
					t.Fatal(err)
				}
				// PathAuto as under avx512: bit-planes and blocks decoded
				// by the kernel (sim.Block.DecodeOutputs) mixed.
				auto, err := Characterise(context.Background(), c, CharOptions{Workers: 2, Path: PathAuto, probe: true})
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if auto.Metrics != withProducts.Metrics {
					t.Fatalf("trial %d %v kernel %s: auto %+v\ndecoded %+v", trial, sign, k, auto.Metrics, withProducts.Metrics)
				}
				if planes.Metrics != withProducts.Metrics {
					t.Fatalf("trial %d %v kernel %s: planes %+v\ndecoded %+v", trial, sign, k, planes.Metrics, withProducts.Metrics)
				}
				ref, _ := errmap.NewAccumulator(c.ABits, c.BBits)
				for idx, out := range withProducts.Products {
					a := Decode(uint64(idx)&(1<<c.ABits-1), c.ABits, c.Signed)
					b := Decode(uint64(idx)>>c.ABits, c.BBits, c.Signed)
					ref.Add(a*b, Decode(out, c.OBits, c.Signed))
				}
				got, want := planes.Metrics, ref.Result(errmap.Options{})
				gotMRE, wantMRE := got.MRE, want.MRE
				got.MRE, want.MRE = 0, 0
				if got != want {
					t.Fatalf("trial %d %v kernel %s: planes %+v\npair by pair %+v", trial, sign, k, got, want)
				}
				if !scalar.EqualWithinAbsOrRel(gotMRE, wantMRE, 1e-300, 1e-12) {
					t.Fatalf("trial %d %v kernel %s: MRE %.17g, pair by pair %.17g", trial, sign, k, gotMRE, wantMRE)
				}
			}
		}
	}
	if fast < 30 {
		t.Errorf("only %d of 40 circuits on the bit-plane path", fast)
	}
}

// errmapPlanesFast reports whether c's metrics take the bit-plane path.
func errmapPlanesFast(c *Circuit) bool {
	acc, err := errmap.NewAccumulator(c.ABits, c.BBits)
	return err == nil && acc.PlanesFast(c.OBits)
}
