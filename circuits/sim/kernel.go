package sim

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultBlockWords is the number of 64-bit words per slot in one block
// (W): a block evaluates 64*W input vectors. Larger blocks spread the
// per-instruction dispatch over more words; measured with the generic
// kernel (BenchmarkBlockWords, CPU time), W=256 beat 64 and 128 by 10-20%
// on 8x8 and 16x16 multipliers even though their state (28-66 slots of
// 2 KiB) then lives in L2 rather than L1. Sample's random streams depend on
// it (one PCG per block).
const DefaultBlockWords = 256

// EnvKernel is the environment variable that selects the kernel used when
// SetKernel has not been called; empty means the fastest available one.
const EnvKernel = "AXMUL_KERNEL"

// Kernel evaluates a whole Program over one block: state holds
// p.NumSlots*w words, slot s, word j at state[s*w+j], with the input slots
// already written; after Run the output slots hold the results. Kernels
// must agree with Op.Eval bit for bit.
type Kernel interface {
	// Name is the registry name, e.g. "generic".
	Name() string
	// Run executes p.Code in order on state with w words per slot.
	Run(p *Program, state []uint64, w int)
}

// Generic is the portable kernel in plain Go; it is always available.
var Generic Kernel = genericKernel{}

// kernels lists the built-in kernels, fastest last. It is fixed at package
// initialisation; platform files add to it through platformKernels.
var kernels = append([]Kernel{Generic}, platformKernels()...)

// selected holds the kernel chosen by SetKernel, or nil to follow the
// environment. It is process-wide state by design: one switch for tests,
// the AXMUL_KERNEL variable and the CLI flag.
var selected atomic.Pointer[Kernel]

var envKernel = sync.OnceValues(func() (Kernel, error) { return kernelFor(os.Getenv(EnvKernel)) })

// kernelFor resolves a value of AXMUL_KERNEL.
func kernelFor(name string) (Kernel, error) {
	if name == "" {
		return kernels[len(kernels)-1], nil
	}
	k, err := lookupKernel(name)
	if err != nil {
		return nil, fmt.Errorf("sim: %s=%q: %w", EnvKernel, name, err)
	}
	return k, nil
}

// Kernels returns the names of the available kernels, generic first.
func Kernels() []string {
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = k.Name()
	}
	return names
}

func lookupKernel(name string) (Kernel, error) {
	for _, k := range kernels {
		if k.Name() == name {
			return k, nil
		}
	}
	return nil, fmt.Errorf("unknown kernel %q (available: %s)", name, strings.Join(Kernels(), ", "))
}

// SetKernel makes the named kernel the one used by every later evaluation,
// overriding AXMUL_KERNEL, and returns a function that restores the previous
// choice. Evaluations already running keep the kernel they started with.
func SetKernel(name string) (restore func(), err error) {
	k, err := lookupKernel(name)
	if err != nil {
		return nil, fmt.Errorf("sim: SetKernel: %w", err)
	}
	prev := selected.Swap(&k)
	return func() { selected.Store(prev) }, nil
}

// CurrentKernel returns the kernel evaluations use now: the one set by
// SetKernel, else the one named by AXMUL_KERNEL, else the fastest
// available. It fails when AXMUL_KERNEL names no available kernel.
func CurrentKernel() (string, error) {
	k, err := currentKernel()
	if err != nil {
		return "", err
	}
	return k.Name(), nil
}

func currentKernel() (Kernel, error) {
	if k := selected.Load(); k != nil {
		return *k, nil
	}
	return envKernel()
}

type genericKernel struct{}

func (genericKernel) Name() string { return "generic" }

// Run computes, for every instruction in p.Code in order and every word
// j < w:
//
//	state[in.Dst*w+j] = in.Op.Eval(state[in.A*w+j], state[in.B*w+j], state[in.C*w+j])
//
// with one loop per opcode so that the compiler keeps the words in
// registers and drops the bounds checks; a fused op runs its inner and its
// outer op on 64 words at a time.
func (genericKernel) Run(p *Program, state []uint64, w int) {
	if w <= 0 {
		return
	}
	for _, in := range p.Code {
		d := state[int(in.Dst)*w:][:w]
		switch in.Op {
		case OpAnd:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = a[j] & b[j]
			}
		case OpOr:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = a[j] | b[j]
			}
		case OpXor:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = a[j] ^ b[j]
			}
		case OpNand:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = ^(a[j] & b[j])
			}
		case OpNor:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = ^(a[j] | b[j])
			}
		case OpXnor:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = ^(a[j] ^ b[j])
			}
		case OpAndNot:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = a[j] &^ b[j]
			}
		case OpOrNot:
			a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w]
			for j := range d {
				d[j] = a[j] | ^b[j]
			}
		case OpNot:
			a := state[int(in.A)*w:][:w]
			for j := range d {
				d[j] = ^a[j]
			}
		case OpMux:
			s, a, b := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w], state[int(in.C)*w:][:w]
			for j := range d {
				d[j] = (a[j] &^ s[j]) | (b[j] & s[j])
			}
		case OpConst0:
			clear(d)
		case OpConst1:
			for j := range d {
				d[j] = ^uint64(0)
			}
		default:
			inner, outer, ok := in.Op.Fused()
			if !ok {
				continue // unknown opcode: no effect, as in the assembly
			}
			// 64 words at a time through a buffer on the stack: every
			// word of a, b and c is read before the word of d is written,
			// so Dst may equal any source.
			a, b, c := state[int(in.A)*w:][:w], state[int(in.B)*w:][:w], state[int(in.C)*w:][:w]
			var t [64]uint64
			for j := 0; j < w; j += len(t) {
				n := min(len(t), w-j)
				binaryLoop(inner, t[:n], a[j:j+n], b[j:j+n])
				binaryLoop(outer, d[j:j+n], t[:n], c[j:j+n])
			}
		}
	}
}

// binaryLoop computes d[j] = op(a[j], b[j]) for a 2-input op (OpAnd..
// OpOrNot) and every j < len(d).
func binaryLoop(op Op, d, a, b []uint64) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case OpAnd:
		for j := range d {
			d[j] = a[j] & b[j]
		}
	case OpOr:
		for j := range d {
			d[j] = a[j] | b[j]
		}
	case OpXor:
		for j := range d {
			d[j] = a[j] ^ b[j]
		}
	case OpNand:
		for j := range d {
			d[j] = ^(a[j] & b[j])
		}
	case OpNor:
		for j := range d {
			d[j] = ^(a[j] | b[j])
		}
	case OpXnor:
		for j := range d {
			d[j] = ^(a[j] ^ b[j])
		}
	case OpAndNot:
		for j := range d {
			d[j] = a[j] &^ b[j]
		}
	case OpOrNot:
		for j := range d {
			d[j] = a[j] | ^b[j]
		}
	}
}
