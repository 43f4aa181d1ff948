package sim

import "fmt"

// ssaForm is a compiled program before slot allocation: single-assignment
// code over virtual registers (register i < NumInputs is input bit i) and
// the registers holding the outputs. Specialize works on it.
type ssaForm struct {
	code []vinstr
	outs []int32
}

// Specialize returns p with some input bits fixed: tie[i] is -1 for an
// input bit that stays free, 0 or 1 for one held at that value (a shorter
// tie leaves the remaining bits free). The result computes, for every
// assignment of the free bits, exactly what p computes with the tied bits
// at their values: constants are propagated through every instruction,
// instructions that become a copy or complement of a value disappear, and
// logic that no longer reaches an output is removed, so it usually has
// fewer instructions. Its input slots, ports and LogicGates are p's; tied
// input slots are never read (a caller may still write them), and it has
// its own NumSlots and Outputs. Only programs made by Compile or
// Specialize can be specialized. It costs about as much as a linear pass
// over p's code; an exhaustive run uses it to evaluate each group of
// blocks whose high index bits are constant with a shorter program.
func (p *Program) Specialize(tie []int8) (*Program, error) {
	var sp specializer
	q := new(Program)
	if err := sp.specialize(p, tie, q); err != nil {
		return nil, err
	}
	q.ssa = &ssaForm{code: sp.kept, outs: sp.outs}
	return q, nil
}

// specializer holds the working arrays of Specialize, so that a worker
// specializing a program per block group reuses them.
type specializer struct {
	scratch
	val    []sval
	code   []vinstr
	kept   []vinstr
	need   []bool
	notReg []int32
	outs   []int32
}

// specialize sets q to p specialized on tie (see Specialize). q's Code
// and Outputs reuse their arrays and sp's ssa arrays are overwritten, so
// a q specialized before by the same sp becomes invalid; q.ssa is left
// nil.
func (sp *specializer) specialize(p *Program, tie []int8, q *Program) error {
	if p.ssa == nil {
		return fmt.Errorf("sim: %s: Specialize: program not made by Compile", p.Name)
	}
	if len(tie) > p.NumInputs {
		return fmt.Errorf("sim: %s: Specialize: %d tied bits for %d inputs", p.Name, len(tie), p.NumInputs)
	}
	for i, t := range tie {
		if t < -1 || t > 1 {
			return fmt.Errorf("sim: %s: Specialize: tie[%d] = %d, want -1, 0 or 1", p.Name, i, t)
		}
	}
	code, outs := sp.specializeSSA(p.ssa, p.NumInputs, tie)
	code = sp.fuse(code, p.NumInputs, outs)
	sp.kept = code
	cb, ob := q.Code, q.Outputs
	*q = Program{Name: p.Name, NumInputs: p.NumInputs, InputPorts: p.InputPorts,
		OutputPorts: p.OutputPorts, LogicGates: p.LogicGates}
	var err error
	q.Code, q.NumSlots, q.Outputs, err = sp.allocate(code, p.NumInputs, outs, cb, ob)
	if err != nil {
		return fmt.Errorf("sim: %s: Specialize: %w", p.Name, err)
	}
	return nil
}

// sval is what a register of the code being specialized holds in the new
// code: a constant (reg < 0, value inv) or new register reg, complemented
// when inv is 1.
type sval struct {
	reg int32
	inv uint8
}

// varMask[i] is the truth-table pattern of variable i of a 3-input
// function: bit x of a table is its value for v0 = x>>2&1, v1 = x>>1&1,
// v2 = x&1 (the layout of Op.TernaryTable).
var varMask = [3]uint64{0xF0, 0xCC, 0xAA}

// expr is an instruction computing a 3-variable function: op with
// variable src[k] in source position k (A, B, C; -1 unused), the result
// complemented when inv is 1.
type expr struct {
	op  Op
	src [3]int8
	inv uint8
	ok  bool
}

// express[fn] is the cheapest instruction computing the 3-variable
// function with truth table fn (or its complement), when one exists:
// 2-input ops first, then MUX and the fused ops. It is filled once by
// makeExpress and never modified.
var express = makeExpress()

func makeExpress() (t [256]expr) {
	try := func(op Op, src [3]int8) {
		var in [3]uint64
		for k, v := range src {
			if v >= 0 {
				in[k] = varMask[v]
			}
		}
		fn := uint8(op.Eval(in[0], in[1], in[2]))
		for inv, f := range [2]uint8{fn, ^fn} {
			if !t[f].ok {
				t[f] = expr{op: op, src: src, inv: uint8(inv), ok: true}
			}
		}
	}
	for op := OpAnd; op <= OpOrNot; op++ {
		for i := range int8(3) {
			for j := range int8(3) {
				if i != j {
					try(op, [3]int8{i, j, -1})
				}
			}
		}
	}
	perms := [][3]int8{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for op := OpMux; op < NumOps; op++ {
		if op == OpConst0 || op == OpConst1 || (op > OpConst1 && op < OpFused) {
			continue
		}
		for _, pm := range perms {
			try(op, pm)
		}
	}
	return t
}

// depends reports whether the 3-variable function fn depends on variable
// i.
func depends(fn uint8, i int) bool {
	s := uint(4) >> i
	m := uint8(varMask[i])
	return (fn&m)>>s != fn&^m
}

// specializeSSA rewrites f with the inputs tied as Specialize describes:
// one pass forward over the code computing, for every instruction, the
// function of its sources after substituting constants and complements,
// which is then a constant, a copy of a value, or one new instruction
// (express); then a pass backward dropping what no output needs. The
// result is single-assignment over registers numbered like f's, plus new
// ones for complements and constants that must be materialised.
func (sp *specializer) specializeSSA(f *ssaForm, numIn int, tie []int8) ([]vinstr, []int32) {
	nreg := int32(numIn)
	for _, in := range f.code {
		nreg = max(nreg, in.dst+1)
	}
	val := zeroed(&sp.val, int(nreg))
	for i := range numIn {
		if i < len(tie) && tie[i] >= 0 {
			val[i] = sval{reg: -1, inv: uint8(tie[i])}
		} else {
			val[i] = sval{reg: int32(i)}
		}
	}
	code := sp.code[:0]
	next := nreg
	notReg := zeroed(&sp.notReg, int(nreg)) // register + 1 holding the complement
	consts := [2]int32{-1, -1}
	// materialise returns a register holding exactly v.
	materialise := func(v sval) int32 {
		switch {
		case v.reg < 0:
			if consts[v.inv] < 0 {
				consts[v.inv] = next
				next++
				op := OpConst0
				if v.inv == 1 {
					op = OpConst1
				}
				code = append(code, vinstr{op: op, dst: consts[v.inv]})
			}
			return consts[v.inv]
		case v.inv == 0:
			return v.reg
		}
		if notReg[v.reg] == 0 {
			notReg[v.reg] = next + 1
			next++
			code = append(code, vinstr{op: OpNot, dst: next - 1, a: v.reg})
		}
		return notReg[v.reg] - 1
	}
	for _, in := range f.code {
		rs, n := in.srcs()
		var vars [3]int32
		nv := 0
		var pat [3]uint64
		for k := range n {
			v := val[rs[k]]
			if v.reg < 0 {
				pat[k] = -uint64(v.inv)
				continue
			}
			vi := 0
			for vi < nv && vars[vi] != v.reg {
				vi++
			}
			if vi == nv {
				vars[nv] = v.reg
				nv++
			}
			pat[k] = varMask[vi] ^ -uint64(v.inv)
		}
		fn := uint8(in.op.Eval(pat[0], pat[1], pat[2]))
		var dep [3]int
		nd := 0
		for i := range nv {
			if depends(fn, i) {
				dep[nd] = i
				nd++
			}
		}
		switch {
		case nd == 0:
			val[in.dst] = sval{reg: -1, inv: fn & 1}
		case nd == 1:
			i := dep[0]
			val[in.dst] = sval{reg: vars[i]} // fn is v_i or its complement
			if fn&uint8(varMask[i]) == 0 {
				val[in.dst].inv = 1
			}
		case express[fn].ok:
			e := express[fn]
			out := vinstr{op: e.op, dst: in.dst}
			regs := [3]*int32{&out.a, &out.b, &out.c}
			for k, v := range e.src {
				if v >= 0 {
					*regs[k] = vars[v]
				}
			}
			code = append(code, out)
			val[in.dst] = sval{reg: in.dst, inv: e.inv}
		default:
			// Not one instruction of ours (MUX with one complemented
			// data input): the original op on materialised sources.
			out := vinstr{op: in.op, dst: in.dst}
			regs := [3]*int32{&out.a, &out.b, &out.c}
			for k := range n {
				*regs[k] = materialise(val[rs[k]])
			}
			code = append(code, out)
			val[in.dst] = sval{reg: in.dst}
		}
	}
	outs := zeroed(&sp.outs, len(f.outs))
	for i, r := range f.outs {
		outs[i] = materialise(val[r])
	}
	// Backward: keep an instruction only when an output or a kept
	// instruction reads its register.
	sp.code = code
	need := zeroed(&sp.need, int(next))
	for _, r := range outs {
		need[r] = true
	}
	for i := len(code) - 1; i >= 0; i-- {
		in := &code[i]
		if !need[in.dst] {
			in.op = NumOps // dropped
			continue
		}
		rs, n := in.srcs()
		for _, r := range rs[:n] {
			need[r] = true
		}
	}
	kept := code[:0] // in place: kept instructions only move down
	for _, in := range code {
		if in.op != NumOps {
			kept = append(kept, in)
		}
	}
	return kept, outs
}
