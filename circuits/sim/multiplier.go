package sim

import (
	"context"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/internal/safego"
)

// Block is one batch of decoded results handed to a sink: vector i of the
// block has operands A[i], B[i] and output Out[i], all raw unsigned bit
// patterns (bit k is port bit k; the consumer interprets signedness). The
// three slices have the same length, at most 64*DefaultBlockWords. Start is
// the number of the block's first vector: in Exhaustive the combined index
// B<<n | A of vector i is Start+i; in Sample it counts samples. Index is
// the block's number, 0, 1, ... in the order of Start; the blocks of a run
// and their contents depend only on the run's arguments, never on the
// number of workers, so a sink that keeps per-block partial results and
// reduces them in Index order gets the same figures for any worker count.
// The slices are reused for the next block: a sink must not keep them.
//
// Blocks of ExhaustivePlanes carry the outputs undecoded instead: Out, A
// and B are nil and Planes[b][j] is bit-plane b of output O for word j
// (bit v of it belongs to vector 64j+v of the block; words past the
// block's last vector hold garbage). The planes are the simulator's own
// state: a sink must neither keep nor modify them.
type Block struct {
	Start     uint64
	Index     uint64
	A, B, Out []uint64
	// Planes holds the output bit-planes of ExhaustivePlanes blocks.
	Planes [][]uint64
	// Count is the number of vectors in the block (len(Out) when the
	// outputs are decoded).
	Count int
	// wk decodes the planes of an ExhaustivePlanes block on demand.
	wk *worker
}

// Multiplier is a compiled netlist with input ports A (n bits), B (m bits)
// and output port O (k bits). It is safe for concurrent use.
type Multiplier struct {
	prog    *Program
	n, m, k int
	aOff    int // input index of A[0]
	bOff    int // input index of B[0]
	oOff    int // index in prog.Outputs of O[0]
	// workers keeps evaluation buffers between calls (*worker).
	workers sync.Pool
	// specMin overrides minSpecBits when not 0 (tests: a value above
	// n+m turns specialization off, a small one exercises it on small
	// multipliers).
	specMin int
}

// MaxOperandBits bounds n+m: exhaustive indices and sample counts are
// uint64 and the bit-sliced index patterns need n+m < 64.
const MaxOperandBits = 62

// NewMultiplier compiles n and checks that its ports are exactly inputs A
// and B and output O, with n+m <= MaxOperandBits and O at most 64 bits.
func NewMultiplier(n *circuits.Netlist) (*Multiplier, error) {
	if n == nil {
		return nil, fmt.Errorf("sim: NewMultiplier: nil netlist")
	}
	for _, p := range n.Ports {
		switch {
		case p.Name == "A" && p.Dir == circuits.Input, p.Name == "B" && p.Dir == circuits.Input,
			p.Name == "O" && p.Dir == circuits.Output:
		default:
			dir := "input"
			if p.Dir == circuits.Output {
				dir = "output"
			}
			return nil, fmt.Errorf("sim: multiplier %s: unexpected %s port %s (want inputs A, B and output O)", n.Name, dir, p.Name)
		}
	}
	for _, name := range []string{"A", "B", "O"} {
		if _, ok := n.Port(name); !ok {
			return nil, fmt.Errorf("sim: multiplier %s: missing port %s (want inputs A, B and output O)", n.Name, name)
		}
	}
	p, err := Compile(n)
	if err != nil {
		return nil, err
	}
	a, _ := p.InputPort("A")
	b, _ := p.InputPort("B")
	o, _ := p.OutputPort("O")
	if a.Width+b.Width > MaxOperandBits {
		return nil, fmt.Errorf("sim: multiplier %s: A and B have %d bits together, at most %d supported", n.Name, a.Width+b.Width, MaxOperandBits)
	}
	if o.Width > 64 {
		return nil, fmt.Errorf("sim: multiplier %s: port O has %d bits, at most 64 supported", n.Name, o.Width)
	}
	return &Multiplier{prog: p, n: a.Width, m: b.Width, k: o.Width, aOff: a.Offset, bOff: b.Offset, oOff: o.Offset}, nil
}

// Program returns the compiled program.
func (mu *Multiplier) Program() *Program { return mu.prog }

// Widths returns the widths of A, B and O.
func (mu *Multiplier) Widths() (n, m, k int) { return mu.n, mu.m, mu.k }

// worker holds the per-goroutine buffers.
type worker struct {
	mu    *Multiplier
	k     Kernel
	w     int
	state []uint64
	mat   [64]uint64
	blk   Block
	buf   [3][]uint64
	// inSlots holds the input slots of an operand for untangleWords.
	inSlots []uint32
	// planes holds Block.Planes for ExhaustivePlanes.
	planes [][]uint64
	// patterns caches the exhaustive input rows (patternRow).
	patterns [][]uint64
	// prog is the program of the current block: mu.prog, or spec for
	// exhaustive blocks whose index bits specT and up are tied.
	prog *Program
	// spec is mu.prog specialized on index bits specT and up being those
	// of specKey<<specT (see specialize) when specOK; sp and tie are the
	// working arrays that make it.
	spec    Program
	specOK  bool
	specT   int
	specKey uint64
	sp      specializer
	tie     []int8
}

// getWorker returns buffers for w words per slot running kernel k, from
// the pool when possible; their contents are stale and get overwritten.
func (mu *Multiplier) getWorker(k Kernel, w int) *worker {
	if wk, ok := mu.workers.Get().(*worker); ok && wk.w == w {
		wk.k = k
		return wk
	}
	return mu.newWorker(k, w)
}

func (mu *Multiplier) newWorker(k Kernel, w int) *worker {
	wk := &worker{mu: mu, k: k, w: w, state: make([]uint64, mu.prog.NumSlots*w), prog: mu.prog}
	wk.buf[2] = make([]uint64, 64*w)
	return wk
}

// operandBufs returns the buffers for Block.A and Block.B, allocated on
// first use (ExhaustiveOutputs never needs them).
func (wk *worker) operandBufs(count int) (a, b []uint64) {
	if wk.buf[0] == nil {
		wk.buf[0], wk.buf[1] = make([]uint64, 64*wk.w), make([]uint64, 64*wk.w)
	}
	return wk.buf[0][:count], wk.buf[1][:count]
}

// lowPatterns[t] has bit v set iff bit t of v is set, for v < 64.
var lowPatterns = [6]uint64{
	0xAAAAAAAAAAAAAAAA, 0xCCCCCCCCCCCCCCCC, 0xF0F0F0F0F0F0F0F0,
	0xFF00FF00FF00FF00, 0xFFFF0000FFFF0000, 0xFFFFFFFF00000000,
}

// inputSlot returns the input slot of combined index bit t (A bits low).
func (mu *Multiplier) inputSlot(t int) int {
	if t < mu.n {
		return mu.aOff + t
	}
	return mu.bOff + t - mu.n
}

// blockUntangler is implemented by kernels that also decode output bit-planes
// to integers: untangleWords does for the first words whole words what
// untangle does word by word (value v of word j to out[64j+v], bit b from
// slot slots[b]) and returns how many words it did, 0 when it cannot.
type blockUntangler interface {
	untangleWords(state []uint64, w int, slots []uint32, words int, out []uint64) int
}

// run evaluates the block whose inputs are in wk.state and decodes the
// first count <= 64*w vectors of output O into wk.blk.Out.
func (wk *worker) run(count int) {
	wk.k.Run(wk.prog, wk.state, wk.w)
	out := wk.buf[2][:count]
	wk.decodeOutputs(out)
	wk.blk.Out, wk.blk.Planes, wk.blk.wk = out, nil, nil
}

// decodeOutputs decodes the first len(out) vectors of output O from the
// state, whole words with the kernel's decoder when it has one.
func (wk *worker) decodeOutputs(out []uint64) {
	mu, w, count := wk.mu, wk.w, len(out)
	outs := wk.prog.Outputs[mu.oOff : mu.oOff+mu.k]
	j0 := 0
	if u, ok := wk.k.(blockUntangler); ok {
		j0 = u.untangleWords(wk.state, w, outs, count/64, out)
	}
	for j := j0; j*64 < count; j++ {
		for b, s := range outs {
			wk.mat[b] = wk.state[int(s)*w+j]
		}
		untangle(&wk.mat, len(outs), out[j*64:min(count, j*64+64)])
	}
}

// DecodeOutputs returns the block's outputs as ExhaustiveOutputs delivers
// them in Out (raw bit patterns, Count of them), decoded from the planes
// of an ExhaustivePlanes block with the kernel's fastest decoder into dst
// (reallocated when too short). It lets a sink of bit-planes fall back to
// integers for some blocks. It panics on a block that has neither Out nor
// Planes.
func (b *Block) DecodeOutputs(dst []uint64) []uint64 {
	if cap(dst) < b.Count {
		dst = make([]uint64, b.Count)
	}
	dst = dst[:b.Count]
	switch {
	case b.Out != nil:
		copy(dst, b.Out)
	case b.wk != nil:
		b.wk.decodeOutputs(dst)
	default:
		panic("sim: Block.DecodeOutputs: a block without outputs")
	}
	return dst
}

// exhaustive evaluates the count vectors from combined index start and,
// when operands is set, fills Block.A and Block.B; index bits specT and up
// are tied (see specialize).
func (wk *worker) exhaustive(start uint64, count int, operands bool, specT int) {
	wk.setPatterns(start)
	wk.specialize(start, specT)
	wk.run(count)
	wk.blk.Start, wk.blk.A, wk.blk.B = start, nil, nil
	if !operands {
		return
	}
	mu := wk.mu
	a, b := wk.operandBufs(count)
	mask, n := uint64(1)<<mu.n-1, uint(mu.n)
	for i := range a {
		x := start + uint64(i)
		a[i] = x & mask
	}
	for i := range b {
		b[i] = (start + uint64(i)) >> n
	}
	wk.blk.Start, wk.blk.A, wk.blk.B = start, a, b
}

// exhaustivePlanes evaluates the count vectors from combined index start
// and hands the output bit-planes over undecoded (Block.Planes).
func (wk *worker) exhaustivePlanes(start uint64, count, specT int) {
	wk.setPatterns(start)
	wk.specialize(start, specT)
	mu, w := wk.mu, wk.w
	wk.k.Run(wk.prog, wk.state, w)
	if wk.planes == nil {
		wk.planes = make([][]uint64, mu.k)
	}
	for b, s := range wk.prog.Outputs[mu.oOff : mu.oOff+mu.k] {
		wk.planes[b] = wk.state[int(s)*w : int(s)*w+w : int(s)*w+w]
	}
	wk.blk.Start, wk.blk.A, wk.blk.B, wk.blk.Out, wk.blk.Planes, wk.blk.wk = start, nil, nil, nil, wk.planes, wk
}

// specialize chooses the program for the exhaustive block from combined
// index start: when specT < n+m, mu.prog specialized on index bits specT
// and up (constant in the block: specT is at least 6 + log2(w)), made
// once per run of 2^specT pairs that share those bits and kept for the
// next block; otherwise mu.prog. A specialized program computes the same
// outputs from fewer instructions, so results do not depend on it.
func (wk *worker) specialize(start uint64, specT int) {
	mu := wk.mu
	nm := mu.n + mu.m
	if specT >= nm {
		wk.prog = mu.prog
		return
	}
	key := start >> specT
	if wk.specOK && wk.specT == specT && wk.specKey == key {
		wk.prog = &wk.spec
		return
	}
	if len(wk.tie) != mu.prog.NumInputs {
		wk.tie = make([]int8, mu.prog.NumInputs)
	}
	for i := range wk.tie {
		wk.tie[i] = -1
	}
	for t := specT; t < nm; t++ {
		wk.tie[mu.inputSlot(t)] = int8(start >> t & 1)
	}
	if err := wk.sp.specialize(mu.prog, wk.tie, &wk.spec); err != nil {
		// Cannot happen for a compiled program; the full one is correct.
		wk.specOK, wk.prog = false, mu.prog
		return
	}
	if need := wk.spec.NumSlots * wk.w; need > len(wk.state) {
		st := make([]uint64, need)
		copy(st, wk.state) // keep the input rows setPatterns wrote
		wk.state = st
	}
	wk.specOK, wk.specT, wk.specKey, wk.prog = true, specT, key, &wk.spec
}

// minSpecBits is the smallest number of low index bits an exhaustive run
// leaves free when it specializes its program on the others: each
// specialized program then serves at least 2^minSpecBits pairs, so that
// making it (about as costly as compiling the netlist) stays a few per
// cent of the run. Measured (README, Performance): on the 41 v2022 12x12
// circuits 19 and 20 alike, 18 and below slower; on a 16x16 one 19, 20
// and 21 alike, 18 slower.
const minSpecBits = 19

// specBits returns the index bit from which an exhaustive run of blocks of
// w words ties its inputs: the bits constant in every block (from 6 +
// log2(w)), and at least minSpecBits low bits free; a value of at least
// n+m means nothing is tied.
func (mu *Multiplier) specBits(w int) int {
	lo := minSpecBits
	if mu.specMin != 0 {
		lo = mu.specMin
	}
	return max(6+bits.Len(uint(w))-1, lo)
}

// specGroup returns how many consecutive exhaustive blocks of w words
// share one specialized program when index bits specT and up are tied: a
// worker claims them together, so that each program is made once.
func (mu *Multiplier) specGroup(specT, w int) uint64 {
	if specT >= mu.n+mu.m {
		return 1
	}
	return uint64(1) << (specT - 6 - (bits.Len(uint(w)) - 1))
}

// setPatterns writes the input words of the exhaustive block from combined
// index start: the six fixed low patterns and, for higher index bits,
// all-zero or all-one words. A block starts at a multiple of its w words
// (w a power of two), so index bit 6+s is the same in every block: for
// 2^s >= w constant, else the period-2^(s+1) word pattern; both are
// copied from rows made once per worker.
func (wk *worker) setPatterns(start uint64) {
	mu, w := wk.mu, wk.w
	word0 := start / 64
	aligned := w&(w-1) == 0 && word0%uint64(w) == 0
	for t := range mu.n + mu.m {
		d := wk.state[mu.inputSlot(t)*w:][:w]
		switch {
		case t < 6:
			copy(d, wk.patternRow(t))
		case aligned && 1<<(t-6) >= w:
			if word0>>(t-6)&1 == 0 {
				clear(d)
			} else {
				copy(d, wk.patternRow(6+bits.Len(uint(w))))
			}
		case aligned:
			copy(d, wk.patternRow(t))
		default:
			for j := range d {
				d[j] = -((word0 + uint64(j)) >> (t - 6) & 1)
			}
		}
	}
}

// patternRow returns the w input words of index bit t for a block starting
// at word 0: lowPatterns[t] for t < 6, then -(j >> (t-6) & 1) for word j;
// t = 6 + bits.Len(w) gives all-one words.
func (wk *worker) patternRow(t int) []uint64 {
	for len(wk.patterns) <= t {
		wk.patterns = append(wk.patterns, nil)
	}
	if r := wk.patterns[t]; r != nil {
		return r
	}
	r := make([]uint64, wk.w)
	for j := range r {
		switch {
		case t < 6:
			r[j] = lowPatterns[t]
		case t == 6+bits.Len(uint(wk.w)):
			r[j] = ^uint64(0)
		default:
			r[j] = -(uint64(j) >> (t - 6) & 1)
		}
	}
	wk.patterns[t] = r
	return r
}

func (wk *worker) sample(seed, blockNo uint64, count int) {
	mu, w := wk.mu, wk.w
	wk.prog = mu.prog
	rng := rand.New(rand.NewPCG(seed, blockNo))
	// Word-major draws: a shorter run draws a prefix of a longer one.
	for j := range w {
		for t := range mu.n + mu.m {
			wk.state[mu.inputSlot(t)*w+j] = rng.Uint64()
		}
	}
	// Decode the operands before the run: the kernel may reuse input slots.
	a, b := wk.operandBufs(count)
	wk.decodeInputs(a, mu.aOff, mu.n, count)
	wk.decodeInputs(b, mu.bOff, mu.m, count)
	wk.run(count)
	wk.blk.Start, wk.blk.A, wk.blk.B = blockNo*uint64(64*w), a, b
}

func (wk *worker) decodeInputs(dst []uint64, off, width, count int) {
	w := wk.w
	j0 := 0
	if u, ok := wk.k.(blockUntangler); ok {
		slots := wk.inSlots[:0]
		for b := range width {
			slots = append(slots, uint32(off+b))
		}
		wk.inSlots = slots
		j0 = u.untangleWords(wk.state, w, slots, count/64, dst)
	}
	for j := j0; j*64 < count; j++ {
		for b := range width {
			wk.mat[b] = wk.state[(off+b)*w+j]
		}
		untangle(&wk.mat, width, dst[j*64:min(count, j*64+64)])
	}
}

// workerCount resolves the workers argument: <= 0 means GOMAXPROCS.
func workerCount(workers int, blocks uint64) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if uint64(workers) > blocks {
		workers = int(blocks)
	}
	return max(workers, 1)
}

// blockGeometry returns the words per block (at most maxWords) and the
// number of blocks for total vectors.
func blockGeometry(total uint64, maxWords int) (w int, blocks uint64) {
	words := (total + 63) / 64
	w = int(min(words, uint64(maxWords)))
	return w, (words + uint64(w) - 1) / uint64(w)
}

// smallExhaustive is the largest number of pairs for which exhaustive
// runs size their blocks by stateBudget rather than DefaultBlockWords.
const smallExhaustive = 1 << 20

// stateBudget is the evaluation state, in bytes, that small exhaustive
// runs aim for. Such a run evaluates only a few blocks per Multiplier, so
// allocating and first touching the state costs more than the kernel
// loses on short rows (BenchmarkBlockWords: about 75% of the throughput
// at 64 words, 60% at 32; `axmul sim` over the 505 EvoApprox8b circuits
// spends less CPU and system time with 32-word blocks).
const stateBudget = 64 << 10

// exhaustiveWords returns the block words for an exhaustive run of total
// pairs: DefaultBlockWords, or for small runs halved while the state
// exceeds stateBudget, down to 32 words. Exhaustive results do not depend
// on it; Sample keeps DefaultBlockWords, which numbers its seeded blocks.
func (mu *Multiplier) exhaustiveWords(total uint64) int {
	w := DefaultBlockWords
	if total > smallExhaustive {
		return w
	}
	for w > 32 && 8*w*mu.prog.NumSlots > stateBudget {
		w /= 2
	}
	return w
}

// drive runs blocks 0..blocks-1 on the given number of workers; each
// worker claims the next group of consecutive blocks (group >= 1 of them)
// from a shared counter.
func (mu *Multiplier) drive(ctx context.Context, workers int, total uint64, maxWords int, group uint64, newSink func(worker int) func(*Block),
	fill func(wk *worker, blockNo uint64, count int)) error {
	if newSink == nil {
		return fmt.Errorf("sim: %s: nil sink constructor", mu.prog.Name)
	}
	k, err := currentKernel()
	if err != nil {
		return err
	}
	if total == 0 {
		return nil
	}
	w, blocks := blockGeometry(total, maxWords)
	group = max(group, 1)
	groups := (blocks + group - 1) / group
	nw := workerCount(workers, groups)
	var next atomic.Uint64
	var wg sync.WaitGroup
	errs := make([]error, nw)
	sinks := make([]func(*Block), nw)
	for i := range sinks {
		if sinks[i] = newSink(i); sinks[i] == nil {
			return fmt.Errorf("sim: %s: sink constructor returned nil for worker %d", mu.prog.Name, i)
		}
	}
	for i, sink := range sinks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := mu.getWorker(k, w)
			per := uint64(64 * w)
			// A panic (in a sink, say) becomes this worker's error and
			// stops the others; the worker is not reused.
			errs[i] = safego.Call(func() error {
				for {
					gn := next.Add(1) - 1
					if gn >= groups {
						return nil
					}
					for bn := gn * group; bn < min((gn+1)*group, blocks); bn++ {
						if err := ctx.Err(); err != nil {
							return err
						}
						count := int(min(per, total-bn*per))
						fill(wk, bn, count)
						wk.blk.Index, wk.blk.Count = bn, count
						sink(&wk.blk)
					}
				}
			})
			if _, panicked := errs[i].(*safego.PanicError); panicked {
				next.Store(groups)
				return
			}
			mu.workers.Put(wk)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if _, panicked := err.(*safego.PanicError); panicked {
			return fmt.Errorf("sim: %s: %w", mu.prog.Name, err)
		}
	}
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("sim: %s: %w", mu.prog.Name, err)
		}
	}
	return nil
}

// Exhaustive evaluates all 2^(n+m) operand pairs, in blocks of at most
// 64*DefaultBlockWords vectors, on workers goroutines (<= 0: GOMAXPROCS).
// newSink is called once per worker, before any block is evaluated, and
// the function it returns receives that worker's blocks, so sinks need no
// locks. Blocks arrive in no particular order; Block.Start tells where each
// belongs. Exhaustive stops early with ctx's error when ctx is cancelled,
// and with an error wrapping a *safego.PanicError if a sink panics.
func (mu *Multiplier) Exhaustive(ctx context.Context, workers int, newSink func(worker int) func(blk *Block)) error {
	return mu.exhaustiveAll(ctx, workers, newSink, true)
}

// ExhaustiveOutputs is Exhaustive for sinks that derive the operands from
// the index: the blocks carry Start and Out, while A and B are nil (vector
// i of a block has operands a = (Start+i) mod 2^n and b = (Start+i) >> n).
// It saves writing two slices per block.
func (mu *Multiplier) ExhaustiveOutputs(ctx context.Context, workers int, newSink func(worker int) func(blk *Block)) error {
	return mu.exhaustiveAll(ctx, workers, newSink, false)
}

// ExhaustivePlanes is Exhaustive for sinks that work on bit-planes: the
// blocks carry Start, Index and Planes (output bit-plane b of word j in
// Planes[b][j]), while Out, A and B are nil; vector 64j+v of a block has
// combined index Start+64j+v. Nothing is decoded to integers.
func (mu *Multiplier) ExhaustivePlanes(ctx context.Context, workers int, newSink func(worker int) func(blk *Block)) error {
	return mu.sweep(ctx, workers, newSink, (*worker).exhaustivePlanes)
}

func (mu *Multiplier) exhaustiveAll(ctx context.Context, workers int, newSink func(worker int) func(blk *Block), operands bool) error {
	return mu.sweep(ctx, workers, newSink, func(wk *worker, start uint64, count, specT int) {
		wk.exhaustive(start, count, operands, specT)
	})
}

// sweep drives an exhaustive run over all 2^(n+m) pairs: fill evaluates
// the count vectors from combined index start with index bits specT and
// up tied (see specialize), and workers claim the blocks sharing those
// bits together (specGroup).
func (mu *Multiplier) sweep(ctx context.Context, workers int, newSink func(worker int) func(blk *Block),
	fill func(wk *worker, start uint64, count, specT int)) error {
	total := uint64(1) << (mu.n + mu.m)
	maxWords := mu.exhaustiveWords(total)
	w, _ := blockGeometry(total, maxWords)
	per := uint64(64 * w)
	specT := mu.specBits(w)
	return mu.drive(ctx, workers, total, maxWords, mu.specGroup(specT, w), newSink, func(wk *worker, bn uint64, count int) {
		fill(wk, bn*per, count, specT)
	})
}

// Sample evaluates count operand pairs drawn uniformly at random: every
// operand bit of every vector is an independent fair bit. Block b (vectors
// b*64*DefaultBlockWords onwards, Block.Start) draws its bits from a PCG
// seeded with (seed, b), so the set of blocks, and each block's contents,
// depend only on seed, not on workers or scheduling: the samples of a
// smaller count are a prefix of those of a larger one.
func (mu *Multiplier) Sample(ctx context.Context, workers int, count, seed uint64, newSink func(worker int) func(blk *Block)) error {
	return mu.drive(ctx, workers, count, DefaultBlockWords, 1, newSink, func(wk *worker, bn uint64, n int) {
		wk.sample(seed, bn, n)
	})
}

// MaxProductsBits bounds n+m for Products.
const MaxProductsBits = 24

// Products returns the whole truth table: entry b<<n | a is the raw output
// bit pattern for operands a and b. It needs n+m <= MaxProductsBits and
// uses all cores.
func (mu *Multiplier) Products() ([]uint64, error) {
	if mu.n+mu.m > MaxProductsBits {
		return nil, fmt.Errorf("sim: %s: Products needs n+m <= %d, have %d+%d", mu.prog.Name, MaxProductsBits, mu.n, mu.m)
	}
	table := make([]uint64, 1<<(mu.n+mu.m))
	err := mu.ExhaustiveOutputs(context.Background(), 0, func(int) func(*Block) {
		return func(b *Block) { copy(table[b.Start:], b.Out) }
	})
	if err != nil {
		return nil, err
	}
	return table, nil
}
