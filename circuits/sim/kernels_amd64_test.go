//go:build amd64 && gc && !purego && !noasm

package sim

import (
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
	if has {
		if k, err := kernelFor(""); err != nil || k.Name() != "avx2" {
			t.Errorf("default kernel = %v, %v; want avx2", k, err)
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
	for _, tc := range tests {
		state := make([]uint64, 3*w)
		if got := runAVX2(tc.code, state, w, 3); got != tc.want {
			t.Errorf("%s: runAVX2 = %d, want %d", tc.name, got, tc.want)
		}
		if tc.want > 0 && state[0] != ^uint64(0) {
			t.Errorf("%s: first instruction not executed", tc.name)
		}
	}
}
