package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/selection"
)

func cmdGen() *command {
	var f netlistFlags
	var from, out, filter string
	var builtin, keepGoing, exhaustive bool
	var jobs int
	var cf cacheFlags
	var shard, port string
	return &command{
		name:  "gen",
		usage: "--from DIR | --builtin -o LIBDIR [--filter SUBSTR] [--jobs N] [--liberty FILE] [--top NAME] [--signed|--unsigned] [--ports A,B,O] [--tie NAME=0|1] [--activation-port A|B] [--cache DIR | --no-cache] [--shard i/N]",
		short: "regenerate a library bundle (index, error maps, LUTs, metrics) from netlists",
		long: `Gen simulates every netlist of DIR (an EvoApproxLib checkout in any layout, or
any folder of multiplier netlists) or of the built-in parametric generators
(--builtin: array, truncated, broken-array, DRUM and Mitchell multipliers,
signed and unsigned) and writes a library bundle to LIBDIR:

  LIBDIR/index.json    per multiplier: name, source file and its sha256,
                       widths, signedness, computed error metrics, published
                       figures when the file has them, and the paths below
  LIBDIR/maps/*.npy    native-domain error maps (int32 [2^n, 2^m])
  LIBDIR/int8/*.npy    int8-domain error maps of 8x8 multipliers
  LIBDIR/lut/*.npy     TorchApprox LUTs of 8x8 multipliers (int32 [256, 256])

With --liberty FILE, each multiplier is also mapped onto that cell library
and index.json records its estimated hardware figures (as 'axmul hw' with
its defaults: 1 GHz, nominal voltage, 65536 uniform operand pairs) under
"estimated": est_area_um2, est_delay_ns and est_power_mw, names distinct
from the published area_um2, delay_ns and power_mw. They are metrics for
'axmul select --metric'; the Liberty file also resolves the cells of
*_pdk45.v standard-cell twins, which are then included.

--activation-port B lays every stored map out for activations on the
circuits' port B (weights on A): maps/ holds the transposed native maps
(int32 [2^m, 2^n], row = B), and int8/ and lut/ have the activation as row,
so that lut/NAME.npy is the table TorchApprox needs for that orientation.
index.json records "activation_port": "B" (the default A leaves the index as
it was); select, validate and deploy read the maps back in the circuits'
layout and take B as their default --activation-port.

The bundle is built in a temporary folder and renamed into place; the same
input gives a byte-identical index.

Every circuit's record (metrics, estimates, maps) is cached, keyed by the
sha256 of the netlist's bytes and of every option that changes it (Liberty
file, signedness, sampling, seed, metric definitions): a rebuild simulates
only what changed. --cache DIR chooses the cache folder (default: axmul
under the user cache folder, e.g. ~/.cache/axmul), --no-cache bypasses it;
'axmul cache' inspects and prunes it.

--shard i/N builds a deterministic share of the circuits (balanced by
gates x simulated pairs) into a partial bundle; 'axmul merge' joins the N
parts into the bundle one unsharded gen would write, byte for byte (for
Slurm job arrays and Kubernetes Indexed Jobs: see deploy/).`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&from, "from", "", "folder of netlists (EvoApprox checkout or any .v files)")
			fs.BoolVar(&builtin, "builtin", false, "build the built-in generated library")
			fs.StringVar(&out, "o", "", "bundle `folder` to write (LIBDIR)")
			fs.StringVar(&filter, "filter", "", "keep only circuits whose name contains `SUBSTR`")
			jobsVar(fs, &jobs, "circuits simulated in parallel (0: all cores)")
			fs.BoolVar(&keepGoing, "keep-going", false, "leave failing circuits out instead of failing the build")
			fs.BoolVar(&exhaustive, "exhaustive", false, "simulate every pair also above 24 operand bits")
			cf.register(fs)
			fs.StringVar(&shard, "shard", "", "build only part `i/N` (0 <= i < N) into a partial bundle for axmul merge")
			fs.StringVar(&port, "activation-port", "A", "port that receives the activations (the stored maps' rows): A or B")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if (from == "") == !builtin {
					return usagef("give exactly one of --from DIR and --builtin")
				}
				p, err := parsePortFlag(port)
				if err != nil {
					return err
				}
				var si, sn int
				if shard != "" {
					var err error
					if si, sn, err = gen.ParseShard(shard); err != nil {
						return usagef("--shard: %v", err)
					}
				}
				if out == "" {
					return usagef("-o LIBDIR is required")
				}
				if err := checkOutputFolder("-o", out); err != nil {
					return err
				}
				lo, err := f.loadOptions(e)
				if err != nil {
					return err
				}
				var cellLib *liberty.Library
				var cellsID string
				if f.liberty != "" {
					if cellLib, err = liberty.ParseFile(f.liberty); err != nil {
						return err
					}
					if cellsID, err = fileDigest(f.liberty); err != nil {
						return err
					}
				}
				c, err := cf.open()
				if err != nil {
					return err
				}
				if builtin {
					hideBuiltin(e, filepath.Dir(filepath.Clean(out)), filepath.Base(filepath.Clean(out)))
				}
				bar := newProgressBar(e.stderr)
				sum, err := gen.Build(ctx, gen.BuildOptions{
					Source: from, Builtin: builtin, Out: out, Filter: filter, Jobs: jobs,
					Cells: lo.Cells, Roles: lo.Roles, Top: lo.Top, Sign: lo.Sign, Defines: lo.Defines, IncludeDirs: lo.IncludeDirs, Liberty: cellLib, KeepGoing: keepGoing, Exhaustive: exhaustive, Progress: bar.update,
					Cache: c, CellsID: cellsID, Shard: si, Shards: sn, ActivationPort: string(p),
				})
				bar.done()
				listed := false
				if sum != nil {
					for _, w := range sum.Warnings {
						fmt.Fprintf(e.stderr, "axmul: warning: %s\n", w)
					}
					for _, fl := range sum.Failures {
						if ctx.Err() != nil {
							break // interrupted: the failures are the cancellation
						}
						fmt.Fprintf(e.stderr, "axmul: %s: %s\n", fl.Name, e.errText(fl.Err))
						listed = true
					}
				}
				if listed && errors.Is(err, gen.ErrCircuitsFailed) {
					// Every failure is on a line above: say how many, once.
					return listedError{err}
				}
				if err != nil {
					return err
				}
				what := "wrote"
				if sn > 0 {
					what = fmt.Sprintf("wrote part %d/%d", si, sn)
				}
				fmt.Fprintf(e.stdout, "%s %s: %d circuits, %d failed, %.2f s%s\n", what, sum.Dir, sum.Circuits, len(sum.Failures), sum.Seconds, cacheNote(c, sum))
				return nil
			}
		},
	}
}

// listedError is gen.Build's failure error once the command has printed
// every failure on a line of its own: its message is the summary line
// only ("gen: build: 2 of 5 circuits failed (listed above)").
type listedError struct{ err error }

func (l listedError) Error() string {
	first, _, _ := strings.Cut(l.err.Error(), "\n")
	return first + " (listed above)"
}

func (l listedError) Unwrap() error { return l.err }

// progressBar draws a one-line bar on a terminal and nothing elsewhere.
// It stays silent for the first second, so that short runs print nothing
// extra, and redraws at most every 100 ms.
type progressBar struct {
	w       io.Writer
	enabled bool
	start   time.Time
	delay   time.Duration // how long a run goes on before its bar appears
	last    time.Time
	shown   bool
	now     func() time.Time // time.Now; tests replace it
}

// progressDelay is how long a run goes on before its bar appears, unless
// AXMUL_PROGRESS_DELAY (a Go duration such as 0s or 500ms) says otherwise.
const progressDelay = time.Second

func newProgressBar(w io.Writer) *progressBar {
	enabled := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			enabled = true
		}
	}
	delay := progressDelay
	if v := os.Getenv("AXMUL_PROGRESS_DELAY"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			delay = d
		}
	}
	return &progressBar{w: w, enabled: enabled, start: time.Now(), delay: delay, now: time.Now}
}

// update draws done of total, naming the item last finished (or started).
func (p *progressBar) update(done, total int, name string) {
	workerHook(name)
	if !p.enabled {
		return
	}
	now := p.now()
	if now.Sub(p.start) < p.delay || (p.shown && done < total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, true
	const width = 30
	n := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %-24.24s", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, name)
}

// clear erases a drawn bar, so that a line can be printed; the next
// update draws it again.
func (p *progressBar) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
		p.last = time.Time{}
	}
}

// pairs returns a gen.CharOptions.Progress function that draws the share
// of operand pairs simulated (in thousandths), safe for concurrent calls.
func (p *progressBar) pairs(name string) func(done, total uint64) {
	if !p.enabled {
		return nil
	}
	var mu sync.Mutex
	return func(done, total uint64) {
		mu.Lock()
		defer mu.Unlock()
		p.updateShare(done, total, name)
	}
}

// updateShare draws done of total as a percentage.
func (p *progressBar) updateShare(done, total uint64, name string) {
	now := p.now()
	if now.Sub(p.start) < p.delay || (p.shown && done < total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, true
	const width = 30
	n := int(width * (float64(done) / float64(max(total, 1))))
	fmt.Fprintf(p.w, "\r[%s%s] %5.1f%% of %d pairs %-24.24s", strings.Repeat("#", n), strings.Repeat(".", width-n), 100*float64(done)/float64(max(total, 1)), total, name)
}

// clearing returns w wrapped so that each write first erases the bar
// (both may be the same terminal).
func (p *progressBar) clearing(w io.Writer) io.Writer {
	if !p.enabled {
		return w
	}
	return clearingWriter{w, p}
}

type clearingWriter struct {
	w   io.Writer
	bar *progressBar
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.bar.clear()
	return c.w.Write(b)
}

// done erases the bar.
func (p *progressBar) done() { p.clear() }

// hideBuiltin makes errors name the built-in generators' Verilog, which
// gen writes into the src folder of the bundle it builds in dir/name (in
// a temporary first), "built-in NAME.v" rather than by a path that is gone
// when the build fails.
func hideBuiltin(e *env, dir, name string) {
	prefix := regexp.QuoteMeta(dir) + `/`
	if dir == "." {
		prefix = `(?:\./)?`
	}
	re := regexp.MustCompile(`(^|[\s:("'])` + prefix + `(?:` + regexp.QuoteMeta(name) + `|\.` + regexp.QuoteMeta(name) + `\.tmp-[0-9]+-[0-9a-f]{8}-[0-9]+)/src/`)
	e.hide = append(e.hide, func(s string) string { return re.ReplaceAllString(s, "${1}built-in ") })
}

// openLibrary opens --library: a bundle (a folder with index.json), an
// EvoApprox checkout, or, when empty, the built-in library generated into
// a temporary folder. It returns the library, a description, and a
// cleanup function.
func openLibrary(ctx context.Context, path, metric string, f *netlistFlags, e *env) (selection.Library, string, func(), error) {
	nop := func() {}
	lo, err := f.loadOptions(e)
	if err != nil {
		return nil, "", nop, err
	}
	dir, desc := path, path
	cleanup := nop
	if path == "" {
		// Folders of earlier runs killed before they could remove theirs.
		outfile.RemoveStale("", builtinPrefix, false)
		tmp, err := outfile.MkdirTemp("", builtinPrefix)
		if err != nil {
			return nil, "", nop, fmt.Errorf("cannot create the built-in library's temporary folder in TMPDIR=%s: %w (set TMPDIR to a writable folder)", os.TempDir(), unwrapPathErr(err))
		}
		cleanup = func() { os.RemoveAll(tmp) }
		// Errors name the built-in library, not its temporary folder
		// (nor gen's temporary bundle inside it).
		hideBuiltin(e, tmp, "lib")
		hidden := regexp.MustCompile(regexp.QuoteMeta(tmp) + `/lib\b`)
		e.hide = append(e.hide, func(s string) string { return hidden.ReplaceAllLiteralString(s, "<built-in library>") })
		dir = filepath.Join(tmp, "lib")
		bo := gen.BuildOptions{Builtin: true, Out: dir}
		if f.liberty != "" {
			// With a cell library the built-in circuits get estimated
			// area, delay and power, and est_power_mw becomes the default
			// metric.
			if bo.Liberty, err = liberty.ParseFile(f.liberty); err != nil {
				return nil, "", nop, err
			}
		}
		if _, err := gen.Build(ctx, bo); err != nil {
			cleanup()
			return nil, "", nop, err
		}
		desc = "built-in generated library"
	}
	if _, err := os.Stat(filepath.Join(dir, "index.json")); err == nil {
		b, err := gen.OpenBundle(dir)
		if err != nil {
			cleanup()
			return nil, "", nop, err
		}
		lib, used, err := bundleLibrary(b, metric)
		if err != nil {
			cleanup()
			return nil, "", nop, err
		}
		if b.ActivationPort() == gen.PortB {
			desc += " (maps laid out for activations on port B)"
		}
		return lib, fmt.Sprintf("%s, metric %s", desc, used), cleanup, nil
	}
	if metric == "" {
		metric = "power"
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, "", nop, fmt.Errorf("--library %s: no such folder", dir)
	}
	lib, err := gen.EvoApproxLibrary(dir, metric, gen.EvoApproxOptions{Cells: lo.Cells})
	if err != nil {
		if _, lerr := evoapprox.DetectLayout(dir); lerr != nil {
			return nil, "", nop, fmt.Errorf("--library %s: neither a library bundle (no %s) nor an EvoApprox checkout: %w", dir, gen.IndexFile, err)
		}
		return nil, "", nop, err
	}
	return lib, fmt.Sprintf("EvoApprox checkout %s (simulated on demand), metric %s", dir, metric), nop, nil
}

// libraryPort returns the activation port lib was built for (PortB for a
// bundle built with gen --activation-port B), else PortA: the default of
// select's, validate's and deploy's --activation-port.
func libraryPort(lib selection.Library) selection.Port {
	if pl, ok := lib.(interface{ ActivationPort() selection.Port }); ok {
		return pl.ActivationPort()
	}
	return selection.PortA
}

// bundleLibrary picks the bundle's metric: the one asked for, else the
// published power where every multiplier has it, else the power estimated
// with a Liberty library at build time (gen --liberty), else the logic
// gate count (said in the description).
func bundleLibrary(b *gen.Bundle, metric string) (selection.Library, string, error) {
	if metric != "" {
		lib, err := b.Library(metric)
		return lib, metric, err
	}
	lib, err := b.Library("power")
	if err == nil {
		return lib, "power (published, mW)", nil
	}
	if lib, err := b.Library("est_power_mw"); err == nil {
		return lib, "est_power_mw (no published power in this library; power estimated at build time, mW)", nil
	}
	lib, err2 := b.Library("gates")
	if err2 != nil {
		return nil, "", errors.Join(err, err2)
	}
	return lib, "gates (no published power in this library; logic gate count as proxy)", nil
}
