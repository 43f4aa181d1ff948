package sim

import (
	"math/rand/v2"
	"testing"
)

// ternlog is a Go model of the AVX-512 VPTERNLOGQ instruction on one
// 64-bit word: bit i of the result is bit (x_i<<2 | y_i<<1 | z_i) of imm,
// with x the destination register, y the second and z the third operand.
func ternlog(imm uint8, x, y, z uint64) uint64 {
	var d uint64
	for i := range 64 {
		idx := (x>>i&1)<<2 | (y>>i&1)<<1 | z>>i&1
		d |= uint64(imm>>idx&1) << i
	}
	return d
}

// TestTernaryTables checks, on the model of VPTERNLOGQ, the instruction
// the AVX-512 kernel runs for every op (A in the destination, B second, C
// third, table Op.TernaryTable) against Op.Eval on random words: the part
// of the AVX-512 kernel's logic that can be tested on any machine.
func TestTernaryTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[Op]uint8{OpAnd: 0xc0, OpOr: 0xfc, OpXor: 0x3c, OpNot: 0x0f, OpConst0: 0x00, OpConst1: 0xff, OpMux: 0xac}
	for op := range NumOps {
		imm := op.TernaryTable()
		if w, ok := want[op]; ok && imm != w {
			t.Errorf("%v: table %#02x, want %#02x (hand-computed)", op, imm, w)
		}
		for range 200 {
			a, b, c := rng.Uint64(), rng.Uint64(), rng.Uint64()
			if got, want := ternlog(imm, a, b, c), op.Eval(a, b, c); got != want {
				t.Fatalf("%v: VPTERNLOGQ model %#x, Eval %#x (a=%#x b=%#x c=%#x)", op, got, want, a, b, c)
			}
		}
	}
}
