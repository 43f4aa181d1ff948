// Command asm generates the AVX2 toggle-count kernel of package hw with
// avo:
//
//	go generate ./circuits/hw
//
// runs it (see the go:generate line in toggle_amd64.go) and rewrites
// toggle_amd64.s and toggle_stubs_amd64.go.
//
// The kernel walks a list of slots of the simulator's state (slot s, word
// j at state[s*w+j]). For each slot it checks s < nslots (otherwise it
// stops and reports how far it got), then counts the toggles of the w
// words x[0..w) with predecessor word x[-1] = prev[k]:
//
//	Σ_j popcount(x[j] ^ (x[j]<<1 | x[j-1]>>63))
//
// The predecessor words of a vector of four words are an unaligned load 8
// bytes before it, except for the first vector of a slot, whose lane 0
// comes from prev[k] (VPERMQ + VPBLENDD). Popcounts use the nibble table
// with VPSHUFB, byte counts summed with VPADDB and folded into 64-bit lanes
// with VPSADBW: once per 16 words in the main loop, once for the first
// vector and the at most three 4-word vectors after the main loop (at most
// 4*8 = 32 per byte). Words left over (w mod 4) go through POPCNT. The slot's
// count is added to counts[k], and prev[k] becomes the slot's last word.
// For w = 16, the activity loop's block, a second slot loop does the same
// in straight-line code (four vectors, no loop control), which measured
// about 20% faster on 192 slots (BenchmarkToggleSlots).
//
// toggleSlotsAVX512 is the same walk with 8-word ZMM vectors (AVX-512 F and
// VPOPCNTDQ): the predecessor vector of the slot's first vector is built
// with VALIGNQ from prev[k], x ^ x<<1 ^ xp>>63 is one VPTERNLOGQ (table
// 0x96, three-way XOR), VPOPCNTQ counts the bits of each 64-bit lane
// directly (no nibble table, no byte folding); 32 words per iteration of
// the main loop, then 8, then the same scalar tail.
package main

import (
	"github.com/mmcloughlin/avo/gotypes"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Register assignment.
var (
	base    = RDI // &state[0]
	stride  = R8  // w*8: bytes per slot
	slotPtr = RSI // &slots[0]
	prevPtr = R10 // &prev[0]
	cntPtr  = R11 // &counts[0]
	k       = RCX // index into slots
	p       = R12 // address of the current slot
	off     = RDX // byte offset within the slot
	lim16   = R13 // stride-128: the 16-word loop runs while off <= lim16
	sum     = RBX // scalar toggles of the slot's last w mod 4 words
	tmp     = RAX
	pred    = R9  // predecessor word in the scalar loop
	lim4    = R14 // stride-32: the 4-word loop runs while off <= lim4

	qacc  = Y0  // 64-bit lane sums of the slot
	bacc  = Y1  // byte sums (first vector and 4-word loop)
	zero  = Y13 // all zero, for VPSADBW
	table = Y14 // popcount of 0..15, in both 128-bit lanes
	mask  = Y15 // 0x0f in every byte
)

// count emits the toggles of the four words in x, whose predecessor words
// are in xp, added bytewise to acc; c and d are scratch. x and xp are
// clobbered.
func count(x, xp, c, d, acc VecPhysical) {
	VPSRLQ(Imm(63), xp, xp)
	VPADDQ(x, x, c) // x<<1 without a shift (shifts have fewer ports)
	VPXOR(xp, c, c) // bit 0 of x<<1 is 0: XOR = OR
	VPXOR(x, c, c)
	VPSRLQ(Imm(4), c, d)
	VPAND(mask, c, c)
	VPAND(mask, d, d)
	VPSHUFB(c, table, c)
	VPSHUFB(d, table, d)
	VPADDB(c, d, d)
	VPADDB(d, acc, acc)
}

// mem returns the stack address of an argument.
func mem(c gotypes.Component) Mem {
	b, err := c.Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

func at(disp int) Mem { return Mem{Base: p, Index: off, Scale: 1, Disp: disp} }

func main() {
	ConstraintExpr("amd64,gc,!purego,!noasm")
	nibbles := GLOBL("toggleNibblePopcount", RODATA|NOPTR)
	for i := range 16 {
		b := 0
		for v := i; v != 0; v >>= 1 {
			b += v & 1
		}
		DATA(i, U8(b))
	}

	TEXT("toggleSlotsAVX2", NOSPLIT, "func(counts, prev, state []uint64, w, nslots int, slots []int) (done int)")
	Pragma("noescape")
	Doc(
		"toggleSlotsAVX2 adds to counts[k] the toggles of the w words of slot",
		"slots[k] of state (word j at state[slots[k]*w+j], w >= 1,",
		"nslots*w <= len(state)) with predecessor word prev[k], and sets prev[k]",
		"to the slot's last word, for k in order, like toggleSlotsGeneric.",
		"counts and prev must hold len(slots) words. It stops before the first",
		"slot >= nslots (as unsigned) and returns the number of slots done.",
	)
	Load(Param("counts").Base(), cntPtr)
	Load(Param("prev").Base(), prevPtr)
	Load(Param("state").Base(), base)
	Load(Param("w"), stride)
	Load(Param("slots").Base(), slotPtr)
	nList := mem(Param("slots").Len())
	nslots := mem(Param("nslots"))
	SHLQ(Imm(3), stride)
	LEAQ(Mem{Base: stride, Disp: -128}, lim16)
	LEAQ(Mem{Base: stride, Disp: -32}, lim4)
	VPXOR(zero, zero, zero)
	VBROADCASTI128(nibbles, table)
	MOVL(U32(0x0f0f0f0f), tmp.As32())
	MOVQ(tmp, mask.AsX())
	VPBROADCASTD(mask.AsX(), mask)
	XORQ(k, k)
	CMPQ(stride, Imm(8*16))
	JE(LabelRef("slot16"))

	Label("slot")
	CMPQ(k, nList)
	JAE(LabelRef("done"))
	MOVQ(Mem{Base: slotPtr, Index: k, Scale: 8}, p)
	CMPQ(p, nslots)
	JAE(LabelRef("done"))
	IMULQ(stride, p)
	ADDQ(base, p)
	VPXOR(qacc, qacc, qacc)
	VPXOR(bacc, bacc, bacc)
	XORQ(sum, sum)
	XORQ(off, off)
	CMPQ(stride, Imm(32))
	JB(LabelRef("tail"))

	Comment("First vector: lane 0's predecessor is prev[k].")
	VMOVDQU(at(0), Y2)
	VPBROADCASTQ(Mem{Base: prevPtr, Index: k, Scale: 8}, Y3)
	VPERMQ(Imm(0x90), Y2, Y4)
	VPBLENDD(Imm(0x03), Y3, Y4, Y3)
	count(Y2, Y3, Y4, Y5, bacc)
	ADDQ(Imm(32), off)

	Label("loop16")
	CMPQ(off, lim16)
	JG(LabelRef("loop4"))
	VPXOR(Y12, Y12, Y12)
	VMOVDQU(at(0), Y2)
	VMOVDQU(at(-8), Y3)
	VMOVDQU(at(32), Y6)
	VMOVDQU(at(24), Y7)
	count(Y2, Y3, Y4, Y5, Y12)
	VMOVDQU(at(64), Y2)
	VMOVDQU(at(56), Y3)
	count(Y6, Y7, Y8, Y9, Y12)
	VMOVDQU(at(96), Y6)
	VMOVDQU(at(88), Y7)
	count(Y2, Y3, Y10, Y11, Y12)
	count(Y6, Y7, Y8, Y9, Y12)
	VPSADBW(zero, Y12, Y12)
	VPADDQ(Y12, qacc, qacc)
	ADDQ(Imm(128), off)
	JMP(LabelRef("loop16"))

	Label("loop4")
	CMPQ(off, lim4)
	JG(LabelRef("fold"))
	VMOVDQU(at(0), Y2)
	VMOVDQU(at(-8), Y3)
	count(Y2, Y3, Y4, Y5, bacc)
	ADDQ(Imm(32), off)
	JMP(LabelRef("loop4"))

	Label("fold")
	VPSADBW(zero, bacc, bacc)
	VPADDQ(bacc, qacc, qacc)

	Comment("Remaining words one at a time; word 0 only when w < 4.")
	Label("tail")
	CMPQ(off, stride)
	JAE(LabelRef("sum"))
	MOVQ(at(0), tmp)
	TESTQ(off, off)
	JNZ(LabelRef("inner"))
	MOVQ(Mem{Base: prevPtr, Index: k, Scale: 8}, pred)
	JMP(LabelRef("word"))
	Label("inner")
	MOVQ(at(-8), pred)
	Label("word")
	SHRQ(Imm(63), pred)
	XORQ(tmp, pred)
	SHLQ(Imm(1), tmp)
	XORQ(pred, tmp) // x<<1 ^ x ^ p>>63 = x ^ (x<<1 | p>>63)
	POPCNTQ(tmp, tmp)
	ADDQ(tmp, sum)
	ADDQ(Imm(8), off)
	JMP(LabelRef("tail"))

	Label("sum")
	VEXTRACTI128(Imm(1), qacc, X2)
	VPADDQ(X2, qacc.AsX(), X2)
	VPSHUFD(Imm(0x4e), X2, X3)
	VPADDQ(X3, X2, X2)
	VMOVQ(X2, tmp)
	ADDQ(sum, tmp)
	ADDQ(tmp, Mem{Base: cntPtr, Index: k, Scale: 8})
	MOVQ(Mem{Base: p, Index: stride, Scale: 1, Disp: -8}, tmp)
	MOVQ(tmp, Mem{Base: prevPtr, Index: k, Scale: 8})
	INCQ(k)
	JMP(LabelRef("slot"))

	Comment("w = 16 (the activity loop's block): four vectors, straight-line.")
	Label("slot16")
	CMPQ(k, nList)
	JAE(LabelRef("done"))
	MOVQ(Mem{Base: slotPtr, Index: k, Scale: 8}, p)
	CMPQ(p, nslots)
	JAE(LabelRef("done"))
	SHLQ(Imm(7), p)
	ADDQ(base, p)
	VMOVDQU(Mem{Base: p}, Y2)
	VPBROADCASTQ(Mem{Base: prevPtr, Index: k, Scale: 8}, Y3)
	VPERMQ(Imm(0x90), Y2, Y4)
	VPBLENDD(Imm(0x03), Y3, Y4, Y3)
	VMOVDQU(Mem{Base: p, Disp: 32}, Y6)
	VMOVDQU(Mem{Base: p, Disp: 24}, Y7)
	VPXOR(bacc, bacc, bacc)
	count(Y2, Y3, Y4, Y5, bacc)
	VMOVDQU(Mem{Base: p, Disp: 64}, Y2)
	VMOVDQU(Mem{Base: p, Disp: 56}, Y3)
	count(Y6, Y7, Y8, Y9, bacc)
	VMOVDQU(Mem{Base: p, Disp: 96}, Y6)
	VMOVDQU(Mem{Base: p, Disp: 88}, Y7)
	count(Y2, Y3, Y10, Y11, bacc)
	count(Y6, Y7, Y8, Y9, bacc)
	VPSADBW(zero, bacc, bacc)
	VEXTRACTI128(Imm(1), bacc, X2)
	VPADDQ(X2, bacc.AsX(), X2)
	VPSHUFD(Imm(0x4e), X2, X3)
	VPADDQ(X3, X2, X2)
	VMOVQ(X2, tmp)
	ADDQ(tmp, Mem{Base: cntPtr, Index: k, Scale: 8})
	MOVQ(Mem{Base: p, Disp: 120}, tmp)
	MOVQ(tmp, Mem{Base: prevPtr, Index: k, Scale: 8})
	INCQ(k)
	JMP(LabelRef("slot16"))

	Label("done")
	VZEROUPPER()
	Store(k, ReturnIndex(0))
	RET()

	avx512()
	Generate()
}

// count512 adds to acc (8 lanes of 64-bit counts) the toggles of the 8
// words in x, whose predecessor words are in xp; x and xp are clobbered,
// c is scratch.
func count512(x, xp, c, acc VecPhysical) {
	VPSRLQ(Imm(63), xp, xp)
	VPADDQ(x, x, c)                 // x<<1
	VPTERNLOGQ(Imm(0x96), xp, c, x) // x ^ x<<1 ^ xp>>63
	VPOPCNTQ(x, x)
	VPADDQ(x, acc, acc)
}

// scalarTail emits the words from off to the slot's end one at a time
// (word 0 takes prev[k]) into sum, then jumps to "sum".
func scalarTail() {
	Label("tail")
	CMPQ(off, stride)
	JAE(LabelRef("sum"))
	MOVQ(at(0), tmp)
	TESTQ(off, off)
	JNZ(LabelRef("inner"))
	MOVQ(Mem{Base: prevPtr, Index: k, Scale: 8}, pred)
	JMP(LabelRef("word"))
	Label("inner")
	MOVQ(at(-8), pred)
	Label("word")
	SHRQ(Imm(63), pred)
	XORQ(tmp, pred)
	SHLQ(Imm(1), tmp)
	XORQ(pred, tmp) // x<<1 ^ x ^ p>>63 = x ^ (x<<1 | p>>63)
	POPCNTQ(tmp, tmp)
	ADDQ(tmp, sum)
	ADDQ(Imm(8), off)
	JMP(LabelRef("tail"))
}

// avx512 emits toggleSlotsAVX512: the slot loop of toggleSlotsAVX2 with
// 64-byte vectors (lim16 now bounds the 32-word loop, lim4 the 8-word one).
func avx512() {
	TEXT("toggleSlotsAVX512", NOSPLIT, "func(counts, prev, state []uint64, w, nslots int, slots []int) (done int)")
	Pragma("noescape")
	Doc(
		"toggleSlotsAVX512 computes what toggleSlotsAVX2 computes with AVX-512",
		"(F, VPOPCNTDQ): 8-word vectors, VPTERNLOGQ and VPOPCNTQ.",
	)
	Load(Param("counts").Base(), cntPtr)
	Load(Param("prev").Base(), prevPtr)
	Load(Param("state").Base(), base)
	Load(Param("w"), stride)
	Load(Param("slots").Base(), slotPtr)
	nList := mem(Param("slots").Len())
	nslots := mem(Param("nslots"))
	SHLQ(Imm(3), stride)
	LEAQ(Mem{Base: stride, Disp: -256}, lim16)
	LEAQ(Mem{Base: stride, Disp: -64}, lim4)
	XORQ(k, k)
	acc := Z0

	Label("slot")
	CMPQ(k, nList)
	JAE(LabelRef("done"))
	MOVQ(Mem{Base: slotPtr, Index: k, Scale: 8}, p)
	CMPQ(p, nslots)
	JAE(LabelRef("done"))
	IMULQ(stride, p)
	ADDQ(base, p)
	VPXORQ(acc, acc, acc)
	XORQ(sum, sum)
	XORQ(off, off)
	CMPQ(stride, Imm(64))
	JB(LabelRef("tail"))

	Comment("First vector: lane 0's predecessor is prev[k].")
	VMOVDQU64(at(0), Z2)
	VPBROADCASTQ(Mem{Base: prevPtr, Index: k, Scale: 8}, Z3)
	VALIGNQ(Imm(7), Z3, Z2, Z3) // {prev, x0, ..., x6}
	count512(Z2, Z3, Z4, acc)
	ADDQ(Imm(64), off)

	Label("loop32")
	CMPQ(off, lim16)
	JG(LabelRef("loop8"))
	for v := range 4 {
		x, xp, c := []VecPhysical{Z2, Z5, Z8, Z11}[v], []VecPhysical{Z3, Z6, Z9, Z12}[v], []VecPhysical{Z4, Z7, Z10, Z13}[v]
		VMOVDQU64(at(64*v), x)
		VMOVDQU64(at(64*v-8), xp)
		count512(x, xp, c, acc)
	}
	ADDQ(U32(256), off)
	JMP(LabelRef("loop32"))

	Label("loop8")
	CMPQ(off, lim4)
	JG(LabelRef("tail"))
	VMOVDQU64(at(0), Z2)
	VMOVDQU64(at(-8), Z3)
	count512(Z2, Z3, Z4, acc)
	ADDQ(Imm(64), off)
	JMP(LabelRef("loop8"))

	Comment("Remaining words one at a time; word 0 only when w < 8.")
	scalarTail()

	Label("sum")
	VEXTRACTI64X4(Imm(1), acc, Y1)
	VPADDQ(Y1, acc.AsY(), Y1)
	VEXTRACTI128(Imm(1), Y1, X2)
	VPADDQ(X2, X1, X2)
	VPSHUFD(Imm(0x4e), X2, X3)
	VPADDQ(X3, X2, X2)
	VMOVQ(X2, tmp)
	ADDQ(sum, tmp)
	ADDQ(tmp, Mem{Base: cntPtr, Index: k, Scale: 8})
	MOVQ(Mem{Base: p, Index: stride, Scale: 1, Disp: -8}, tmp)
	MOVQ(tmp, Mem{Base: prevPtr, Index: k, Scale: 8})
	INCQ(k)
	JMP(LabelRef("slot"))

	Label("done")
	VZEROUPPER()
	Store(k, ReturnIndex(0))
	RET()
}
