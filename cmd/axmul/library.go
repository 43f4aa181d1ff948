package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/selection"
)

func cmdGen() *command {
	var f netlistFlags
	var from, out, filter string
	var builtin, keepGoing, exhaustive bool
	var jobs int
	var cf cacheFlags
	var shard string
	return &command{
		name:  "gen",
		usage: "--from DIR | --builtin  -o LIBDIR [--filter SUBSTR] [--jobs N] [--liberty FILE] [--cache DIR | --no-cache] [--shard i/N]",
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
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q", args)
				}
				if (from == "") == !builtin {
					return usagef("give exactly one of --from DIR and --builtin")
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
				bar := newProgressBar(e.stderr)
				sum, err := gen.Build(ctx, gen.BuildOptions{
					Source: from, Builtin: builtin, Out: out, Filter: filter, Jobs: jobs,
					Cells: lo.Cells, Roles: lo.Roles, Liberty: cellLib, KeepGoing: keepGoing, Exhaustive: exhaustive, Progress: bar.update,
					Cache: c, CellsID: cellsID, Shard: si, Shards: sn,
				})
				bar.done()
				if sum != nil {
					for _, w := range sum.Warnings {
						fmt.Fprintf(e.stderr, "axmul: warning: %s\n", w)
					}
					for _, fl := range sum.Failures {
						fmt.Fprintf(e.stderr, "axmul: %s: %v\n", fl.Name, fl.Err)
					}
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

// progressBar draws a one-line bar on a terminal and nothing elsewhere.
type progressBar struct {
	w       io.Writer
	enabled bool
	last    time.Time
}

func newProgressBar(w io.Writer) *progressBar {
	enabled := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			enabled = true
		}
	}
	return &progressBar{w: w, enabled: enabled}
}

func (p *progressBar) update(done, total int, name string) {
	if !p.enabled || (done < total && time.Since(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = time.Now()
	const width = 30
	n := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %-24.24s", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, name)
}

func (p *progressBar) done() {
	if p.enabled {
		fmt.Fprint(p.w, "\r\033[K")
	}
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
		tmp, err := os.MkdirTemp("", "axmul-builtin-")
		if err != nil {
			return nil, "", nop, err
		}
		cleanup = func() { os.RemoveAll(tmp) }
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
		return lib, fmt.Sprintf("%s, metric %s", desc, used), cleanup, nil
	}
	if metric == "" {
		metric = "power"
	}
	lib, err := gen.EvoApproxLibrary(dir, metric, gen.EvoApproxOptions{Cells: lo.Cells})
	if err != nil {
		return nil, "", nop, err
	}
	return lib, fmt.Sprintf("EvoApprox checkout %s (simulated on demand), metric %s", dir, metric), nop, nil
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
