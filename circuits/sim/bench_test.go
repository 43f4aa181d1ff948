package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/testshared"
)

type benchNet struct {
	name string
	n    *circuits.Netlist
}

// benchNets returns the benchmark netlists; with AXMUL_SHARED set it adds
// the EvoApprox v2022 8x8 netlist mul8u_12YX (312 logic gates).
func benchNets(b *testing.B) []benchNet {
	nets := []benchNet{
		{"array8x8", simtest.ArrayMultiplier(8, 8)},
		{"bw8x8", simtest.BaughWooley(8, 8)},
		{"array16x16", simtest.ArrayMultiplier(16, 16)},
		{"rand3000", simtest.RandomDAG(rand.New(rand.NewPCG(1, 2)), 32, 3000, 32)},
	}
	if root := testshared.Root(); root != "" {
		n, err := verilog.ParseFile(filepath.Join(root, "evoapprox", "v2022", "8x8_unsigned", "mul8u_12YX.v"), verilog.Options{})
		if err != nil {
			b.Fatal(err)
		}
		nets = append(nets, benchNet{"mul8u_12YX", n})
	}
	return nets
}

// runBlocks runs p on one core over b.N blocks of w words with random
// inputs and reports gate-evaluations/s: netlist logic gates (dead ones
// included, so rand3000 looks fast) times input vectors (64 per word) per
// second; op-evals/s counts compiled instructions instead.
func runBlocks(b *testing.B, k Kernel, p *Program, w int) {
	rng := rand.New(rand.NewPCG(1, 1))
	state := make([]uint64, p.NumSlots*w)
	inputs := make([]uint64, p.NumInputs*w)
	for i := range inputs {
		inputs[i] = rng.Uint64()
	}
	for b.Loop() {
		copy(state, inputs)
		k.Run(p, state, w)
	}
	vectors := float64(b.N) * float64(64*w)
	b.ReportMetric(float64(p.LogicGates)*vectors/b.Elapsed().Seconds(), "gate-evals/s")
	b.ReportMetric(float64(len(p.Code))*vectors/b.Elapsed().Seconds(), "op-evals/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/vectors, "ns/vector")
}

// BenchmarkSim measures the kernels on one core at DefaultBlockWords.
func BenchmarkSim(b *testing.B) {
	for _, kn := range Kernels() {
		k, _ := lookupKernel(kn)
		for _, bn := range benchNets(b) {
			p, err := Compile(bn.n)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("kernel=%s/net=%s", kn, bn.name), func(b *testing.B) {
				runBlocks(b, k, p, DefaultBlockWords)
			})
		}
	}
}

// BenchmarkBlockWords tunes W: the same programs at several block sizes,
// under every kernel.
func BenchmarkBlockWords(b *testing.B) {
	for _, kn := range Kernels() {
		k, _ := lookupKernel(kn)
		for _, bn := range benchNets(b)[:3] {
			p, err := Compile(bn.n)
			if err != nil {
				b.Fatal(err)
			}
			for _, w := range []int{8, 16, 32, 64, 128, 256, 512} {
				b.Run(fmt.Sprintf("kernel=%s/net=%s/slots=%d/w=%d", kn, bn.name, p.NumSlots, w), func(b *testing.B) {
					runBlocks(b, k, p, w)
				})
			}
		}
	}
}

// BenchmarkExhaustive measures a full exhaustive 8x8 evaluation including
// input generation, the transpose to integers and a trivial sink.
func BenchmarkExhaustive(b *testing.B) {
	for _, kn := range Kernels() {
		restore, err := SetKernel(kn)
		if err != nil {
			b.Fatal(err)
		}
		for _, size := range [][2]int{{8, 8}, {12, 12}} {
			mu, err := NewMultiplier(simtest.ArrayMultiplier(size[0], size[1]))
			if err != nil {
				b.Fatal(err)
			}
			pairs := float64(uint64(1) << (size[0] + size[1]))
			for _, workers := range []int{1, 2} {
				b.Run(fmt.Sprintf("kernel=%s/net=array%dx%d/workers=%d", kn, size[0], size[1], workers), func(b *testing.B) {
					sums := make([]uint64, workers)
					for b.Loop() {
						err := mu.Exhaustive(context.Background(), workers, func(w int) func(*Block) {
							return func(blk *Block) {
								for _, o := range blk.Out {
									sums[w] += o
								}
							}
						})
						if err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(pairs*float64(b.N)), "ns/pair")
				})
			}
		}
		restore()
	}
}

// BenchmarkProducts measures the truth-table convenience call for 8x8.
func BenchmarkProducts(b *testing.B) {
	mu, err := NewMultiplier(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := mu.Products(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(65536*float64(b.N)), "ns/pair")
}

// BenchmarkSpecialize measures specialization on a 12x12 EvoApprox
// netlist with the top 5 bits of B tied (index bits 19 and up, as in an
// exhaustive run), with the working arrays reused as a worker reuses them.
func BenchmarkSpecialize(b *testing.B) {
	root := testshared.Root()
	if root == "" {
		b.Skip("AXMUL_SHARED not set")
	}
	n, err := verilog.ParseFile(filepath.Join(root, "evoapprox", "v2022", "12x12_unsigned", "mul12u_332.v"), verilog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	mu, err := NewMultiplier(n)
	if err != nil {
		b.Fatal(err)
	}
	p := mu.Program()
	tie := make([]int8, p.NumInputs)
	var sp specializer
	var q Program
	instrs := 0
	for i := 0; b.Loop(); i++ {
		for j := range tie {
			tie[j] = -1
		}
		for t := 19; t < 24; t++ {
			tie[mu.inputSlot(t)] = int8(i >> (t - 19) & 1)
		}
		if err := sp.specialize(p, tie, &q); err != nil {
			b.Fatal(err)
		}
		instrs += len(q.Code)
	}
	b.ReportMetric(float64(instrs)/float64(b.N), "instrs")
	b.ReportMetric(float64(len(p.Code)), "instrs-full")
}
