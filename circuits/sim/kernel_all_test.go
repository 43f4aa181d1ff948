package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/axmul/axmul/circuits/sim/simtest"
	"github.com/axmul/axmul/internal/cputime"
)

// This file runs every available kernel (generic and the platform ones)
// against an independent reference, Op.Eval applied word by word, on random
// programs: all opcodes, destinations equal to sources, odd block sizes,
// state buffers at every 8-byte alignment modulo 32, and guard words on both
// sides that must stay untouched.

// ktReference runs code on state word by word with Op.Eval, skipping
// opcodes >= NumOps as the kernels do.
func ktReference(code []Instr, state []uint64, w int) {
	for _, in := range code {
		if in.Op >= NumOps {
			continue
		}
		for j := range w {
			state[int(in.Dst)*w+j] = in.Op.Eval(state[int(in.A)*w+j], state[int(in.B)*w+j], state[int(in.C)*w+j])
		}
	}
}

// ktRandomCode returns n random instructions over nslots slots with the
// fields an op does not read left 0, as Compile produces them. About one
// instruction in four writes one of its own sources.
func ktRandomCode(rng *rand.Rand, n, nslots int) []Instr {
	code := make([]Instr, n)
	slot := func() uint32 { return uint32(rng.IntN(nslots)) }
	for i := range code {
		in := Instr{Op: Op(rng.IntN(int(NumOps))), Dst: slot()}
		switch in.Op {
		case OpConst0, OpConst1:
		case OpNot:
			in.A = slot()
		case OpMux:
			in.A, in.B, in.C = slot(), slot(), slot()
		default:
			in.A, in.B = slot(), slot()
			if in.Op >= OpFused {
				in.C = slot()
			}
		}
		if rng.IntN(4) == 0 {
			switch {
			case in.Op == OpConst0, in.Op == OpConst1:
			case in.Op == OpNot:
				in.Dst = in.A
			case in.Op == OpMux, in.Op >= OpFused:
				in.Dst = [3]uint32{in.A, in.B, in.C}[rng.IntN(3)]
			default:
				in.Dst = [2]uint32{in.A, in.B}[rng.IntN(2)]
			}
		}
		code[i] = in
	}
	return code
}

const ktGuardWord = 0xA5C3_0F96_5AC3_F069

// ktGuarded returns a buffer of n words preceded by lead guard words and
// followed by 8 guard words, the state slice inside it (len and cap n), and
// a check function that fails the test if a guard word changed.
func ktGuarded(lead, n int) (state []uint64, check func(t *testing.T, what string)) {
	const tail = 8
	buf := make([]uint64, lead+n+tail)
	for i := range buf {
		buf[i] = ktGuardWord
	}
	state = buf[lead : lead+n : lead+n]
	return state, func(t *testing.T, what string) {
		t.Helper()
		for i := range lead {
			if buf[i] != ktGuardWord {
				t.Fatalf("%s: guard word %d before the state overwritten: %#x", what, lead-i, buf[i])
			}
		}
		for i := lead + n; i < len(buf); i++ {
			if buf[i] != ktGuardWord {
				t.Fatalf("%s: guard word %d after the state overwritten: %#x", what, i-lead-n, buf[i])
			}
		}
	}
}

// ktBlockWords covers single words, every residue modulo 4 and 16 around
// the unrolled loops, and the default block.
var ktBlockWords = []int{1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 19, 20, 31, 32, 33, 36, 47, 48, 63, DefaultBlockWords, 65, 79, 100, 129}

func TestAllKernelsRandomPrograms(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, kn := range Kernels() {
		k, err := lookupKernel(kn)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("kernel="+kn, func(t *testing.T) {
			for trial, w := range ktBlockWords {
				nslots := 1 + rng.IntN(48)
				n := 200 + rng.IntN(3000)
				if trial%5 == 0 {
					n = 9000 + rng.IntN(1000) // longer than one assembly call
				}
				code := ktRandomCode(rng, n, nslots)
				lead := 1 + trial%4 // state at every word alignment modulo 32 bytes
				init := make([]uint64, nslots*w)
				for i := range init {
					init[i] = rng.Uint64()
				}
				want := append([]uint64(nil), init...)
				ktReference(code, want, w)

				state, check := ktGuarded(lead, nslots*w)
				copy(state, init)
				p := &Program{Name: "random", Code: code, NumSlots: nslots}
				k.Run(p, state, w)
				what := fmt.Sprintf("w=%d slots=%d ops=%d", w, nslots, len(code))
				check(t, what)
				for i := range want {
					if state[i] != want[i] {
						t.Fatalf("%s: slot %d word %d = %#x, want %#x", what, i/w, i%w, state[i], want[i])
					}
				}
			}
		})
	}
}

// TestAllKernelsStateLargerThanSlots checks that a kernel touches only the
// NumSlots*w words the program uses when state is longer (as Eval's tail
// blocks pass it), here with a length that is not a multiple of w.
func TestAllKernelsStateLargerThanSlots(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const nslots, w = 9, 21
	code := ktRandomCode(rng, 500, nslots)
	for _, kn := range Kernels() {
		k, _ := lookupKernel(kn)
		extra := make([]uint64, nslots*w+13)
		for i := range extra {
			extra[i] = rng.Uint64()
		}
		want := append([]uint64(nil), extra...)
		ktReference(code, want, w)
		k.Run(&Program{Name: "larger", Code: code, NumSlots: nslots}, extra, w)
		for i := range want {
			if extra[i] != want[i] {
				t.Fatalf("kernel %s: word %d = %#x, want %#x", kn, i, extra[i], want[i])
			}
		}
	}
}

// TestAllKernelsCompiledNetlists runs compiled random gate DAGs of
// thousands of gates block by block, with the program's own slot reuse,
// under every kernel and compares all slots with the reference.
func TestAllKernelsCompiledNetlists(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 42))
	for trial := range 6 {
		nl := simtest.RandomDAG(rng, 8+rng.IntN(40), 1000+rng.IntN(3000), 4+rng.IntN(40))
		p, err := Compile(nl)
		if err != nil {
			t.Fatal(err)
		}
		w := []int{DefaultBlockWords, 1, 37, 16, 6, 91}[trial]
		init := make([]uint64, p.NumSlots*w)
		for i := range p.NumInputs * w {
			init[i] = rng.Uint64()
		}
		want := append([]uint64(nil), init...)
		ktReference(p.Code, want, w)
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			state, check := ktGuarded(3, len(init))
			copy(state, init)
			k.Run(p, state, w)
			what := fmt.Sprintf("kernel %s, %s, w=%d", kn, p, w)
			check(t, what)
			for i := range want {
				if state[i] != want[i] {
					t.Fatalf("%s: slot %d word %d = %#x, want %#x", what, i/w, i%w, state[i], want[i])
				}
			}
		}
	}
}

// TestAllKernelsExactMultiplier evaluates the exact 8x8 array and
// Baugh-Wooley multipliers on all 65536 operand pairs directly through each
// kernel's Run, at several block sizes, and compares every output with the
// integer product.
func TestAllKernelsExactMultiplier(t *testing.T) {
	nets := []struct {
		name   string
		signed bool
		prog   func() (*Program, error)
	}{
		{"array8x8", false, func() (*Program, error) { return Compile(simtest.ArrayMultiplier(8, 8)) }},
		{"bw8x8", true, func() (*Program, error) { return Compile(simtest.BaughWooley(8, 8)) }},
	}
	for _, nc := range nets {
		p, err := nc.prog()
		if err != nil {
			t.Fatal(err)
		}
		a, _ := p.InputPort("A")
		b, _ := p.InputPort("B")
		o, _ := p.OutputPort("O")
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			for _, w := range []int{DefaultBlockWords, 5, 16, 1024} {
				t.Run(fmt.Sprintf("kernel=%s/net=%s/w=%d", kn, nc.name, w), func(t *testing.T) {
					state := make([]uint64, p.NumSlots*w)
					// Vector v of word j of block blk is the pair index
					// x = (blk*w+j)*64 + v: A = x & 255, B = x >> 8.
					const pairs = 1 << 16
					for start := 0; start < pairs; start += 64 * w {
						clear(state)
						for j := range w {
							for v := range 64 {
								x := start + 64*j + v
								if x >= pairs {
									break
								}
								for i := range 8 {
									state[(a.Offset+i)*w+j] |= uint64(x>>i&1) << v
									state[(b.Offset+i)*w+j] |= uint64(x>>(8+i)&1) << v
								}
							}
						}
						k.Run(p, state, w)
						for j := range w {
							for v := range 64 {
								x := start + 64*j + v
								if x >= pairs {
									break
								}
								var got uint64
								for i := range o.Width {
									got |= (state[int(p.Outputs[o.Offset+i])*w+j] >> v & 1) << i
								}
								av, bv := uint64(x&255), uint64(x>>8)
								want := av * bv
								if nc.signed {
									want = uint64(int64(int8(av))*int64(int8(bv))) & 0xFFFF
								}
								if got != want {
									t.Fatalf("A=%d B=%d: O=%#x, want %#x", av, bv, got, want)
								}
							}
						}
					}
				})
			}
		}
	}
}

// TestAllKernelsBadPrograms checks programs that break the Instr contract:
// kernels must behave like the generic kernel (same panic or same result)
// and never write outside state.
func TestAllKernelsBadPrograms(t *testing.T) {
	const nslots, w = 6, 19
	tests := []struct {
		name      string
		code      []Instr
		wantPanic bool
	}{
		{"dst out of range", []Instr{{Op: OpXor, Dst: 1, A: 2, B: 3}, {Op: OpAnd, Dst: nslots, A: 0, B: 1}}, true},
		{"source out of range", []Instr{{Op: OpNot, Dst: 1, A: 2}, {Op: OpOr, Dst: 0, A: 1, B: 1 << 31}}, true},
		{"mux select out of range", []Instr{{Op: OpMux, Dst: 0, A: 1 << 32 / 2, B: 1, C: 2}}, true},
		{"mux data out of range", []Instr{{Op: OpMux, Dst: 0, A: 1, B: 2, C: nslots}}, true},
		{"huge slot", []Instr{{Op: OpAnd, Dst: 0, A: 0xFFFF_FFFF, B: 0}}, true},
		{"unused source out of range", []Instr{{Op: OpAnd, Dst: 4, A: 0, B: 1, C: 99}, {Op: OpNot, Dst: 5, A: 4, B: 1000, C: 7}, {Op: OpConst1, Dst: 2, A: 1e6}}, false},
		{"unknown opcode", []Instr{{Op: NumOps, Dst: 0, A: 1, B: 2}, {Op: 0xFFFF_FFFF, Dst: 3}, {Op: OpXnor, Dst: 3, A: 4, B: 5}}, false},
		{"empty", nil, false},
	}
	run := func(k Kernel, p *Program, state []uint64) (panicked bool) {
		defer func() { panicked = recover() != nil }()
		k.Run(p, state, w)
		return false
	}
	long := ktRandomCode(rand.New(rand.NewPCG(9, 9)), 9000, nslots)
	tests = append(tests, struct {
		name      string
		code      []Instr
		wantPanic bool
	}{"out of range after 9000 valid", append(long[:9000:9000], Instr{Op: OpXor, Dst: 1, A: nslots + 1, B: 0}), true})
	for _, tc := range tests {
		init := make([]uint64, nslots*w)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range init {
			init[i] = rng.Uint64()
		}
		p := &Program{Name: tc.name, Code: tc.code, NumSlots: nslots}
		gen := append([]uint64(nil), init...)
		if got := run(Generic, p, gen); got != tc.wantPanic {
			t.Fatalf("%s: generic panicked = %v, want %v", tc.name, got, tc.wantPanic)
		}
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			state, check := ktGuarded(2, len(init))
			copy(state, init)
			if got := run(k, p, state); got != tc.wantPanic {
				t.Errorf("%s: kernel %s panicked = %v, want %v", tc.name, kn, got, tc.wantPanic)
			}
			check(t, tc.name+" kernel "+kn)
			for i := range gen {
				if state[i] != gen[i] {
					t.Fatalf("%s: kernel %s: word %d = %#x, generic left %#x", tc.name, kn, i, state[i], gen[i])
				}
			}
		}
	}
}

// FuzzAllKernels decodes a program from the fuzzer's bytes (5 bytes per
// instruction: op, dst, a, b, c modulo the slot count) and checks every
// kernel against the reference.
func FuzzAllKernels(f *testing.F) {
	f.Add(uint8(3), uint8(5), []byte{0, 1, 2, 0, 0, 9, 0, 0, 1, 2, 2, 2, 2, 2, 0})
	f.Add(uint8(1), uint8(70), []byte{8, 0, 0, 0, 0, 10, 0, 0, 0, 0, 11, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, slots, words uint8, prog []byte) {
		nslots, w := 1+int(slots%32), 1+int(words%130)
		code := make([]Instr, len(prog)/5)
		for i := range code {
			r := prog[5*i:]
			code[i] = Instr{Op: Op(r[0] % uint8(NumOps)), Dst: uint32(int(r[1]) % nslots),
				A: uint32(int(r[2]) % nslots), B: uint32(int(r[3]) % nslots), C: uint32(int(r[4]) % nslots)}
		}
		init := make([]uint64, nslots*w)
		rng := rand.New(rand.NewPCG(uint64(len(prog)), uint64(w)))
		for i := range init {
			init[i] = rng.Uint64()
		}
		want := append([]uint64(nil), init...)
		ktReference(code, want, w)
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			state, check := ktGuarded(1, len(init))
			copy(state, init)
			k.Run(&Program{Name: "fuzz", Code: code, NumSlots: nslots}, state, w)
			check(t, kn)
			for i := range want {
				if state[i] != want[i] {
					t.Fatalf("kernel %s: word %d = %#x, want %#x", kn, i, state[i], want[i])
				}
			}
		}
	})
}

// BenchmarkKernelBlockWords measures every kernel on exact array
// multipliers at several block sizes w, one core, reporting
// gate-evaluations per second of wall time (gate-evals/s) and, where the
// platform reports process CPU time, per second of CPU time
// (gate-evals/cpu-s): on a machine shared with other jobs the wall-clock
// figure also counts the time other processes held the core.
func BenchmarkKernelBlockWords(b *testing.B) {
	for _, size := range []int{8, 16} {
		p, err := Compile(simtest.ArrayMultiplier(size, size))
		if err != nil {
			b.Fatal(err)
		}
		for _, kn := range Kernels() {
			k, _ := lookupKernel(kn)
			for _, w := range []int{4, 16, 64, 128, 256, 1024} {
				b.Run(fmt.Sprintf("kernel=%s/net=array%dx%d/w=%d", kn, size, size, w), func(b *testing.B) {
					rng := rand.New(rand.NewPCG(1, 1))
					state := make([]uint64, p.NumSlots*w)
					for i := range state {
						state[i] = rng.Uint64()
					}
					cpu0, cpuOK := cputime.Process()
					for b.Loop() {
						k.Run(p, state, w)
					}
					cpu1, _ := cputime.Process()
					evals := float64(p.LogicGates) * float64(64*w) * float64(b.N)
					b.ReportMetric(evals/b.Elapsed().Seconds(), "gate-evals/s")
					if cpuOK && cpu1 > cpu0 {
						b.ReportMetric(evals/(cpu1-cpu0).Seconds(), "gate-evals/cpu-s")
					}
				})
			}
		}
	}
}
