package sim

import (
	"fmt"
	"math"
)

// Op is the opcode of one Instr. Every op computes, for each word j of a
// block, state[Dst*w+j] from the words j of its source slots A, B, C.
type Op uint32

// Opcodes. The formulas are per 64-bit word; a, b, c are the words of slots
// A, B, C and d the word written to slot Dst.
const (
	OpAnd    Op = iota // d = a & b
	OpOr               // d = a | b
	OpXor              // d = a ^ b
	OpNand             // d = ^(a & b)
	OpNor              // d = ^(a | b)
	OpXnor             // d = ^(a ^ b)
	OpAndNot           // d = a &^ b
	OpOrNot            // d = a | ^b
	OpNot              // d = ^a
	OpMux              // d = (b &^ a) | (c & a): a selects c over b
	OpConst0           // d = 0
	OpConst1           // d = ^0
	// OpFused is the first of the 64 fused 3-input ops: OpFused +
	// 8·inner + outer computes d = outer(inner(a, b), c) for inner and
	// outer among the eight 2-input ops OpAnd..OpOrNot (see FusedOp). The
	// compiler makes them by merging a 2-input gate into its single
	// 2-input reader; each is a 3-input function with an 8-bit truth
	// table (TernaryTable), one VPTERNLOGQ in the AVX-512 kernel.
	OpFused
	NumOps = OpFused + 64 // number of opcodes; not an opcode
)

var opNames = [OpFused]string{"AND", "OR", "XOR", "NAND", "NOR", "XNOR", "ANDNOT", "ORNOT", "NOT", "MUX", "CONST0", "CONST1"}

// FusedOp returns the fused op computing outer(inner(a, b), c). It panics
// unless inner and outer are 2-input ops (OpAnd..OpOrNot).
func FusedOp(inner, outer Op) Op {
	if inner > OpOrNot || outer > OpOrNot {
		panic(fmt.Sprintf("sim: FusedOp(%v, %v): want 2-input ops", inner, outer))
	}
	return OpFused + 8*inner + outer
}

// Fused returns the inner and outer op of a fused op, and ok = false for
// any other op.
func (o Op) Fused() (inner, outer Op, ok bool) {
	if o < OpFused || o >= NumOps {
		return 0, 0, false
	}
	return (o - OpFused) / 8, (o - OpFused) % 8, true
}

// String returns the upper-case name of the op, e.g. "ANDNOT", or for a
// fused op inner and outer, e.g. "AND>XOR" for XOR(AND(a, b), c).
func (o Op) String() string {
	if o < OpFused {
		return opNames[o]
	}
	if in, out, ok := o.Fused(); ok {
		return opNames[in] + ">" + opNames[out]
	}
	return fmt.Sprintf("Op(%d)", uint32(o))
}

// Eval computes the op on single words; it is the definition every kernel
// must agree with. Unused sources are ignored.
func (o Op) Eval(a, b, c uint64) uint64 {
	if in, out, ok := o.Fused(); ok {
		return out.Eval(in.Eval(a, b, 0), c, 0)
	}
	switch o {
	case OpAnd:
		return a & b
	case OpOr:
		return a | b
	case OpXor:
		return a ^ b
	case OpNand:
		return ^(a & b)
	case OpNor:
		return ^(a | b)
	case OpXnor:
		return ^(a ^ b)
	case OpAndNot:
		return a &^ b
	case OpOrNot:
		return a | ^b
	case OpNot:
		return ^a
	case OpMux:
		return (b &^ a) | (c & a)
	case OpConst1:
		return ^uint64(0)
	}
	return 0
}

// TernaryTable returns the op's truth table in the layout of the AVX-512
// VPTERNLOGQ instruction: bit a<<2 | b<<1 | c of the table is the op's
// output bit for input bits a, b, c of sources A, B, C. It is Eval on the
// three byte patterns 0xF0, 0xCC, 0xAA, so it follows Eval's definition.
func (o Op) TernaryTable() uint8 { return uint8(o.Eval(0xF0, 0xCC, 0xAA)) }

// Instr is one instruction of a Program: a fixed-size record of five uint32
// (20 bytes, no pointers) so that assembly kernels can walk Program.Code
// directly. Sources an op does not read are 0. Dst may equal any source:
// kernels must compute word j from the source words j only (element-wise),
// which makes such in-place updates safe.
type Instr struct {
	Op      Op
	Dst     uint32
	A, B, C uint32
}

// PortMap locates the bits of one port in a Program: for an input port, bit
// i lives in slot Offset+i; for an output port, bit i is read from slot
// Program.Outputs[Offset+i].
type PortMap struct {
	Name   string
	Offset int
	Width  int
}

// Program is a compiled netlist: a straight-line sequence of word-parallel
// instructions over NumSlots slots. Input bit i (input ports flattened in
// declaration order, bit 0 first) is read from slot i; the caller writes
// slots 0..NumInputs-1 before every run, since later instructions may reuse
// those slots once an input is dead. Output bit i is found in slot
// Outputs[i] after the run. A Program is immutable after Compile and safe
// for concurrent use.
type Program struct {
	// Name is the netlist name.
	Name string
	// Code is the instruction sequence in execution order.
	Code []Instr
	// NumSlots is the number of slots a state buffer must hold.
	NumSlots int
	// NumInputs is the number of input bits; they occupy slots 0..NumInputs-1.
	NumInputs int
	// Outputs[i] is the slot holding output bit i after a run.
	Outputs []uint32
	// InputPorts and OutputPorts map port bits to input indices and
	// Outputs entries.
	InputPorts, OutputPorts []PortMap
	// LogicGates is the number of gates of the source netlist other than
	// constants and buffers (circuits.Stats.Logic); benchmarks count
	// gate-evaluations as LogicGates times input vectors.
	LogicGates int

	// ssa is the code before slot allocation, kept for Specialize (read
	// only; nil for programs not made by the compiler).
	ssa *ssaForm
}

// InputPort returns the input port map with the given name.
func (p *Program) InputPort(name string) (PortMap, bool) { return findPort(p.InputPorts, name) }

// OutputPort returns the output port map with the given name.
func (p *Program) OutputPort(name string) (PortMap, bool) { return findPort(p.OutputPorts, name) }

func findPort(ps []PortMap, name string) (PortMap, bool) {
	for _, pm := range ps {
		if pm.Name == name {
			return pm, true
		}
	}
	return PortMap{}, false
}

// Eval evaluates the program on bit-sliced inputs: inputs[i][j] holds input
// bit i of the 64 vectors 64j..64j+63 (vector v in bit v%64). All inputs must
// have the same number of words. The result has one slice per output bit,
// laid out the same way (a program without inputs yields one word per
// output). It runs on the current kernel (see SetKernel) in blocks of
// DefaultBlockWords words.
func (p *Program) Eval(inputs [][]uint64) ([][]uint64, error) {
	if len(inputs) != p.NumInputs {
		return nil, fmt.Errorf("sim: %s: Eval got %d input bits, want %d", p.Name, len(inputs), p.NumInputs)
	}
	words := 0
	if len(inputs) > 0 {
		words = len(inputs[0])
	}
	for i, in := range inputs {
		if len(in) != words {
			return nil, fmt.Errorf("sim: %s: Eval input bit %d has %d words, input bit 0 has %d", p.Name, i, len(in), words)
		}
	}
	k, err := currentKernel()
	if err != nil {
		return nil, err
	}
	out := make([][]uint64, len(p.Outputs))
	for i := range out {
		out[i] = make([]uint64, words)
	}
	if words == 0 && p.NumInputs > 0 {
		return out, nil
	}
	if words == 0 {
		words = 1 // no inputs: still one word of constant outputs
		for i := range out {
			out[i] = make([]uint64, 1)
		}
	}
	bw := min(DefaultBlockWords, words)
	state := make([]uint64, p.NumSlots*bw)
	for off := 0; off < words; off += bw {
		w := min(bw, words-off)
		for i, in := range inputs {
			copy(state[i*w:(i+1)*w], in[off:off+w])
		}
		k.Run(p, state[:p.NumSlots*w], w)
		for i, s := range p.Outputs {
			copy(out[i][off:off+w], state[int(s)*w:int(s)*w+w])
		}
	}
	return out, nil
}

// String summarises the program on one line.
func (p *Program) String() string {
	return fmt.Sprintf("%s: %d inputs, %d outputs, %d ops, %d slots (from %d logic gates)",
		p.Name, p.NumInputs, len(p.Outputs), len(p.Code), p.NumSlots, p.LogicGates)
}

// Evaluator runs one Program again and again without allocating: it owns
// a state buffer of NumSlots·MaxWords words. A run is
//
//	e.SetWords(w)          // 64·w vectors, 1 <= w <= MaxWords
//	copy(e.Input(i), ...)  // every input bit i < NumInputs, every run
//	e.Run()                // the current kernel (see SetKernel)
//	e.Output(i)            // output bit i, or e.Slot(s) for any slot
//
// Input, Output and Slot return views of the state (w words each, slot s
// at state[s·w:(s+1)·w]); they are valid until the next SetWords or Run.
// Every input must be rewritten before each Run, because instructions may
// reuse the slot of an input once it is dead. An Evaluator is not safe
// for concurrent use; use one per goroutine (the Program is shared).
type Evaluator struct {
	p     *Program
	state []uint64
	max   int
	w     int
}

// NewEvaluator returns an Evaluator of p for runs of up to maxWords words
// per slot, set to maxWords words.
func (p *Program) NewEvaluator(maxWords int) (*Evaluator, error) {
	if maxWords < 1 {
		return nil, fmt.Errorf("sim: %s: NewEvaluator(%d): want at least 1 word", p.Name, maxWords)
	}
	// At most 2^31-1 words of state (16 GiB), which also fits a 32-bit int.
	if p.NumSlots > 0 && maxWords > math.MaxInt32/p.NumSlots {
		return nil, fmt.Errorf("sim: %s: NewEvaluator(%d): %d slots of %d words is too large", p.Name, maxWords, p.NumSlots, maxWords)
	}
	return &Evaluator{p: p, state: make([]uint64, p.NumSlots*maxWords), max: maxWords, w: maxWords}, nil
}

// Program returns the program e evaluates.
func (e *Evaluator) Program() *Program { return e.p }

// MaxWords returns the largest number of words per slot of a run.
func (e *Evaluator) MaxWords() int { return e.max }

// Words returns the number of words per slot of the next run.
func (e *Evaluator) Words() int { return e.w }

// SetWords sets the number of words per slot of the next run, 1..MaxWords.
// The layout of the state depends on it: write the inputs after SetWords.
func (e *Evaluator) SetWords(w int) error {
	if w < 1 || w > e.max {
		return fmt.Errorf("sim: %s: Evaluator.SetWords(%d): want 1..%d", e.p.Name, w, e.max)
	}
	e.w = w
	return nil
}

// Input returns the words of input bit i (slot i) to be written before
// Run: word j holds the input bit of vectors 64j..64j+63. It panics if i
// is not in 0..NumInputs-1.
func (e *Evaluator) Input(i int) []uint64 {
	if i < 0 || i >= e.p.NumInputs {
		panic(fmt.Sprintf("sim: %s: Evaluator.Input(%d) out of range [0, %d)", e.p.Name, i, e.p.NumInputs))
	}
	return e.state[i*e.w : (i+1)*e.w : (i+1)*e.w]
}

// Output returns the words of output bit i (slot Outputs[i]) after Run. It
// panics if i is not in 0..len(Outputs)-1.
func (e *Evaluator) Output(i int) []uint64 {
	if i < 0 || i >= len(e.p.Outputs) {
		panic(fmt.Sprintf("sim: %s: Evaluator.Output(%d) out of range [0, %d)", e.p.Name, i, len(e.p.Outputs)))
	}
	s := int(e.p.Outputs[i])
	return e.state[s*e.w : (s+1)*e.w : (s+1)*e.w]
}

// Slot returns the words of slot s, 0..NumSlots-1. It panics if s is out
// of range.
func (e *Evaluator) Slot(s int) []uint64 {
	if s < 0 || s >= e.p.NumSlots {
		panic(fmt.Sprintf("sim: %s: Evaluator.Slot(%d) out of range [0, %d)", e.p.Name, s, e.p.NumSlots))
	}
	return e.state[s*e.w : (s+1)*e.w : (s+1)*e.w]
}

// State returns the state of the current run, NumSlots·Words() words:
// slot s at [s·w, (s+1)·w) with w = Words(). Reading it after Run gives
// every slot without a call per slot.
func (e *Evaluator) State() []uint64 {
	n := e.p.NumSlots * e.w
	return e.state[:n:n]
}

// Run executes the program once over the current words per slot with the
// current kernel. It allocates nothing; it fails only when AXMUL_KERNEL
// names no available kernel.
func (e *Evaluator) Run() error {
	k, err := currentKernel()
	if err != nil {
		return err
	}
	k.Run(e.p, e.state[:e.p.NumSlots*e.w], e.w)
	return nil
}

// RunState executes p.Code once on a state buffer the caller owns, with
// the current kernel (see SetKernel): state holds p.NumSlots·w words, slot
// s, word j at state[s·w+j], inputs and any other slot the code reads
// already written. It lets a caller keep values between runs (for example
// re-running only part of a circuit on top of earlier results) where
// Evaluator would own the buffer. It allocates nothing and fails when w < 1,
// when state is shorter than p.NumSlots·w words, or when AXMUL_KERNEL
// names no available kernel.
func (p *Program) RunState(state []uint64, w int) error {
	if w < 1 {
		return fmt.Errorf("sim: %s: RunState(%d words): want at least 1 word per slot", p.Name, w)
	}
	if p.NumSlots > len(state)/w {
		return fmt.Errorf("sim: %s: RunState: state has %d words, want %d slots of %d words", p.Name, len(state), p.NumSlots, w)
	}
	k, err := currentKernel()
	if err != nil {
		return err
	}
	k.Run(p, state[:p.NumSlots*w], w)
	return nil
}
