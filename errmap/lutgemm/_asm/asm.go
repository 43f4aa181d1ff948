// Command asm generates the LUT-GEMM kernels of package lutgemm with avo:
//
//	go generate ./errmap/lutgemm
//
// runs it (see the go:generate line in kernels_amd64.go) and rewrites
// kernels_amd64.s and kernels_stubs_amd64.go.
//
// Each kernel adds to acc[j] (int32, j < len(acc), a multiple of the
// vector width) the table entries table[x[k]<<8 | w[k*len(acc)+j]] for
// every k < len(x). For each k the row table[x[k]<<8:] is fixed and the
// weights' bytes of the columns j are zero-extended to 32-bit indices
// (VPMOVZXBD) and gathered (VPGATHERDD) from that row, 8 (AVX2) or 16
// (AVX-512) columns per gather. Columns are processed in tiles of 4 vectors
// (4 accumulators, 4 independent gathers per k), then single vectors.
// Additions wrap modulo 2^32 like Go's int32 addition, so any order gives
// the generic kernel's bits.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// isa describes one vector width.
type isa struct {
	name  string
	lanes int // int32 lanes per vector
	acc   []VecPhysical
	idx   []VecPhysical
	dst   []VecPhysical
	mask  []Register // AVX2: vector masks; AVX-512: K registers
	load  func(m Mem, v VecPhysical)
	store func(v VecPhysical, m Mem)
	ext   func(m Mem, v VecPhysical)
	ones  func(m Register)
	zero  func(v VecPhysical)
	gath  func(m Register, src Mem, dst VecPhysical)
	add   func(a, b VecPhysical)
}

func kernel(s isa) {
	name := "lutRows" + s.name
	TEXT(name, NOSPLIT, "func(acc []int32, x []uint8, w []uint8, table *[65536]int32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("%s adds what lutRowsGeneric adds; len(acc) is a multiple of %d and len(w) >= len(x)·len(acc).", name, s.lanes))
	Load(Param("acc").Base(), RDX)
	Load(Param("acc").Len(), R8)
	Load(Param("x").Base(), RSI)
	Load(Param("x").Len(), RCX)
	Load(Param("w").Base(), RDI)
	Load(Param("table"), R10)
	XORQ(R11, R11) // j0, the first column of the tile
	tile := func(nv int, label, next string) {
		width := nv * s.lanes
		Label(name + "_" + label)
		MOVQ(R8, RAX)
		SUBQ(R11, RAX)
		CMPQ(RAX, Imm(uint64(width)))
		JL(LabelRef(name + "_" + next))
		for r := range nv {
			s.load(Mem{Base: RDX, Index: R11, Scale: 4, Disp: 4 * s.lanes * r}, s.acc[r])
		}
		MOVQ(RSI, R12)                                  // x pointer
		MOVQ(RCX, R13)                                  // k countdown
		LEAQ(Mem{Base: RDI, Index: R11, Scale: 1}, R14) // weights of column j0, row k
		TESTQ(R13, R13)
		JZ(LabelRef(name + "_" + label + "_store"))
		Label(name + "_" + label + "_k")
		MOVBQZX(Mem{Base: R12}, RAX)
		SHLQ(Imm(10), RAX)
		ADDQ(R10, RAX)
		for r := range nv {
			s.ext(Mem{Base: R14, Disp: s.lanes * r}, s.idx[r])
			s.ones(s.mask[r])
			s.zero(s.dst[r])
			s.gath(s.mask[r], Mem{Base: RAX, Index: s.idx[r], Scale: 4}, s.dst[r])
		}
		for r := range nv {
			s.add(s.dst[r], s.acc[r])
		}
		INCQ(R12)
		ADDQ(R8, R14)
		DECQ(R13)
		JNZ(LabelRef(name + "_" + label + "_k"))
		Label(name + "_" + label + "_store")
		for r := range nv {
			s.store(s.acc[r], Mem{Base: RDX, Index: R11, Scale: 4, Disp: 4 * s.lanes * r})
		}
		ADDQ(Imm(uint64(width)), R11)
		JMP(LabelRef(name + "_" + label))
	}
	tile(4, "tile4", "tile1")
	tile(1, "tile1", "done")
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

func main() {
	ConstraintExpr("amd64,gc,!purego,!noasm")

	kernel(isa{
		name:  "AVX2",
		lanes: 8,
		acc:   []VecPhysical{Y0, Y1, Y2, Y3},
		idx:   []VecPhysical{Y4, Y5, Y6, Y7},
		dst:   []VecPhysical{Y8, Y9, Y10, Y11},
		mask:  []Register{Y12, Y13, Y14, Y15},
		load:  func(m Mem, v VecPhysical) { VMOVDQU(m, v) },
		store: func(v VecPhysical, m Mem) { VMOVDQU(v, m) },
		ext:   func(m Mem, v VecPhysical) { VPMOVZXBD(m, v) },
		ones:  func(m Register) { VPCMPEQD(m, m, m) },
		zero:  func(v VecPhysical) { VPXOR(v, v, v) },
		gath:  func(m Register, src Mem, dst VecPhysical) { VPGATHERDD(m, src, dst) },
		add:   func(a, b VecPhysical) { VPADDD(a, b, b) },
	})
	kernel(isa{
		name:  "AVX512",
		lanes: 16,
		acc:   []VecPhysical{Z0, Z1, Z2, Z3},
		idx:   []VecPhysical{Z4, Z5, Z6, Z7},
		dst:   []VecPhysical{Z8, Z9, Z10, Z11},
		mask:  []Register{K1, K2, K3, K4},
		load:  func(m Mem, v VecPhysical) { VMOVDQU32(m, v) },
		store: func(v VecPhysical, m Mem) { VMOVDQU32(v, m) },
		ext:   func(m Mem, v VecPhysical) { VPMOVZXBD(m, v) },
		ones:  func(m Register) { KXNORW(m, m, m) },
		zero:  func(v VecPhysical) { VPXORD(v, v, v) },
		gath:  func(m Register, src Mem, dst VecPhysical) { VPGATHERDD(src, m, dst) },
		add:   func(a, b VecPhysical) { VPADDD(a, b, b) },
	})

	Generate()
}
