//go:build amd64 && gc && !purego && !noasm

package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// TestAMD64KernelChoice checks the init-time choice: "avx2" is registered
// exactly when the CPU supports AVX2, and then it is the default.
func TestAMD64KernelChoice(t *testing.T) {
	names := Kernels()
	has := slices.Contains(names, "avx2")
	if want := cpuid.CPU.Supports(cpuid.AVX2); has != want {
		t.Fatalf("Kernels() = %v; AVX2 supported = %v", names, want)
	}
	has512 := slices.Contains(names, "avx512")
	if want := has && HasAVX512(); has512 != want {
		t.Fatalf("Kernels() = %v; AVX-512 F+BW+DQ+VL supported = %v", names, want)
	}
	want := "avx2"
	if has512 {
		want = "avx512"
	} else {
		t.Log("CPU without AVX-512 F+BW+DQ+VL: the avx512 kernel is not registered and not tested")
	}
	if has {
		if k, err := kernelFor(""); err != nil || k.Name() != want {
			t.Errorf("default kernel = %v, %v; want %s", k, err, want)
		}
	} else {
		t.Log("CPU without AVX2: the avx2 kernel is not registered and not tested")
	}
}

// TestInstrLayout pins the record layout compiled into kernels_amd64.s:
// if it fails, run go generate (circuits/sim/_asm reads the layout from
// the package) and commit the new assembly.
func TestInstrLayout(t *testing.T) {
	var in Instr
	got := [6]uintptr{unsafe.Sizeof(in), unsafe.Offsetof(in.Op), unsafe.Offsetof(in.Dst),
		unsafe.Offsetof(in.A), unsafe.Offsetof(in.B), unsafe.Offsetof(in.C)}
	if want := [6]uintptr{20, 0, 4, 8, 12, 16}; got != want {
		t.Fatalf("Instr size and offsets %v, kernels_amd64.s assumes %v", got, want)
	}
}

// TestRunAVX2Stops checks the assembly's own contract: it returns the index
// of the first instruction naming a slot >= nslots, after executing the
// ones before it.
func TestRunAVX2Stops(t *testing.T) {
	if !cpuid.CPU.Supports(cpuid.AVX2) {
		t.Skip("no AVX2")
	}
	const w = 5
	tests := []struct {
		name string
		code []Instr
		want int
	}{
		{"all valid", []Instr{{Op: OpConst1, Dst: 0}, {Op: OpNot, Dst: 1, A: 0}}, 2},
		{"dst", []Instr{{Op: OpConst1, Dst: 0}, {Op: OpConst0, Dst: 3}}, 1},
		{"a", []Instr{{Op: OpNot, Dst: 1, A: 3}}, 0},
		{"b", []Instr{{Op: OpConst1, Dst: 0}, {Op: OpNot, Dst: 1, A: 0}, {Op: OpAnd, Dst: 1, A: 0, B: 7}}, 2},
		{"c unused", []Instr{{Op: OpConst1, Dst: 0}, {Op: OpAnd, Dst: 2, C: 1 << 31}}, 1},
		{"empty", nil, 0},
	}
	runs := map[string]func([]Instr, []uint64, int, int) int{"runAVX2": runAVX2}
	if HasAVX512() {
		runs["runAVX512"] = runAVX512
	} else {
		t.Log("no AVX-512: runAVX512 not tested")
	}
	for name, run := range runs {
		for _, tc := range tests {
			state := make([]uint64, 3*w)
			if got := run(tc.code, state, w, 3); got != tc.want {
				t.Errorf("%s: %s = %d, want %d", tc.name, name, got, tc.want)
			}
			if tc.want > 0 && state[0] != ^uint64(0) {
				t.Errorf("%s: %s: first instruction not executed", tc.name, name)
			}
		}
	}
}

// TestUntangleWordsAVX512 compares untangleAVX512 and, when the CPU has
// GFNI, untangleGFNI (through untangleWith, as avx512Kernel.untangleWords
// calls the one chosen) with untangle word by word on random states for
// every plane count 1..32 (partial groups, repeated slots), several word
// counts, and checks that they leave the words past 64*words alone.
func TestUntangleWordsAVX512(t *testing.T) {
	if !HasAVX512() || !hasVBMI {
		t.Skip("no AVX-512 F+BW+DQ+VL+VBMI: untangleAVX512 not run")
	}
	decoders := []struct {
		name string
		f    func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64)
	}{{"untangleAVX512", untangleAVX512}}
	if cpuid.CPU.Supports(cpuid.GFNI) {
		decoders = append(decoders, struct {
			name string
			f    func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64)
		}{"untangleGFNI", untangleGFNI})
	} else {
		t.Log("no GFNI: untangleGFNI not run")
	}
	for _, d := range decoders {
		t.Logf("running %s", d.name)
		testUntangleWith(t, d.f)
	}
}

func testUntangleWith(t *testing.T, f func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64)) {
	rng := rand.New(rand.NewPCG(5, 6))
	const w, nslots = 20, 40
	state := make([]uint64, nslots*w)
	for k := 1; k <= 32; k++ {
		for _, words := range []int{1, 3, w} {
			for i := range state {
				state[i] = rng.Uint64()
			}
			slots := make([]uint32, k)
			for b := range slots {
				slots[b] = uint32(rng.IntN(nslots))
			}
			got := make([]uint64, 64*w+5)
			for i := range got {
				got[i] = 0xdead
			}
			if n := untangleWith(f, state, w, slots, words, got); n != words {
				t.Fatalf("k=%d: untangleWords did %d words, want %d", k, n, words)
			}
			for j := range words {
				var mat [64]uint64
				for b, s := range slots {
					mat[b] = state[int(s)*w+j]
				}
				want := make([]uint64, 64)
				untangle(&mat, k, want)
				for v := range 64 {
					if got[64*j+v] != want[v] {
						t.Fatalf("k=%d words=%d: word %d value %d = %#x, want %#x", k, words, j, v, got[64*j+v], want[v])
					}
				}
			}
			for i := 64 * words; i < len(got); i++ {
				if got[i] != 0xdead {
					t.Fatalf("k=%d words=%d: out[%d] overwritten", k, words, i)
				}
			}
		}
	}
}
