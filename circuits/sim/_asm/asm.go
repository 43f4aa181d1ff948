// Command asm generates the AVX2 and AVX-512 kernels of package sim with
// avo:
//
//	go generate ./circuits/sim
//
// runs it (see the go:generate line in kernels_amd64.go) and rewrites
// kernels_amd64.s and kernels_amd64_stubs.go.
//
// The kernel walks Program.Code in one pass. For each instruction it checks
// that Dst, A, B and C are below nslots (otherwise it stops and reports how
// far it got, so that the Go side can hand the rest to the generic kernel,
// which then fails or succeeds exactly as it would have), turns the slot
// numbers into addresses state+slot*w*8, dispatches on Op with a tree of
// compares, and processes the w words of the instruction in three loops:
// 16 words (four YMM registers) per iteration, then 4 words (one YMM
// register), then single words in general-purpose registers. Every word
// j < w of the destination is computed from the words j of the sources
// only, and all loads of an iteration come before its stores, so Dst may
// equal any source. A fused op (sim.OpFused...) runs its inner op's body
// and applies the outer op to the register with C from memory.
//
// runAVX512 is the same kernel from the same code (an isa description):
// 64-byte ZMM registers, so 32 words per iteration, then 8, then single
// words, and every op, fused ones included, is two loads and one
// VPTERNLOGQ with C from memory, its table sim.Op.TernaryTable.
// untangleAVX512 decodes output bit-planes to integers (see untangleKernel).
package main

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/axmul/axmul/circuits/sim"
)

// Layout of sim.Instr, taken from the package itself so that a change of
// the record breaks generation instead of the kernel.
var (
	instrSize = int(unsafe.Sizeof(sim.Instr{}))
	offOp     = int(unsafe.Offsetof(sim.Instr{}.Op))
	offDst    = int(unsafe.Offsetof(sim.Instr{}.Dst))
	offA      = int(unsafe.Offsetof(sim.Instr{}.A))
	offB      = int(unsafe.Offsetof(sim.Instr{}.B))
	offC      = int(unsafe.Offsetof(sim.Instr{}.C))
)

// Register assignment (physical registers throughout: the control flow is
// a dispatch tree with loops, clearer to read with fixed names).
var (
	pc      = RSI // current instruction
	codeEnd = RBX // one past the last instruction
	base    = RDI // &state[0]
	stride  = R8  // w*8: bytes per slot, also the end offset of a slot
	nslots  = R9  // number of slots state holds
	end16   = R10 // bytes covered by the 16-word loop
	end4    = RCX // bytes covered by the 16- and 4-word loops
	dst     = R11
	srcA    = R12
	srcB    = R13
	srcC    = R14
	off     = RDX // byte offset within the slots
	tmp     = RAX // opcode, then scalar scratch
	ones    = Y15 // all bits set (AVX2)
)

// isa describes the vector part of one kernel; the AVX-512 kernel is the
// AVX2 one with 64-byte registers and every op one VPTERNLOGQ.
type isa struct {
	name    string        // TEXT symbol, e.g. "runAVX2"
	bytes   int           // bytes per vector register
	regs    []VecPhysical // the four registers of the unrolled loop
	scratch []VecPhysical // one scratch register per loop register
	ones    VecPhysical   // all bits set
	mov     func(a, b Op) // unaligned vector move
	ops     func() []opDef
}

var avx2 = isa{
	name: "runAVX2", bytes: 32,
	regs: []VecPhysical{Y0, Y1, Y2, Y3}, scratch: []VecPhysical{Y4, Y5, Y6, Y7},
	ones: Y15, mov: func(a, b Op) { VMOVDQU(a, b) }, ops: ops,
}

var avx512 = isa{
	name: "runAVX512", bytes: 64,
	regs: []VecPhysical{Z0, Z1, Z2, Z3}, scratch: []VecPhysical{Z4, Z5, Z6, Z7},
	ones: Z15, mov: func(a, b Op) { VMOVDQU64(a, b) }, ops: ops512,
}

// vecOp emits the computation of one YMM register r from the 32 bytes at
// displacement disp of the source slots (relative to off) and returns the
// register holding the result. scratch is a second free register.
type vecOp func(r, scratch VecPhysical, disp int) VecPhysical

// scalarOp emits the computation of the word at off into tmp.
type scalarOp func()

func at(b Register, disp int) Mem { return Mem{Base: b, Index: off, Scale: 1, Disp: disp} }

type opDef struct {
	op     sim.Op
	vec    vecOp
	scalar scalarOp
	// store overrides the loop for ops that read nothing.
	constant bool
}

// binary returns an op computing f(a, b), optionally inverted.
func binary(vop func(m Mem, r VecPhysical), sop func(m Mem), invert bool) (vecOp, scalarOp) {
	v := func(r, _ VecPhysical, disp int) VecPhysical {
		VMOVDQU(at(srcA, disp), r)
		vop(at(srcB, disp), r)
		if invert {
			VPXOR(ones, r, r)
		}
		return r
	}
	s := func() {
		MOVQ(at(srcA, 0), tmp)
		sop(at(srcB, 0))
		if invert {
			NOTQ(tmp)
		}
	}
	return v, s
}

func ops() []opDef {
	var defs []opDef
	add := func(op sim.Op, v vecOp, s scalarOp) { defs = append(defs, opDef{op: op, vec: v, scalar: s}) }

	vand := func(m Mem, r VecPhysical) { VPAND(m, r, r) }
	vor := func(m Mem, r VecPhysical) { VPOR(m, r, r) }
	vxor := func(m Mem, r VecPhysical) { VPXOR(m, r, r) }
	sand := func(m Mem) { ANDQ(m, tmp) }
	sor := func(m Mem) { ORQ(m, tmp) }
	sxor := func(m Mem) { XORQ(m, tmp) }

	v, s := binary(vand, sand, false)
	add(sim.OpAnd, v, s)
	v, s = binary(vor, sor, false)
	add(sim.OpOr, v, s)
	v, s = binary(vxor, sxor, false)
	add(sim.OpXor, v, s)
	v, s = binary(vand, sand, true)
	add(sim.OpNand, v, s)
	v, s = binary(vor, sor, true)
	add(sim.OpNor, v, s)
	v, s = binary(vxor, sxor, true)
	add(sim.OpXnor, v, s)

	// a &^ b: VPANDN computes ^first & second, so load b and AND-NOT it into a.
	add(sim.OpAndNot, func(r, _ VecPhysical, disp int) VecPhysical {
		VMOVDQU(at(srcB, disp), r)
		VPANDN(at(srcA, disp), r, r)
		return r
	}, func() {
		MOVQ(at(srcB, 0), tmp)
		NOTQ(tmp)
		ANDQ(at(srcA, 0), tmp)
	})
	// a | ^b
	add(sim.OpOrNot, func(r, _ VecPhysical, disp int) VecPhysical {
		VMOVDQU(at(srcB, disp), r)
		VPXOR(ones, r, r)
		VPOR(at(srcA, disp), r, r)
		return r
	}, func() {
		MOVQ(at(srcB, 0), tmp)
		NOTQ(tmp)
		ORQ(at(srcA, 0), tmp)
	})
	// ^a
	add(sim.OpNot, func(r, _ VecPhysical, disp int) VecPhysical {
		VPXOR(at(srcA, disp), ones, r)
		return r
	}, func() {
		MOVQ(at(srcA, 0), tmp)
		NOTQ(tmp)
	})
	// (b &^ a) | (c & a) = b ^ ((b ^ c) & a)
	add(sim.OpMux, func(r, t VecPhysical, disp int) VecPhysical {
		VMOVDQU(at(srcB, disp), r)
		VPXOR(at(srcC, disp), r, t)
		VPAND(at(srcA, disp), t, t)
		VPXOR(t, r, r)
		return r
	}, func() {
		MOVQ(at(srcB, 0), tmp)
		XORQ(at(srcC, 0), tmp)
		ANDQ(at(srcA, 0), tmp)
		XORQ(at(srcB, 0), tmp)
	})
	defs = append(defs,
		opDef{op: sim.OpConst0, constant: true},
		opDef{op: sim.OpConst1, constant: true})
	// Fused ops: the inner op's body, then the outer op applied to its
	// result in the register and C from memory.
	for op := sim.OpFused; op < sim.NumOps; op++ {
		inner, outer, _ := op.Fused()
		in := defs[inner]
		defs = append(defs, opDef{op: op, vec: func(r, t VecPhysical, disp int) VecPhysical {
			r = in.vec(r, t, disp)
			vapply(outer, at(srcC, disp), r, t)
			return r
		}, scalar: func() {
			in.scalar()
			sapply(outer, at(srcC, 0))
		}})
	}
	if len(defs) != int(sim.NumOps) {
		panic(fmt.Sprintf("asm: %d op bodies for %d opcodes", len(defs), sim.NumOps))
	}
	for i, d := range defs {
		if d.op != sim.Op(i) {
			panic(fmt.Sprintf("asm: op body %d is %v", i, d.op))
		}
	}
	return defs
}

// ops512 returns the AVX-512 bodies: every op loads A and B and runs one
// VPTERNLOGQ with C from memory, whose truth table is sim.Op.TernaryTable
// (A in the destination register, B in the second operand, C in the
// third), so the logic is the one the generic kernel's Op.Eval defines;
// TestTernaryTables in package sim checks the tables against Op.Eval on a
// Go model of VPTERNLOGQ.
func ops512() []opDef {
	var defs []opDef
	for op := range sim.NumOps {
		imm := Imm(uint64(op.TernaryTable()))
		switch op {
		case sim.OpConst0, sim.OpConst1:
			defs = append(defs, opDef{op: op, constant: true})
		default:
			// d = table(a, b, c) with a in the destination, b in the
			// second operand and c read from memory. Ops that ignore
			// b or c read slot 0 (their unused fields are 0).
			defs = append(defs, opDef{op: op, vec: func(r, t VecPhysical, disp int) VecPhysical {
				VMOVDQU64(at(srcA, disp), r)
				VMOVDQU64(at(srcB, disp), t)
				VPTERNLOGQ(imm, at(srcC, disp), t, r)
				return r
			}, scalar: ops()[op].scalar})
		}
	}
	return defs
}

// vapply sets r = op(r, m) for a 2-input op; t is scratch.
func vapply(op sim.Op, m Mem, r, t VecPhysical) {
	switch op {
	case sim.OpAnd, sim.OpNand:
		VPAND(m, r, r)
	case sim.OpOr, sim.OpNor:
		VPOR(m, r, r)
	case sim.OpXor, sim.OpXnor:
		VPXOR(m, r, r)
	case sim.OpAndNot: // r &^ m
		VMOVDQU(m, t)
		VPANDN(r, t, r)
	case sim.OpOrNot: // r | ^m
		VMOVDQU(m, t)
		VPXOR(ones, t, t)
		VPOR(t, r, r)
	default:
		panic(fmt.Sprintf("asm: vapply %v", op))
	}
	switch op {
	case sim.OpNand, sim.OpNor, sim.OpXnor:
		VPXOR(ones, r, r)
	}
}

// sapply sets tmp = op(tmp, m) for a 2-input op; R15 is scratch.
func sapply(op sim.Op, m Mem) {
	switch op {
	case sim.OpAnd, sim.OpNand:
		ANDQ(m, tmp)
	case sim.OpOr, sim.OpNor:
		ORQ(m, tmp)
	case sim.OpXor, sim.OpXnor:
		XORQ(m, tmp)
	case sim.OpAndNot:
		MOVQ(m, R15)
		NOTQ(R15)
		ANDQ(R15, tmp)
	case sim.OpOrNot:
		MOVQ(m, R15)
		NOTQ(R15)
		ORQ(R15, tmp)
	default:
		panic(fmt.Sprintf("asm: sapply %v", op))
	}
	switch op {
	case sim.OpNand, sim.OpNor, sim.OpXnor:
		NOTQ(tmp)
	}
}

func label(op sim.Op, part string) string {
	return fmt.Sprintf("op%s_%s", strings.ReplaceAll(op.String(), ">", "_"), part)
}

// body emits the three loops of one op for v; every path ends with a jump
// to "next".
func body(d opDef, v isa) {
	Label(label(d.op, "entry"))
	lbl := func(part string) LabelRef { return LabelRef(label(d.op, part)) }
	w := v.bytes
	var val0, val1 = v.regs[0], v.regs[0] // constants: the value stored
	if d.constant {
		if d.op == sim.OpConst0 {
			if w == 64 {
				VPXORQ(val0, val0, val0)
			} else {
				VPXOR(val0, val0, val0)
			}
		} else {
			val0 = v.ones
		}
		val1 = val0
	}

	// Four registers per iteration.
	CMPQ(off, end16)
	JAE(lbl("four"))
	Label(label(d.op, "sixteen"))
	var res [4]VecPhysical
	for k := range 4 {
		if d.constant {
			res[k] = val0
		} else {
			res[k] = d.vec(v.regs[k], v.scratch[k], w*k)
		}
	}
	for k := range 4 {
		v.mov(res[k], at(dst, w*k))
	}
	ADDQ(U32(uint32(4*w)), off)
	CMPQ(off, end16)
	JB(lbl("sixteen"))

	// One register per iteration.
	Label(label(d.op, "four"))
	CMPQ(off, end4)
	JAE(lbl("one"))
	Label(label(d.op, "fourloop"))
	r := val1
	if !d.constant {
		r = d.vec(v.regs[0], v.scratch[0], 0)
	}
	v.mov(r, at(dst, 0))
	ADDQ(U32(uint32(w)), off)
	CMPQ(off, end4)
	JB(lbl("fourloop"))

	// Single words.
	Label(label(d.op, "one"))
	CMPQ(off, stride)
	JAE(LabelRef("next"))
	Label(label(d.op, "oneloop"))
	switch {
	case d.op == sim.OpConst0:
		MOVQ(U32(0), at(dst, 0))
	case d.op == sim.OpConst1:
		MOVQ(I32(-1), at(dst, 0))
	default:
		d.scalar()
		MOVQ(tmp, at(dst, 0))
	}
	ADDQ(Imm(8), off)
	CMPQ(off, stride)
	JB(lbl("oneloop"))
	JMP(LabelRef("next"))
}

// dispatch emits a compare tree on tmp (the opcode, unsigned) that jumps to
// the entry of its body; opcodes >= NumOps go to "next" (no effect, as in
// the generic kernel).
func dispatch(lo, hi int) {
	// Invariant: lo <= tmp < hi is known, hi-lo >= 1.
	switch hi - lo {
	case 1:
		JMP(LabelRef(label(sim.Op(lo), "entry")))
		return
	case 2:
		CMPL(tmp.As32(), U32(uint32(lo)))
		JE(LabelRef(label(sim.Op(lo), "entry")))
		JMP(LabelRef(label(sim.Op(lo+1), "entry")))
		return
	case 3:
		CMPL(tmp.As32(), U32(uint32(lo+1)))
		JB(LabelRef(label(sim.Op(lo), "entry")))
		JE(LabelRef(label(sim.Op(lo+1), "entry")))
		JMP(LabelRef(label(sim.Op(lo+2), "entry")))
		return
	}
	mid := (lo + hi) / 2
	upper := fmt.Sprintf("dispatch_%d_%d", mid, hi)
	CMPL(tmp.As32(), U32(uint32(mid)))
	JAE(LabelRef(upper))
	dispatch(lo, mid)
	Label(upper)
	dispatch(mid, hi)
}

// kernel emits the gate kernel for v.
func kernel(v isa, doc ...string) {
	TEXT(v.name, NOSPLIT, "func(code []Instr, state []uint64, w, nslots int) (done int)")
	Pragma("noescape")
	Doc(doc...)
	Load(Param("code").Base(), pc)
	Load(Param("code").Len(), tmp)
	IMUL3Q(Imm(uint64(instrSize)), tmp, codeEnd)
	ADDQ(pc, codeEnd)
	Load(Param("state").Base(), base)
	Load(Param("w"), stride)
	Load(Param("nslots"), nslots)
	SHLQ(Imm(3), stride)
	MOVQ(stride, end16)
	ANDQ(I32(int32(-4*v.bytes)), end16)
	MOVQ(stride, end4)
	ANDQ(I32(int32(-v.bytes)), end4)
	if v.bytes == 64 {
		VPTERNLOGQ(Imm(0xff), v.ones, v.ones, v.ones)
	} else {
		VPCMPEQQ(v.ones, v.ones, v.ones)
	}

	Label("next")
	CMPQ(pc, codeEnd)
	JAE(LabelRef("done"))
	MOVL(Mem{Base: pc, Disp: offDst}, dst.As32())
	MOVL(Mem{Base: pc, Disp: offA}, srcA.As32())
	MOVL(Mem{Base: pc, Disp: offB}, srcB.As32())
	MOVL(Mem{Base: pc, Disp: offC}, srcC.As32())
	for _, r := range []GPPhysical{dst, srcA, srcB, srcC} {
		CMPQ(r, nslots)
		JAE(LabelRef("done"))
	}
	MOVL(Mem{Base: pc, Disp: offOp}, tmp.As32())
	ADDQ(Imm(uint64(instrSize)), pc)
	for _, r := range []GPPhysical{dst, srcA, srcB, srcC} {
		IMULQ(stride, r)
		ADDQ(base, r)
	}
	XORL(off.As32(), off.As32())
	CMPL(tmp.As32(), U32(uint32(sim.NumOps)))
	JAE(LabelRef("next"))
	dispatch(0, int(sim.NumOps))

	for _, d := range v.ops() {
		body(d, v)
	}

	Label("done")
	VZEROUPPER()
	MOVQ(pc, tmp)
	Load(Param("code").Base(), srcA)
	SUBQ(srcA, tmp)
	XORL(off.As32(), off.As32())
	MOVQ(U32(uint32(instrSize)), srcB)
	DIVQ(srcB)
	Store(tmp, Return("done"))
	RET()

}

// untangleKernel emits untangleAVX512, the AVX-512 (F, BW, VBMI) form of
// untangle for k <= 32 bit-planes and whole words. Per word j (64 values):
//
//  1. group g < groups of 8 planes: VPGATHERQQ the words j of planes
//     8g..8g+7 (offs[8g+q] = slot*w; absent planes masked off, zero);
//  2. VPERMB transposes the 8x8 bytes, so that qword m holds byte m of the
//     8 planes (byte r from plane 8g+r);
//  3. three masked-swap rounds (shifts 7, 14, 28; the classic transpose
//     of an 8x8 bit matrix in a 64-bit word, each round finishing with one
//     VPTERNLOGQ 0x96) transpose each qword's bits: byte c of qword m is
//     then bits 8g..8g+7 of value 8m+c, i.e. byte v of the vector is byte
//     g of value v;
//  4. for each 8 values, VPERMB with a byte mask per group places byte g
//     of each value in its 64-bit lane, and the 8 lanes are stored.
//
// With gfni set it emits untangleGFNI instead, which needs GFNI as well:
// step 2 puts byte r of a qword into byte 7-r, and step 3 is a single
// VGF2P8AFFINEQB with the data as the matrix applied to the bytes 1<<c
// (byte c of each qword): for input byte x the instruction's result bit i
// is the parity of x AND matrix byte 7-i, so for x = 1<<c it is bit c of
// matrix byte 7-i = bit c of plane 8g+i, the transpose of step 3. avo has
// no GFNI instructions: it is emitted by name (Go's assembler knows it).
func untangleKernel(name string, gfni bool) {
	TEXT(name, NOSPLIT, "func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64)")
	Pragma("noescape")
	Doc(name+" writes to out[64j+v] the value v of word j, for j < words:",
		"bit b of the value is bit v of state[offs[b]+j] for b < 8*groups whose",
		"bit b%8 is set in masks[b/8], else 0. groups is 1..4; len(out) >= 64*words.")
	var (
		base, offsP, outP, j, words, groups = RSI, RDI, R8, RCX, R9, R10
		gOff                                = []VecPhysical{Z16, Z17, Z18, Z19}
		permIn, idx0, add8, cur             = Z20, Z21, Z22, Z26
		m7, m14, m28                        = Z23, Z24, Z25
		R                                   = []VecPhysical{Z0, Z1, Z2, Z3}
		t, t2                               = Z4, Z5
		outs                                = []VecPhysical{Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15}
		byteMask                            = []Physical{K1, K2, K3, K4}
		gather                              = K5
	)
	Load(Param("state").Base(), base)
	Load(Param("offs"), offsP)
	Load(Param("groups"), groups)
	Load(Param("words"), words)
	Load(Param("out").Base(), outP)
	for g := range 4 {
		VMOVDQU64(Mem{Base: offsP, Disp: 64 * g}, gOff[g])
	}
	Load(Param("masks"), offsP) // offs is no longer needed
	// Constant vectors, built from byte-pattern words.
	bcast := func(v uint64, z VecPhysical) {
		MOVQ(U64(v), RAX)
		VPBROADCASTQ(RAX, z)
	}
	// permIn: destination byte 8m+r takes source byte 8r+m. As qword
	// pattern: qword m = Σ_r (8r+m) << 8r = 0x3830282018100800 + m·0x0101...
	// (GFNI: destination byte 8m+7-r, so the pattern's bytes reversed.)
	if gfni {
		bcast(0x0008101820283038, permIn)
	} else {
		bcast(0x3830282018100800, permIn)
	}
	bcast(0x0101010101010101, t)
	VPMULLQ(laneIotaZ(), t, t) // qword m: m·0x0101010101010101
	VPADDQ(t, permIn, permIn)
	// idx0: destination byte 8i+g takes source byte i (+8o per output).
	VMOVDQU64(laneIotaZ(), idx0)
	bcast(0x0101010101010101, t)
	VPMULLQ(t, idx0, idx0)
	bcast(0x0808080808080808, add8)
	if gfni {
		bcast(0x8040201008040201, m7) // byte c: 1<<c
	} else {
		bcast(0x00AA00AA00AA00AA, m7)
		bcast(0x0000CCCC0000CCCC, m14)
		bcast(0x00000000F0F0F0F0, m28)
	}
	for g := range 4 {
		MOVQ(U64(0x0101010101010101<<g), RAX)
		KMOVQ(RAX, byteMask[g])
	}
	XORQ(j, j)
	Label("untangle_word")
	CMPQ(j, words)
	JAE(LabelRef("untangle_done"))
	for g := range 4 {
		skip := fmt.Sprintf("untangle_g%d_done", g)
		if g > 0 {
			CMPQ(groups, U8(g))
			JBE(LabelRef(skip))
		}
		VPXORQ(R[g], R[g], R[g])
		KMOVB(Mem{Base: offsP, Disp: 8 * g}, gather)
		VPGATHERQQ(Mem{Base: base, Index: gOff[g], Scale: 8}, gather, R[g])
		VPERMB(R[g], permIn, R[g])
		rounds := []struct {
			sh int
			m  VecPhysical
		}{{7, m7}, {14, m14}, {28, m28}}
		if gfni {
			Instruction(&ir.Instruction{Opcode: "VGF2P8AFFINEQB",
				Operands: []Op{Imm(0), R[g], m7, R[g]},
				Inputs:   []Op{R[g], m7}, Outputs: []Op{R[g]}})
			rounds = nil
		}
		for _, rd := range rounds {
			VPSRLQ(Imm(uint64(rd.sh)), R[g], t)
			VPXORQ(R[g], t, t)
			VPANDQ(rd.m, t, t)
			VPSLLQ(Imm(uint64(rd.sh)), t, t2)
			VPTERNLOGQ(Imm(0x96), t2, t, R[g]) // R ^= t ^ t<<sh
		}
		if g > 0 {
			Label(skip)
		}
	}
	VMOVDQU64(idx0, cur)
	for o, z := range outs {
		VPERMB_Z(R[0], cur, byteMask[0], z)
		for g := 1; g < 4; g++ {
			skip := fmt.Sprintf("untangle_o%d_g%d", o, g)
			CMPQ(groups, U8(g))
			JBE(LabelRef(skip))
			VPERMB(R[g], cur, byteMask[g], z)
			Label(skip)
		}
		VMOVDQU64(z, Mem{Base: outP, Disp: 64 * o})
		VPADDB(add8, cur, cur)
	}
	ADDQ(Imm(8), base)
	ADDQ(U32(512), outP)
	INCQ(j)
	JMP(LabelRef("untangle_word"))
	Label("untangle_done")
	VZEROUPPER()
	RET()
}

// laneIotaZ returns the 64 bytes holding the qwords 0..7 (defined once).
func laneIotaZ() Mem {
	if !iotaDefined {
		iotaMem = GLOBL("untangleLaneIota", RODATA|NOPTR)
		for l := range 8 {
			DATA(8*l, U64(uint64(l)))
		}
		iotaDefined = true
	}
	return iotaMem
}

var (
	iotaMem     Mem
	iotaDefined bool
)

func main() {
	// Load package sim for its types without the files being generated
	// (the printers have already truncated them): the purego build leaves
	// them out.
	if err := os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags=purego")); err != nil {
		panic(err)
	}
	Package("github.com/axmul/axmul/circuits/sim")
	ConstraintExpr("amd64,gc,!purego,!noasm")

	kernel(avx2,
		"runAVX2 executes code in order on state (slot s, word j at state[s*w+j],",
		"w >= 1, nslots*w <= len(state)) with AVX2, like the generic kernel.",
		"It stops before the first instruction naming a slot >= nslots in Dst,",
		"A, B or C and returns the number of instructions executed.",
	)
	kernel(avx512,
		"runAVX512 computes what runAVX2 computes with AVX-512 (F): 64-byte",
		"registers, every op one VPTERNLOGQ.",
	)
	untangleKernel("untangleAVX512", false)
	untangleKernel("untangleGFNI", true)
	Generate()
}
