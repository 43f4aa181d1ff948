package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/sim/simtest"
)

// TestEvaluatorMatchesEval runs random netlists and multipliers through
// one Evaluator per program, again and again with changing word counts
// (tails, 1 word, the maximum), and compares every output word with Eval
// and with the naive netlist reference refEval.
func TestEvaluatorMatchesEval(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 11))
		tests := []struct {
			name                   string
			inputs, gates, outputs int
		}{
			{"dag2x1", 2, 1, 2},
			{"dag8x60", 8, 60, 8},
			{"dag32x3000", 32, 3000, 40},
		}
		type prog struct {
			name string
			p    *Program
			ref  func([][]uint64) [][]uint64
		}
		var progs []prog
		for _, tc := range tests {
			n := simtest.RandomDAG(rng, tc.inputs, tc.gates, tc.outputs)
			p, err := Compile(n)
			if err != nil {
				t.Fatal(err)
			}
			progs = append(progs, prog{tc.name, p, func(in [][]uint64) [][]uint64 { return refEval(t, n, in) }})
		}
		am := simtest.ArrayMultiplier(8, 8)
		pa, err := Compile(am)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, prog{"array8x8", pa, func(in [][]uint64) [][]uint64 { return refEval(t, am, in) }})
		for _, pr := range progs {
			const maxWords = 37
			ev, err := pr.p.NewEvaluator(maxWords)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Words() != maxWords || ev.MaxWords() != maxWords || ev.Program() != pr.p {
				t.Fatalf("%s: new evaluator: words %d, max %d", pr.name, ev.Words(), ev.MaxWords())
			}
			for _, w := range []int{1, 37, 5, 16, 1, 36, 37} {
				name := fmt.Sprintf("%s/w=%d", pr.name, w)
				if err := ev.SetWords(w); err != nil {
					t.Fatal(err)
				}
				in := randomInputs(rng, pr.p.NumInputs, w)
				for i := range in {
					if len(ev.Input(i)) != w {
						t.Fatalf("%s: Input(%d) has %d words", name, i, len(ev.Input(i)))
					}
					copy(ev.Input(i), in[i])
				}
				if err := ev.Run(); err != nil {
					t.Fatal(err)
				}
				got := make([][]uint64, len(pr.p.Outputs))
				for i := range got {
					got[i] = append([]uint64(nil), ev.Output(i)...)
					if s := ev.Slot(int(pr.p.Outputs[i])); &s[0] != &ev.Output(i)[0] {
						t.Fatalf("%s: Slot(Outputs[%d]) is not Output(%d)", name, i, i)
					}
					s := int(pr.p.Outputs[i])
					if st := ev.State(); len(st) != pr.p.NumSlots*w || &st[s*w] != &ev.Output(i)[0] {
						t.Fatalf("%s: State() has %d words, slot %d not at word %d", name, len(st), s, s*w)
					}
				}
				want, err := pr.p.Eval(in)
				if err != nil {
					t.Fatal(err)
				}
				equalWords(t, name+" vs Eval", got, want)
				equalWords(t, name+" vs reference", got, pr.ref(in))
			}
		}
	})
}

// TestEvaluatorAllocs checks that a run allocates nothing.
func TestEvaluatorAllocs(t *testing.T) {
	p, err := Compile(simtest.ArrayMultiplier(8, 8))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := p.NewEvaluator(16)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if err := ev.SetWords(9); err != nil {
			t.Fatal(err)
		}
		for i := range p.NumInputs {
			in := ev.Input(i)
			for j := range in {
				in[j] = uint64(i*j) * 0x9e3779b97f4a7c15
			}
		}
		if err := ev.Run(); err != nil {
			t.Fatal(err)
		}
		_ = ev.Output(0)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

// TestEvaluatorErrors covers the checked misuse: bad word counts return
// errors, bad indices panic with a message naming the method.
func TestEvaluatorErrors(t *testing.T) {
	p, err := Compile(simtest.ArrayMultiplier(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, -1} {
		if _, err := p.NewEvaluator(n); err == nil {
			t.Errorf("NewEvaluator(%d): no error", n)
		}
	}
	ev, err := p.NewEvaluator(4)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{0, 5, -3} {
		if err := ev.SetWords(w); err == nil {
			t.Errorf("SetWords(%d): no error", w)
		}
	}
	if ev.Words() != 4 {
		t.Errorf("failed SetWords changed Words to %d", ev.Words())
	}
	panics := []struct {
		what string
		f    func()
	}{
		{"Evaluator.Input(-1)", func() { ev.Input(-1) }},
		{"Evaluator.Input(4)", func() { ev.Input(p.NumInputs) }},
		{"Evaluator.Output(4)", func() { ev.Output(len(p.Outputs)) }},
		{"Evaluator.Slot(-1)", func() { ev.Slot(-1) }},
	}
	for _, tc := range panics {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.Contains(s, tc.what) {
					t.Errorf("%s: recovered %v, want a panic naming it", tc.what, r)
				}
			}()
			tc.f()
		}()
	}
}
