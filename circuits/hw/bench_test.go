package hw

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
)

// arrayMultiplier builds an unsigned n x n array multiplier from AND, XOR
// and OR gates (ripple-carry rows of half and full adders), ports A, B, O.
func arrayMultiplier(n int) *circuits.Netlist {
	g := &gateNet{&circuits.Netlist{Name: fmt.Sprintf("array%dx%d", n, n)}}
	a := g.AddPort("A", circuits.Input, n).Bits
	b := g.AddPort("B", circuits.Input, n).Bits
	out := make([]circuits.Net, 2*n)
	ha := func(x, y circuits.Net) (s, c circuits.Net) {
		return g.g(circuits.Xor, x, y), g.g(circuits.And, x, y)
	}
	fa := func(x, y, z circuits.Net) (s, c circuits.Net) {
		t := g.g(circuits.Xor, x, y)
		return g.g(circuits.Xor, t, z), g.g(circuits.Or, g.g(circuits.And, x, y), g.g(circuits.And, t, z))
	}
	acc := make([]circuits.Net, n+1) // acc[n] is the carry of the row
	for j := range n {
		acc[j] = g.g(circuits.And, a[j], b[0])
	}
	acc[n] = circuits.NoNet
	out[0] = acc[0]
	for i := 1; i < n; i++ {
		next := make([]circuits.Net, n+1)
		var c circuits.Net = circuits.NoNet
		for j := range n {
			pp := g.g(circuits.And, a[j], b[i])
			up := acc[j+1]
			switch {
			case up == circuits.NoNet && c == circuits.NoNet:
				next[j] = pp
			case up == circuits.NoNet:
				next[j], c = ha(pp, c)
			case c == circuits.NoNet:
				next[j], c = ha(pp, up)
			default:
				next[j], c = fa(pp, up, c)
			}
		}
		next[n] = c
		acc = next
		out[i] = acc[0]
	}
	copy(out[n:], acc[1:])
	g.Ports = append(g.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: out})
	return g.Netlist
}

func TestArrayMultiplierMapped(t *testing.T) {
	// The benchmark circuit is an exact multiplier before and after
	// mapping (all 2^16 operand pairs), and maps onto adder cells.
	src := arrayMultiplier(8)
	m, err := Map(src, tinyLib(t))
	if err != nil {
		t.Fatal(err)
	}
	mn, err := m.Netlist()
	if err != nil {
		t.Fatal(err)
	}
	for _, nl := range []*circuits.Netlist{src, mn} {
		for w := range 1 << 16 / 64 {
			in := make([]uint64, 16)
			for v := range 64 {
				x := w*64 + v
				for k := range 16 {
					in[k] |= uint64(x>>k&1) << v
				}
			}
			vals := evalNetlist(t, nl, in)
			o, _ := nl.Port("O")
			for v := range 64 {
				x := w*64 + v
				got := 0
				for k, bit := range o.Bits {
					got |= int(vals[bit]>>v&1) << k
				}
				if want := (x & 255) * (x >> 8); got != want {
					t.Fatalf("%s: %d*%d = %d, want %d", nl.Name, x&255, x>>8, got, want)
				}
			}
		}
	}
	c := m.CellCounts()
	if c["FAX1"] == 0 || c["HAX1"] == 0 || c["AND2X1"] != 64 {
		t.Errorf("cells %v: want 64 AND2X1 and adder cells", c)
	}
}

// BenchmarkToggleCount measures each toggle kernel alone on one run of
// 1024 words, and ToggleCount (the current kernel behind the exported
// entry point).
func BenchmarkToggleCount(b *testing.B) {
	words := make([]uint64, 1024)
	for i := range words {
		words[i] = uint64(i) * 0x9e3779b97f4a7c15
	}
	for _, k := range toggleKernels {
		b.Run("kernel="+k.name, func(b *testing.B) {
			b.SetBytes(8 * int64(len(words)))
			counts, prev, slots := []uint64{0}, []uint64{0}, []int{0}
			for b.Loop() {
				k.slots(counts, prev, words, len(words), slots)
			}
		})
	}
	b.Run("ToggleCount", func(b *testing.B) {
		b.SetBytes(8 * int64(len(words)))
		n := 0
		for b.Loop() {
			n += ToggleCount(words, 0)
		}
		_ = n
	})
}

// BenchmarkActivity compares, under each simulator kernel (and the toggle
// kernel of the same name), on one activityChunkWords block of uniform
// random operands of an 8x8 array multiplier mapped to tiny.lib:
//   - sim: evaluating the plain compiled netlist (outputs only) with a
//     reused sim.Evaluator, no allocation;
//   - sim-eval: the same with Program.Eval (allocates its outputs and
//     state on every call);
//   - sim-tracked: evaluating the program that exposes every net of the
//     mapped circuit, without counting;
//   - activity: what Activity does per block: evaluating the program that
//     exposes every net of the mapped circuit with a reused Evaluator and
//     counting all nets' toggles in one toggle-kernel call;
//   - activity-pernet: the same, counting each net with its own call of
//     the plain-Go toggleCountGeneric (the loop Activity had before the
//     slot kernel);
//   - stream: Activity end to end on 65536 vectors, including compilation
//     and the stimulus.
//
// vectors/s is reported for each; activity/sim is the cost of toggle
// counting relative to plain simulation.
func BenchmarkActivity(b *testing.B) {
	src := arrayMultiplier(8)
	m, err := Map(src, tinyLib(b))
	if err != nil {
		b.Fatal(err)
	}
	plain, err := sim.Compile(src)
	if err != nil {
		b.Fatal(err)
	}
	aug, _, err := m.activityProgram()
	if err != nil {
		b.Fatal(err)
	}
	const w = activityChunkWords
	inputs := make([][]uint64, plain.NumInputs)
	stim := UniformStimulus(1)
	vals := make([]uint64, 2)
	widths, offs := []int{8, 8}, []int{0, 8}
	for i := range inputs {
		inputs[i] = make([]uint64, w)
	}
	fillInputs(stim, inputs, vals, widths, offs, w)
	port, _ := aug.OutputPort(trackedNetsPort)
	slots := make([]int, port.Width)
	for k := range slots {
		slots[k] = int(aug.Outputs[port.Offset+k])
	}
	// The tracked-nets port follows the original ports, so input bit i
	// is the same in both programs.
	run := func(b *testing.B, p *sim.Program, after func(ev *sim.Evaluator)) {
		ev, err := p.NewEvaluator(w)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			for i, in := range inputs {
				copy(ev.Input(i), in)
			}
			if err := ev.Run(); err != nil {
				b.Fatal(err)
			}
			after(ev)
		}
		b.ReportMetric(float64(64*w*b.N)/b.Elapsed().Seconds(), "vectors/s")
	}
	for _, kernel := range sim.Kernels() {
		b.Run("kernel="+kernel, func(b *testing.B) {
			restore, err := sim.SetKernel(kernel)
			if err != nil {
				b.Fatal(err)
			}
			defer restore()
			b.Run("sim", func(b *testing.B) {
				run(b, plain, func(*sim.Evaluator) {})
			})
			b.Run("sim-eval", func(b *testing.B) {
				for b.Loop() {
					if _, err := plain.Eval(inputs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(64*w*b.N)/b.Elapsed().Seconds(), "vectors/s")
			})
			b.Run("sim-tracked", func(b *testing.B) {
				run(b, aug, func(*sim.Evaluator) {})
			})
			b.Run("activity", func(b *testing.B) {
				tk := currentToggleKernel()
				prev := make([]uint64, len(slots))
				toggles := make([]uint64, len(slots))
				run(b, aug, func(ev *sim.Evaluator) {
					tk.slots(toggles, prev, ev.State(), w, slots)
				})
			})
			b.Run("activity-pernet", func(b *testing.B) {
				prev := make([]uint64, len(slots))
				toggles := make([]uint64, len(slots))
				run(b, aug, func(ev *sim.Evaluator) {
					state := ev.State()
					for k, s := range slots {
						ws := state[s*w : s*w+w]
						toggles[k] += uint64(toggleCountGeneric(ws, prev[k]))
						prev[k] = ws[w-1]
					}
				})
			})
			b.Run("stream", func(b *testing.B) {
				for b.Loop() {
					if _, err := m.Activity(UniformStimulus(1), 1<<16); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((1<<16)*b.N)/b.Elapsed().Seconds(), "vectors/s")
			})
		})
	}
}

// BenchmarkToggleSlots measures each toggle kernel on a simulator state
// shaped like the activity loop's: 192 slots of activityChunkWords words
// (the tracked nets of the mapped 8x8 array multiplier), visited in a
// shuffled order. words/s counts the words examined.
func BenchmarkToggleSlots(b *testing.B) {
	const nslots, w = 192, activityChunkWords
	r := rand.New(rand.NewPCG(5, 6))
	state := make([]uint64, nslots*w)
	for i := range state {
		state[i] = r.Uint64()
	}
	slots := r.Perm(nslots)
	for _, k := range toggleKernels {
		b.Run("kernel="+k.name, func(b *testing.B) {
			counts, prev := make([]uint64, nslots), make([]uint64, nslots)
			for b.Loop() {
				k.slots(counts, prev, state, w, slots)
			}
			b.ReportMetric(float64(nslots*w*b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
