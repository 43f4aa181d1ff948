package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"text/tabwriter"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/safego"
)

// maxSimSamples bounds --samples of sim and verify: 2^32 pairs, the whole
// input space of a 16x16 multiplier (about 30 s on 2 cores).
const maxSimSamples = 1 << 32

// simFlags are the flags of the commands that simulate multipliers.
type simFlags struct {
	netlistFlags
	exhaustive bool
	samples    uint64
	seed       uint64
	mreZero    string
	jobs       int
	// cache and shard are registered by sim only (verify neither caches
	// nor shards).
	cache cacheFlags
	shard shardFlag
}

func (f *simFlags) register(fs *flag.FlagSet) {
	f.netlistFlags.register(fs)
	fs.BoolVar(&f.exhaustive, "exhaustive", false, "simulate every operand pair even when A and B have more than 24 bits together")
	uint64Var(fs, &f.samples, "samples", 1<<24, 1, maxSimSamples, "`N` seeded uniform operand pairs for circuits with more than 24 operand bits (1..2^32)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the operand sample")
	fs.StringVar(&f.mreZero, "mre-zero", "auto", "how MRE%/WCRE% treat pairs with exact product 0: exclude, maxone (divide by max(1,|exact|)) or auto (EvoApprox8b names: maxone, else exclude)")
	jobsVar(fs, &f.jobs, "parallel workers (0: all cores)")
}

func (f *simFlags) zeroExact(name string) (errmap.ZeroExact, error) {
	switch f.mreZero {
	case "auto":
		return gen.DefaultZeroExact(name), nil
	case "exclude":
		return errmap.ExcludeZero, nil
	case "maxone":
		return errmap.DivideByMaxOne, nil
	}
	return 0, usagef("--mre-zero %q: want auto, exclude or maxone", f.mreZero)
}

// simRecord is one circuit's line of `axmul sim`; its metric keys are
// those of a bundle index entry.
type simRecord struct {
	netlistRead
	Gates int `json:"gates"`
	Depth int `json:"depth"`
	gen.EntryMetrics
	Exhaustive bool   `json:"exhaustive"`
	Pairs      uint64 `json:"pairs"`
	Seed       uint64 `json:"seed,omitempty"`
	warnings   []string
}

func cmdSim() *command {
	var f simFlags
	var format string
	return &command{
		name:  "sim",
		usage: "[--format table|json] [--signed|--unsigned] [--liberty FILE] [--top NAME] [--ports A,B,O] [--tie NAME=0|1] [--cache DIR|--no-cache] [--shard i/N] NETLIST|DIR ...",
		short: "simulate multiplier netlists and print their error metrics",
		long: `Sim parses each netlist (any format: .v .sv .blif .aag .aig .json;
directories are searched recursively for them; *_pdk45 standard-cell twins are
included only with --liberty), checks that it has operands A and B and a
product (see below), simulates it and prints its error metrics:
MAE, MSE, WCE, EP%, MRE%, WCRE%, MAE%, WCE%, mean and std of the error
e = approximate - exact over all operand pairs. Circuits with more than 24
operand bits are simulated on a seeded uniform sample unless --exhaustive is
given; the output says which.

Port roles: bit-blasted ports (A[0] ... A[7], or A_0_ ... A_7_) are first
regrouped into buses. Inputs named A and B and the only output are the
operands and the product; else a design with exactly two inputs and one
output takes them in declaration order (first input = A). Otherwise
--ports A_NAME,B_NAME,O_NAME names them, and --tie NAME=0|1 drives extra
inputs (enables, clocks of combinational designs) with constants. An
output declared [15:8] keeps its declared bit weights (bit i weighs 2^i).

Signedness: --signed/--unsigned; else signed when both operands are
declared signed; else from an EvoApprox-style module name (mulNs_*
signed, mulNu_*, mul8_* unsigned), then file name; else unsigned. A name
that contradicts ports declared signed is a warning; the declaration wins.
The JSON record says where it came from (signed_from: flag, ports, module,
file, default), which ports played A, B, O and the product's bit range.

Records are cached like gen's (--cache DIR, default axmul under the user
cache folder; --no-cache), keyed by the netlist's bytes and every option
that changes them; -v reports the hits. --shard i/N simulates only a
deterministic, cost-balanced share of the netlists (as gen --shard).`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			f.cache.register(fs)
			f.shard.register(fs)
			fs.StringVar(&format, "format", "table", "output format: table or json")
			return func(ctx context.Context, e *env, args []string) error {
				if format != "table" && format != "json" {
					return usagef("--format %q: want table or json", format)
				}
				if len(args) == 0 {
					return usagef("no netlist given")
				}
				recs, err := simulateAll(ctx, e, &f, args)
				if len(recs) > 0 {
					if format == "json" {
						if werr := writeJSON(e.stdout, recs); werr != nil {
							return werr
						}
					} else {
						writeSimTable(e.stdout, recs)
					}
				}
				return err
			}
		},
	}
}

// simulateAll loads and characterises every input, in parallel over files.
// Circuits that fail are reported on stderr; the error then says how many.
func simulateAll(ctx context.Context, e *env, f *simFlags, args []string) ([]simRecord, error) {
	if _, err := f.zeroExact(""); err != nil { // a bad --mre-zero is a usage error, before any work
		return nil, err
	}
	lo, err := f.loadOptions(e)
	if err != nil {
		return nil, err
	}
	files, err := expandInputs(args, f.liberty != "", lo.Verbose)
	if err != nil {
		return nil, err
	}
	if files, err = f.shard.apply(files, lo, gen.SimulatedPairs(f.exhaustive, f.samples)); err != nil {
		return nil, err
	}
	fc, err := f.recordCache()
	if err != nil {
		return nil, err
	}
	defer fc.note(e, f.verbose)
	jobs := f.jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	inner := 1 // goroutines per circuit: all cores go to a single file
	if len(files) < jobs {
		inner = jobs / len(files)
	}
	// Each worker keeps only the record: the netlist and its compiled
	// simulator become garbage at once, so the heap (and its page faults)
	// does not grow with the number of files.
	var progress func(done, total uint64)
	if len(files) == 1 {
		// One file: the bar follows its operand pairs (a 16x16 circuit
		// with --exhaustive takes half a minute).
		bar := newProgressBar(e.stderr)
		defer bar.done()
		progress = bar.pairs(filepath.Base(files[0]))
	}
	recs, err := forEachFile(ctx, e, files, jobs, func(file string) (simRecord, error) {
		c, err := cachedRecord(fc, file, func() (simCached, error) {
			r, err := characteriseOne(ctx, f, lo, file, inner, progress)
			return simCached{r, r.warnings}, err
		})
		c.Rec.File, c.Rec.warnings = file, c.Warnings
		return c.Rec, err
	})
	for _, r := range recs {
		for _, w := range r.warnings {
			fmt.Fprintf(e.stderr, "axmul: warning: %s\n", w)
		}
	}
	return recs, err
}

// simCached is what the cache keeps of a sim record: the record and its
// load warnings.
type simCached struct {
	Rec      simRecord `json:"record"`
	Warnings []string  `json:"warnings,omitempty"`
}

// recordCache opens the cache of sim records (nil with --no-cache); the
// key covers every flag that changes a record.
func (f *simFlags) recordCache() (*fileCache, error) {
	c, err := f.cache.open()
	if err != nil || c == nil {
		return nil, err
	}
	lib := ""
	if f.liberty != "" {
		if lib, err = fileDigest(f.liberty); err != nil {
			return nil, err
		}
	}
	return newFileCache(c, "sim", f.signed, f.unsigned, lib, f.top, f.ports, f.ties.String(),
		f.exhaustive, f.samples, f.seed, f.mreZero, f.defines.m), nil
}

// forEachFile runs do on every file, on up to jobs goroutines, and returns
// the results of the files that succeeded, in file order. Failures are
// reported on stderr, one line each, and make the error say how many.
func forEachFile[T any](ctx context.Context, e *env, files []string, jobs int, do func(file string) (T, error)) ([]T, error) {
	results := make([]T, len(files))
	errs := make([]error, len(files))
	bar := newProgressBar(e.stderr)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	// A panic in a worker becomes a *safego.PanicError returned once
	// every worker is done; it stops the feed.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	nw := min(jobs, len(files))
	panics := make([]error, nw)
	next := make(chan int)
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if panics[w] != nil {
					continue // drain: the feed stops soon
				}
				panics[w] = safego.Do(func() {
					if errs[i] = ctx.Err(); errs[i] == nil {
						results[i], errs[i] = do(files[i])
					}
					mu.Lock()
					defer mu.Unlock()
					done++
					bar.update(done, len(files), filepath.Base(files[i]))
				})
				if panics[w] != nil {
					stop()
				}
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	bar.done()
	for _, err := range panics {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		// Interrupted: the per-file errors are only the cancellation.
		return nil, err
	}
	out := make([]T, 0, len(files))
	for i, err := range errs {
		if err != nil {
			fmt.Fprintf(e.stderr, "axmul: %v\n", err)
			continue
		}
		out = append(out, results[i])
	}
	if failed := len(files) - len(out); failed > 0 {
		return out, fmt.Errorf("%d of %d netlists failed: %w", failed, len(files), errFailed)
	}
	return out, nil
}

func characteriseOne(ctx context.Context, f *simFlags, lo gen.LoadOptions, file string, workers int, progress func(done, total uint64)) (simRecord, error) {
	c, err := loadCircuit(file, lo)
	if err != nil {
		return simRecord{}, err
	}
	st, err := c.Netlist.Stats()
	if err != nil {
		return simRecord{}, fmt.Errorf("%s: %w", file, err)
	}
	z, err := f.zeroExact(c.Name)
	if err != nil {
		return simRecord{}, err
	}
	res, err := gen.Characterise(ctx, c, gen.CharOptions{
		Workers: workers, Exhaustive: f.exhaustive, Samples: f.samples, Seed: f.seed, ZeroExact: z, Progress: progress,
	})
	if err != nil {
		return simRecord{}, err
	}
	m := res.Metrics
	rec := simRecord{
		netlistRead: readOf(c, file), warnings: c.Warnings,
		Gates: st.Logic, Depth: st.Depth, EntryMetrics: gen.NewEntryMetrics(m, z),
		Exhaustive: res.Exhaustive, Pairs: m.Count,
	}
	if !res.Exhaustive {
		rec.Seed = res.Seed
	}
	return rec, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

func writeSimTable(w io.Writer, recs []simRecord) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "name\tsize\tsign\tgates\tdepth\tMAE\tMSE\tWCE\tEP%\tMRE%\tWCRE%\tMAE%\tWCE%\tmean\tstd\tpairs\t")
	sampled := false
	for _, r := range recs {
		sign := "u"
		if r.Signed {
			sign = "s"
		}
		pairs := fmt.Sprintf("2^%d", r.ABits+r.BBits)
		if !r.Exhaustive {
			pairs = fmt.Sprintf("%d*", r.Pairs)
			sampled = true
		}
		fmt.Fprintf(tw, "%s\t%dx%d\t%s\t%d\t%d\t%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.4f\t%.4f\t%s\t%s\t%s\t\n",
			r.Name, r.ABits, r.BBits, sign, r.Gates, r.Depth, num(r.MAE), num(r.MSE), r.WCE, r.EPPct, r.MREPct, r.WCREPct,
			r.MAEPct, r.WCEPct, num(r.MeanError), num(r.StdError), pairs)
	}
	tw.Flush()
	if sampled {
		fmt.Fprintln(w, "* sampled: metrics estimated on a seeded uniform sample (use --exhaustive for exact figures)")
	}
}

// num formats a metric with 6 significant digits (%g: an exponent only
// for very large or small magnitudes).
func num(v float64) string { return fmt.Sprintf("%.6g", v) }
