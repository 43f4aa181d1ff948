package gen

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/netio"
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
	// Roles says which ports are operands A, B and the product
	// (--ports, --tie); the zero value chooses automatically
	// (circuits.AssignRoles).
	Roles circuits.RoleOptions
	// Verbose receives notes such as EvoApprox compatibility rewrites and
	// regrouped bit-blasted ports.
	Verbose func(string)
	// Defines and IncludeDirs are given to the Verilog preprocessor
	// (`define NAME VALUE before the source; `include search folders).
	Defines     map[string]string
	IncludeDirs []string
	// Reader, when set, parses the file and keeps its working memory for
	// the next Load: give each goroutine that loads many netlists its own.
	// Nil parses with verilog.ParseFile. Other formats ignore it.
	Reader *verilog.Reader
}

// Sources of Circuit.SignSource.
const (
	SignFromFlag    = "flag"    // --signed / --unsigned (LoadOptions.Sign)
	SignFromPorts   = "ports"   // both operand ports declared signed
	SignFromModule  = "module"  // the top module's name (mulNs_*, mulNu_*, mul8_*)
	SignFromFile    = "file"    // the file's name
	SignFromDefault = "default" // nothing said: unsigned
)

// Circuit is a loaded multiplier netlist.
type Circuit struct {
	// Name is the file's base name without extension (EvoApprox names the
	// circuit so), File the path it was read from.
	Name, File string
	// Netlist has exactly the ports A, B and O (circuits.AssignRoles).
	Netlist *circuits.Netlist
	// ABits, BBits and OBits are the widths of ports A, B and O (O
	// includes the constant-0 bits below a declared range such as [15:8]).
	ABits, BBits, OBits int
	Signed              bool
	// SignSource says where Signed came from: one of SignFromFlag,
	// SignFromPorts, SignFromModule, SignFromFile, SignFromDefault.
	SignSource string
	// OutPort is the source name of the output port (O, or e.g. Z in a
	// few EvoApprox files, p with --ports a,b,p).
	OutPort string
	// Roles reports which source ports became A, B and O and the
	// product's declared bit range.
	Roles *circuits.Roles
	// Warnings are conflicts the caller should show (e.g. ports declared
	// signed in a file whose name says unsigned).
	Warnings []string
	mult     *sim.Multiplier
}

// Load reads the netlist at path in any format circuits/netio knows (by
// extension: .v .sv .blif .aag .aig .json), assigns the roles of its ports
// (operands A and B, product O) and decides its signedness.
func Load(path string, opts LoadOptions) (*Circuit, error) {
	n, err := netio.Open(path, netio.Options{Top: opts.Top, Cells: opts.Cells, Verbose: opts.Verbose, Reader: opts.Reader, KeepBits: true, Defines: opts.Defines, IncludeDirs: opts.IncludeDirs})
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return FromNetlistOptions(name, path, n, opts)
}

// FromNetlist wraps an elaborated netlist as a multiplier with automatic
// port roles. name is the file's base name, used for the signedness rule.
func FromNetlist(name, file string, n *circuits.Netlist, sign Signedness) (*Circuit, error) {
	return FromNetlistOptions(name, file, n, LoadOptions{Sign: sign})
}

// FromNetlistOptions wraps an elaborated netlist as a multiplier: it
// assigns port roles with opts.Roles and decides the signedness: opts.Sign
// when set; else signed when both operand ports are declared signed; else
// from the EvoApprox-style name (mulNs_*, mulNu_*, mul8_*) of the top
// module, then of the file (name); else unsigned. A name that contradicts
// ports declared signed gives a warning (Circuit.Warnings) and the
// declaration wins.
func FromNetlistOptions(name, file string, n *circuits.Netlist, opts LoadOptions) (*Circuit, error) {
	c := &Circuit{Name: name, File: file}
	rn, roles, err := circuits.AssignRoles(n, opts.Roles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if opts.Verbose != nil {
		for _, s := range roles.Regrouped {
			opts.Verbose(fmt.Sprintf("%s: %s", file, s))
		}
		for _, s := range roles.Dropped {
			opts.Verbose(fmt.Sprintf("%s: output %s plays no role (ignored)", file, s))
		}
	}
	c.Roles, c.OutPort, c.Netlist = roles, roles.O, rn
	mu, err := sim.NewMultiplier(rn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c.mult = mu
	c.ABits, c.BBits, c.OBits = mu.Widths()
	if err := c.decideSign(n.Name, opts.Sign); err != nil {
		return nil, err
	}
	return c, nil
}

// decideSign sets Signed and SignSource (see FromNetlistOptions).
func (c *Circuit) decideSign(module string, sign Signedness) error {
	type said struct {
		name   string
		source string
		shape  evoapprox.Shape
	}
	var names []said
	if sh, err := evoapprox.ParseName(module); err == nil && module != "" {
		names = append(names, said{module, SignFromModule, sh})
	}
	if sh, err := evoapprox.ParseName(c.Name); err == nil {
		names = append(names, said{c.Name, SignFromFile, sh})
	}
	a, b := c.Netlist.Ports[0], c.Netlist.Ports[1]
	switch sign {
	case Signed:
		c.Signed, c.SignSource = true, SignFromFlag
		return nil
	case Unsigned:
		c.Signed, c.SignSource = false, SignFromFlag
		return nil
	}
	if a.Signed != b.Signed {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: only operand %s is declared signed; the port declarations are ignored for signedness", c.File, map[bool]string{true: c.Roles.A, false: c.Roles.B}[a.Signed]))
	}
	if len(names) == 2 && names[0].shape.Signed != names[1].shape.Signed {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: module %s says %s but the file name %s says %s; the module name wins",
			c.File, names[0].name, signWord(names[0].shape.Signed), names[1].name, signWord(names[1].shape.Signed)))
	}
	if a.Signed && b.Signed {
		c.Signed, c.SignSource = true, SignFromPorts
		if len(names) > 0 && !names[0].shape.Signed {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: ports %s and %s are declared signed but the %s name %s says unsigned; the declaration wins (signed)",
				c.File, c.Roles.A, c.Roles.B, names[0].source, names[0].name))
		}
		return nil
	}
	if len(names) == 0 {
		c.Signed, c.SignSource = false, SignFromDefault
		return nil
	}
	sh := names[0]
	c.Signed, c.SignSource = sh.shape.Signed, sh.source
	if sh.shape.ABits != c.ABits || sh.shape.BBits != c.BBits {
		return fmt.Errorf("%s: %s name %s says %dx%d but operands %s, %s have %d and %d bits", c.File, sh.source, sh.name, sh.shape.ABits, sh.shape.BBits, c.Roles.A, c.Roles.B, c.ABits, c.BBits)
	}
	return nil
}

func signWord(signed bool) string {
	if signed {
		return "signed"
	}
	return "unsigned"
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
	// Path chooses how an exhaustive run without KeepProducts computes
	// its metrics; every path gives the same figures, bit for bit.
	Path MetricsPath
	// probe makes PathAuto probe under every kernel, as it does under
	// avx512 (tests).
	probe bool
	// Progress, when set, is called after each simulated block with the
	// number of pairs done so far and the total; calls come from the
	// worker goroutines concurrently (done may arrive out of order).
	Progress func(done, total uint64)
}

// MetricsPath selects how Characterise turns an exhaustive run's outputs
// into metrics.
type MetricsPath int

// MetricsPath values.
const (
	// PathAuto takes the bit-plane path where the widths allow it; under
	// the avx512 kernel it decodes the blocks of circuits with frequent
	// errors instead (see planesFaster).
	PathAuto MetricsPath = iota
	// PathDecode decodes every output to an integer and accumulates the
	// pairs in chunks (errmap.Accumulator.AddOutputs).
	PathDecode
	// PathPlanes computes the metrics from the output bit-planes
	// (errmap.Accumulator.AddPlanes) where the widths allow it
	// (errmap.Accumulator.PlanesFast), else decodes.
	PathPlanes
)

// planesFaster reports whether the bit-plane metrics path beats decoding
// under the named simulation kernel for every circuit. The bit-plane path
// is pure Go: it beats the generic and AVX2 decoding
// (BenchmarkCharacteriseExhaustive). The AVX-512 decoding decodes and
// divides 8 pairs at a time in assembly, while the bit-plane path divides
// one pair with an error at a time for MRE: it wins only where errors are
// rare (exact or nearly exact circuits, words without an error cost no
// decoding), so under avx512 PathAuto probes (probeErrFrac, probeSkip,
// probeSkipMax).
func planesFaster(kernel string) bool { return kernel != "avx512" }

// Under avx512, PathAuto takes a block on the bit-plane path and, when
// more than 1/probeErrFrac of its pairs have an error, decodes the next
// blocks in assembly (sim.Block.DecodeOutputs) before it tries the
// bit-planes again: probeSkip blocks after the first such probe, twice as
// many (plus one) after each further one in a row, at most probeSkipMax.
// Both paths give the same bits, so the choice changes only the time.
// Runs of fewer than probeMinPairs pairs (8x8: a few dozen blocks, where
// the first probe alone is a few per cent of the pairs) decode without
// probing.
const (
	probeErrFrac  = 8
	probeSkip     = 31
	probeSkipMax  = 4095
	probeMinPairs = 1 << 22
)

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
	// Each worker sums its blocks' integer figures (exact, so their order
	// does not matter) in its own accumulator and takes the relative-error
	// sum of each part apart (relChunk pairs of an exhaustive run, a whole
	// block of a sampled one), tagged with the part's index; the float
	// sums are then added in index order, so the result is the same for
	// any number of workers and any scheduling.
	type relPart struct {
		index uint64
		sum   errmap.RelSum
	}
	accs := make([]*errmap.Accumulator, 0, 8)
	parts := make([][]relPart, 0, 8)
	var products []uint64
	if opts.KeepProducts {
		products = make([]uint64, uint64(1)<<(c.ABits+c.BBits))
	}
	na, nb, no := c.ABits, c.BBits, c.OBits
	signed := c.Signed
	var nPairs uint64
	if exhaustive {
		nPairs = uint64(1) << (na + nb)
	} else if nPairs = opts.Samples; nPairs == 0 {
		nPairs = 1 << 24
	}
	var pairsDone atomic.Uint64
	progress := func(*sim.Block) {}
	if opts.Progress != nil {
		progress = func(b *sim.Block) { opts.Progress(pairsDone.Add(uint64(b.Count)), nPairs) }
	}
	usePlanes, adaptive := false, false
	if exhaustive && products == nil {
		widths, _ := errmap.NewAccumulator(na, nb)
		switch opts.Path {
		case PathPlanes:
			usePlanes = widths.PlanesFast(no)
		case PathAuto:
			k, err := sim.CurrentKernel()
			usePlanes = err == nil && widths.PlanesFast(no)
			adaptive = usePlanes && (opts.probe || !planesFaster(k))
			if adaptive && !opts.probe && nPairs < probeMinPairs {
				// Too few blocks for probing to pay: decode.
				usePlanes, adaptive = false, false
			}
		}
	}
	newSink := func(int) func(*sim.Block) {
		acc, err := errmap.NewAccumulator(na, nb)
		if err != nil {
			panic(err) // widths checked above
		}
		// newSink runs before any block, on the caller's goroutine.
		w := len(accs)
		accs = append(accs, acc)
		parts = append(parts, nil)
		if usePlanes {
			// As below, from the bit-planes: AddPlanes gives what
			// AddOutputs gives on the decoded outputs.
			sub := make([][]uint64, no)
			var dec []uint64
			skip, backoff := 0, probeSkip
			return func(b *sim.Block) {
				if skip > 0 {
					skip--
					dec = b.DecodeOutputs(dec)
					for off := 0; off < b.Count; off += relChunk {
						end := min(off+relChunk, b.Count)
						start := b.Start + uint64(off)
						acc.AddOutputs(start, dec[off:end], signed, no)
						parts[w] = append(parts[w], relPart{start / relChunk, acc.TakeRelSum()})
					}
					progress(b)
					return
				}
				errs0 := acc.ErrCount()
				for off := 0; off < b.Count; off += relChunk {
					end := min(off+relChunk, b.Count)
					for i, p := range b.Planes {
						sub[i] = p[off/64:]
					}
					start := b.Start + uint64(off)
					acc.AddPlanes(start, sub, end-off, signed)
					parts[w] = append(parts[w], relPart{start / relChunk, acc.TakeRelSum()})
				}
				if adaptive && (acc.ErrCount()-errs0)*probeErrFrac > uint64(b.Count) {
					skip, backoff = backoff, min(2*backoff+1, probeSkipMax)
				} else {
					backoff = probeSkip
				}
				progress(b)
			}
		}
		if exhaustive {
			// Block.Start numbers the pairs as AddOutputs does: the
			// operands and exact products follow from the index.
			// The relative-error sums are taken per relChunk pairs, not
			// per block: block sizes follow the program's size, and the
			// float sums must not (equivalent netlists give the same MRE).
			return func(b *sim.Block) {
				if products != nil {
					copy(products[b.Start:], b.Out)
				}
				for off := 0; off < len(b.Out); off += relChunk {
					end := min(off+relChunk, len(b.Out))
					start := b.Start + uint64(off)
					acc.AddOutputs(start, b.Out[off:end], signed, no)
					parts[w] = append(parts[w], relPart{start / relChunk, acc.TakeRelSum()})
				}
				progress(b)
			}
		}
		var ex, ap []int64
		return func(b *sim.Block) {
			accumulate(acc, b, na, nb, no, signed, &ex, &ap)
			parts[w] = append(parts[w], relPart{b.Index, acc.TakeRelSum()})
			progress(b)
		}
	}
	var err error
	if usePlanes {
		err = c.mult.ExhaustivePlanes(ctx, workers, newSink)
	} else if exhaustive {
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
	var nblocks uint64
	for _, ps := range parts {
		for _, p := range ps {
			nblocks = max(nblocks, p.index+1)
		}
	}
	ordered := make([]errmap.RelSum, nblocks)
	for _, ps := range parts {
		for _, p := range ps {
			ordered[p.index] = p.sum
		}
	}
	for _, r := range ordered {
		total.AddRelSum(r)
	}
	return &Result{Metrics: total.Result(errmap.Options{ZeroExact: opts.ZeroExact}), Exhaustive: exhaustive, Seed: opts.Seed, Products: products}, nil
}

// relChunk is the number of pairs of an exhaustive run whose relative-error
// sum is taken as one part (a divisor of every exhaustive block size: 64
// times the smallest block of 32 words).
const relChunk = 64 * 32

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
