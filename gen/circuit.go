package gen

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
)

// Signedness chooses how operands are interpreted.
type Signedness int

// Signedness values.
const (
	SignFromName Signedness = iota // EvoApprox naming rule, unsigned when the name says nothing
	Unsigned
	Signed
)

// LoadOptions control how a netlist is read.
type LoadOptions struct {
	// Top names the top module (empty: the one nobody instantiates).
	Top string
	// Cells resolves standard cells defined only in a Liberty library.
	Cells verilog.CellResolver
	// Sign forces signed or unsigned operands.
	Sign Signedness
	// Verbose receives notes such as EvoApprox compatibility rewrites.
	Verbose func(string)
	// Defines and IncludeDirs are given to the Verilog preprocessor
	// (`define NAME VALUE before the source; `include search folders).
	Defines     map[string]string
	IncludeDirs []string
	// Reader, when set, parses the file and keeps its working memory for
	// the next Load: give each goroutine that loads many netlists its own.
	// Nil parses with verilog.ParseFile.
	Reader *verilog.Reader
}

// Circuit is a loaded multiplier netlist.
type Circuit struct {
	// Name is the file's base name without extension (EvoApprox names the
	// circuit so), File the path it was read from.
	Name, File string
	Netlist    *circuits.Netlist
	// ABits, BBits and OBits are the widths of ports A, B and the output.
	ABits, BBits, OBits int
	Signed              bool
	// SignSource says where Signed came from: "name", "option" or "default".
	SignSource string
	// OutPort is the name of the output port (O, or e.g. Z in a few
	// EvoApprox files).
	OutPort string
	mult    *sim.Multiplier
}

// Load parses and elaborates the netlist at path and checks its multiplier
// ports: inputs A and B and exactly one output.
func Load(path string, opts LoadOptions) (*Circuit, error) {
	vo := verilog.Options{Top: opts.Top, Cells: opts.Cells, Verbose: opts.Verbose, Defines: opts.Defines, IncludeDirs: opts.IncludeDirs}
	var n *circuits.Netlist
	var err error
	if opts.Reader != nil {
		n, err = opts.Reader.ParseFile(path, vo)
	} else {
		n, err = verilog.ParseFile(path, vo)
	}
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return FromNetlist(name, path, n, opts.Sign)
}

// FromNetlist wraps an elaborated netlist as a multiplier. name is used for
// the signedness rule.
func FromNetlist(name, file string, n *circuits.Netlist, sign Signedness) (*Circuit, error) {
	c := &Circuit{Name: name, File: file}
	var outs []int
	for i, p := range n.Ports {
		if p.Dir == circuits.Output {
			outs = append(outs, i)
		}
	}
	if len(outs) != 1 {
		return nil, fmt.Errorf("%s: multiplier needs exactly one output port, found %d", file, len(outs))
	}
	c.OutPort = n.Ports[outs[0]].Name
	if c.OutPort != "O" {
		// Simulate under the canonical name without touching the caller's netlist.
		cp := *n
		cp.Ports = append([]circuits.Port(nil), n.Ports...)
		cp.Ports[outs[0]].Name = "O"
		n = &cp
	}
	c.Netlist = n
	mu, err := sim.NewMultiplier(n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c.mult = mu
	c.ABits, c.BBits, c.OBits = mu.Widths()
	switch sign {
	case Signed:
		c.Signed, c.SignSource = true, "option"
	case Unsigned:
		c.Signed, c.SignSource = false, "option"
	default:
		c.SignSource = "default"
		if sh, err := evoapprox.ParseName(name); err == nil {
			c.Signed, c.SignSource = sh.Signed, "name"
			if sh.ABits != c.ABits || sh.BBits != c.BBits {
				return nil, fmt.Errorf("%s: name %s says %dx%d but ports A, B have %d and %d bits", file, name, sh.ABits, sh.BBits, c.ABits, c.BBits)
			}
		}
	}
	return c, nil
}

// Multiplier returns the compiled simulator of the circuit.
func (c *Circuit) Multiplier() *sim.Multiplier { return c.mult }

// Decode interprets a raw bit pattern of the given width as the circuit
// does: two's complement when signed.
func Decode(raw uint64, bits int, signed bool) int64 {
	if signed && bits < 64 && raw>>(bits-1)&1 == 1 {
		return int64(raw) - int64(1)<<bits
	}
	return int64(raw)
}

// DefaultZeroExact returns the MRE/WCRE convention of the library a
// circuit comes from: EvoApprox8b (mul8_NNN) divides by max(1, |exact|),
// EvoApproxLib v2022 and everything else excludes exact-zero pairs.
func DefaultZeroExact(name string) errmap.ZeroExact {
	if strings.HasPrefix(name, "mul8_") {
		return errmap.DivideByMaxOne
	}
	return errmap.ExcludeZero
}

// CharOptions control Characterise.
type CharOptions struct {
	// Workers is the number of goroutines (<= 0: all cores).
	Workers int
	// SampleAbove: when ABits+BBits exceeds it and Exhaustive is false, a
	// seeded uniform sample of Samples pairs is simulated instead of all
	// pairs. Zero means 24.
	SampleAbove int
	Exhaustive  bool
	Samples     uint64 // 0 means 1<<24
	Seed        uint64
	// ZeroExact is the MRE/WCRE convention.
	ZeroExact errmap.ZeroExact
	// KeepProducts asks for the whole truth table (only when exhaustive
	// and ABits+BBits <= sim.MaxProductsBits).
	KeepProducts bool
}

// Result is the outcome of Characterise.
type Result struct {
	Metrics errmap.Metrics
	// Exhaustive is true when every operand pair was simulated; else
	// Metrics are estimates over Metrics.Count sampled pairs.
	Exhaustive bool
	Seed       uint64
	// Products is the truth table raw[b<<ABits | a] when asked for.
	Products []uint64
}

// ErrTooLarge is returned when products are asked for a circuit too wide
// to tabulate.
var ErrTooLarge = errors.New("too many operand bits to tabulate")

// Characterise simulates the circuit and accumulates its error metrics.
func Characterise(ctx context.Context, c *Circuit, opts CharOptions) (*Result, error) {
	limit := opts.SampleAbove
	if limit == 0 {
		limit = 24
	}
	exhaustive := opts.Exhaustive || c.ABits+c.BBits <= limit
	if opts.KeepProducts && (!exhaustive || c.ABits+c.BBits > sim.MaxProductsBits) {
		return nil, fmt.Errorf("%s: %w (%dx%d)", c.File, ErrTooLarge, c.ABits, c.BBits)
	}
	if c.ABits+c.BBits > errmap.MaxProductBits {
		return nil, fmt.Errorf("%s: %dx%d operands exceed the %d-bit product limit", c.File, c.ABits, c.BBits, errmap.MaxProductBits)
	}
	workers := opts.Workers
	accs := make([]*errmap.Accumulator, 0, 8)
	var products []uint64
	if opts.KeepProducts {
		products = make([]uint64, uint64(1)<<(c.ABits+c.BBits))
	}
	na, nb, no := c.ABits, c.BBits, c.OBits
	signed := c.Signed
	newSink := func(int) func(*sim.Block) {
		acc, err := errmap.NewAccumulator(na, nb)
		if err != nil {
			panic(err) // widths checked above
		}
		accs = append(accs, acc) // newSink runs before any block, on the caller's goroutine
		if exhaustive {
			// Block.Start numbers the pairs as AddOutputs does: the
			// operands and exact products follow from the index.
			return func(b *sim.Block) {
				if products != nil {
					copy(products[b.Start:], b.Out)
				}
				acc.AddOutputs(b.Start, b.Out, signed, no)
			}
		}
		var ex, ap []int64
		return func(b *sim.Block) {
			accumulate(acc, b, na, nb, no, signed, &ex, &ap)
		}
	}
	var err error
	if exhaustive {
		err = c.mult.ExhaustiveOutputs(ctx, workers, newSink)
	} else {
		n := opts.Samples
		if n == 0 {
			n = 1 << 24
		}
		err = c.mult.Sample(ctx, workers, n, opts.Seed, newSink)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.File, err)
	}
	total, _ := errmap.NewAccumulator(na, nb)
	for _, a := range accs {
		if err := total.Merge(a); err != nil {
			return nil, err
		}
	}
	return &Result{Metrics: total.Result(errmap.Options{ZeroExact: opts.ZeroExact}), Exhaustive: exhaustive, Seed: opts.Seed, Products: products}, nil
}

// accumulate adds one block of simulated pairs to acc, decoding operands
// and products into the scratch slices ex and ap.
func accumulate(acc *errmap.Accumulator, b *sim.Block, na, nb, no int, signed bool, ex, ap *[]int64) {
	n := len(b.Out)
	if cap(*ex) < n {
		*ex, *ap = make([]int64, n), make([]int64, n)
	}
	e, p := (*ex)[:n], (*ap)[:n]
	if !signed {
		for i, out := range b.Out[:n] {
			e[i] = int64(b.A[i] * b.B[i])
			p[i] = int64(out)
		}
	} else {
		for i, out := range b.Out[:n] {
			e[i] = Decode(b.A[i], na, true) * Decode(b.B[i], nb, true)
			p[i] = Decode(out, no, true)
		}
	}
	acc.AddBlock(e, p)
}
