package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/selection"
)

// hwRecord is one circuit's line of `axmul hw`.
type hwRecord struct {
	netlistRead
	Library        string  `json:"library"`
	Cells          int     `json:"cells"`
	AreaUm2        float64 `json:"area_um2"`
	DelayNs        float64 `json:"delay_ns"`
	CriticalOutput string  `json:"critical_output,omitempty"`
	PowerMW        float64 `json:"power_mw"`
	DynamicMW      float64 `json:"dynamic_mw"`
	SwitchingMW    float64 `json:"switching_mw"`
	InternalMW     float64 `json:"internal_mw"`
	LeakageMW      float64 `json:"leakage_mw"`
	MeanToggleRate float64 `json:"mean_toggle_rate"`
	FrequencyMHz   float64 `json:"frequency_mhz"`
	Voltage        float64 `json:"voltage_v"`
	Vectors        int     `json:"vectors"`
	Seed           uint64  `json:"seed"`
	// Activity is "uniform" or MODEL.json:LAYER.
	Activity   string         `json:"activity"`
	CellCounts map[string]int `json:"cell_counts"`
}

// hwFlags are the flags of `axmul hw`.
type hwFlags struct {
	netlistFlags
	freqMHz  float64
	voltage  float64
	vectors  int
	seed     uint64
	activity string
	format   string
	jobs     int
	cache    cacheFlags
	shard    shardFlag
}

func cmdHw() *command {
	var f hwFlags
	return &command{
		name:  "hw",
		usage: "--liberty FILE [--freq MHZ] [--voltage V] [--vectors N] [--seed S] [--activity uniform|MODEL.json:LAYER] [--format table|json] [--top NAME] [--signed|--unsigned] [--ports A,B,O] [--tie NAME=0|1] [--cache DIR|--no-cache] [--shard i/N] NETLIST|DIR ...",
		short: "estimate area, delay and power of multiplier netlists with a Liberty library",
		long: `Hw maps each multiplier netlist (any format: .v .sv .blif .aag .aig .json;
directories are searched recursively for them, *_pdk45 standard-cell twins
included) onto the cells of a Liberty library and prints its hardware cost: cell count, area (library area unit,
um² for the usual libraries), critical-path delay (ns, NLDM static timing),
and average power (mW) split into switching, internal (together dynamic)
and leakage, from zero-delay simulation of an operand stream (glitches not
modelled). --format json adds the cells used and their counts, and how
the netlist was read, as sim's JSON: signed_from, ports, o_range, ties.

--liberty is required: axmul ships no cell library. Use e.g.
../shared/cells/gscl45nm.lib (FreePDK45) or osu018_stdcells.lib (180 nm).
Netlists that instantiate cells of that library are read with its cells.

The clock defaults to 1000 MHz, one new operand pair per cycle, and the
supply to the library's nominal voltage. The operand stream is --vectors
pairs (rounded up to a multiple of 64) drawn from a PCG seeded with --seed:
uniformly random by default (--activity uniform), or, with
--activity MODEL.json:LAYER, int8 activations (port A) and weights (port B)
drawn independently from the histograms of that layer of a model manifest
(as 'axmul select' reads it). That needs 8x8 multipliers; as in the int8
error maps, signed circuits get the values in two's complement and unsigned
ones their magnitudes (the sign handled outside the multiplier).
See circuits/hw (doc.go) for the power model and its calibration against
published EvoApprox figures: ranks agree, absolute power is about 2.4x the
published values under uniform operands.

Estimates under uniform operands are cached like gen's records (--cache DIR,
default axmul under the user cache folder; --no-cache), keyed by the
netlist's bytes, the Liberty file's and every option that changes them
(-v reports the hits); --activity MODEL.json:LAYER runs are not cached.
--shard i/N estimates only a deterministic, cost-balanced share of the
netlists (as gen --shard).`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			fs.StringVar(&f.liberty, "liberty", "", "Liberty `file` to map onto (required; e.g. ../shared/cells/gscl45nm.lib)")
			fs.BoolVar(&f.signed, "signed", false, "treat operands as two's complement (default: ports declared signed, else the module or file name mulNs_*, else unsigned)")
			fs.BoolVar(&f.unsigned, "unsigned", false, "treat operands as unsigned")
			fs.StringVar(&f.top, "top", "", "top module `name` (default: the module nobody instantiates)")
			fs.BoolVar(&f.verbose, "v", false, "verbose: report EvoApprox compatibility rewrites on stderr")
			f.registerPreproc(fs)
			f.registerRoles(fs)
			floatVar(fs, &f.freqMHz, "freq", 1000, 0, 1e6, true, "clock frequency in `MHz` (one operand pair per cycle)")
			floatVar(fs, &f.voltage, "voltage", 0, 0, 100, false, "supply voltage in `V` (0: the library's nom_voltage)")
			intVar(fs, &f.vectors, "vectors", 1<<16, 2, hw.MaxVectors, "`N` operand pairs simulated for the switching activity (2..2^32)")
			fs.Uint64Var(&f.seed, "seed", 1, "seed of the operand stream")
			fs.StringVar(&f.activity, "activity", "uniform", "operand distribution: uniform, or `MODEL.json:LAYER` (the layer's int8 activation and weight histograms)")
			fs.StringVar(&f.format, "format", "table", "output format: table or json")
			jobsVar(fs, &f.jobs, "netlists estimated in parallel (0: all cores)")
			f.cache.register(fs)
			f.shard.register(fs)
			return func(ctx context.Context, e *env, args []string) error {
				recs, err := hwAll(ctx, e, &f, args)
				if len(recs) > 0 {
					if f.format == "json" {
						if werr := writeJSON(e.stdout, recs); werr != nil {
							return werr
						}
					} else {
						writeHwTable(e.stdout, recs)
					}
				}
				return err
			}
		},
	}
}

// hwSetup is what every circuit of one `axmul hw` run shares.
type hwSetup struct {
	lib  *liberty.Library
	lo   gen.LoadOptions
	opts hw.PowerOptions // without Options (per mapped circuit) and Stimulus
	// act and wts are the layer's int8 distributions with --activity
	// MODEL.json:LAYER; layer is nil for uniform operands.
	layer    *selection.Layer
	act, wts errmap.Dist
}

// setup validates the flags and arguments, reads the Liberty file and the
// model layer.
func (f *hwFlags) setup(e *env, args []string) (*hwSetup, error) {
	switch {
	case f.format != "table" && f.format != "json":
		return nil, usagef("--format %q: want table or json", f.format)
	case f.liberty == "":
		return nil, usagef("--liberty FILE is required (axmul ships no cell library; e.g. ../shared/cells/gscl45nm.lib)")
	case len(args) == 0:
		return nil, usagef("no netlist given")
	case !(f.freqMHz > 0) || math.IsInf(f.freqMHz, 0):
		return nil, usagef("--freq %g: want a frequency in MHz > 0", f.freqMHz)
	case !(f.voltage >= 0) || math.IsInf(f.voltage, 0):
		return nil, usagef("--voltage %g: want a voltage > 0, or 0 for the library's nominal one", f.voltage)
	case f.vectors < 2:
		return nil, usagef("--vectors %d: want at least 2", f.vectors)
	}
	s := &hwSetup{opts: hw.PowerOptions{FrequencyGHz: f.freqMHz / 1000, Voltage: f.voltage, Vectors: f.vectors, Seed: f.seed}}
	if f.activity != "uniform" {
		i := strings.LastIndex(f.activity, ":")
		if i <= 0 || i == len(f.activity)-1 {
			return nil, usagef("--activity %q: want uniform or MODEL.json:LAYER", f.activity)
		}
		path, name := f.activity[:i], f.activity[i+1:]
		layers, err := selection.LoadModel(path)
		if err != nil {
			return nil, err
		}
		var names []string
		for j := range layers {
			if layers[j].Name == name {
				s.layer = &layers[j]
			}
			names = append(names, layers[j].Name)
		}
		if s.layer == nil {
			return nil, fmt.Errorf("%s: no layer %q (layers: %s)", path, name, strings.Join(names, ", "))
		}
		if s.act, err = errmap.NewDist(s.layer.Features); err != nil {
			return nil, fmt.Errorf("%s: layer %s: features: %w", path, name, err)
		}
		if s.wts, err = errmap.NewDist(s.layer.Weights); err != nil {
			return nil, fmt.Errorf("%s: layer %s: weights: %w", path, name, err)
		}
	}
	saved := f.liberty
	f.liberty = "" // parsed once below, for the cells and the mapping
	lo, err := f.loadOptions(e)
	f.liberty = saved
	if err != nil {
		return nil, err
	}
	lib, err := liberty.ParseFile(f.liberty)
	if err != nil {
		return nil, err
	}
	lo.Cells = verilog.LibertyCells(lib)
	s.lib, s.lo = lib, lo
	return s, nil
}

// hwAll estimates every input, in parallel over files. Circuits that fail
// are reported on stderr; the error then says how many.
func hwAll(ctx context.Context, e *env, f *hwFlags, args []string) ([]hwRecord, error) {
	s, err := f.setup(e, args)
	if err != nil {
		return nil, err
	}
	files, err := expandInputs(args, true, s.lo.Verbose)
	if err != nil {
		return nil, err
	}
	vectors := float64(f.vectors)
	if files, err = f.shard.apply(files, s.lo, func(int, int) float64 { return vectors }); err != nil {
		return nil, err
	}
	var fc *fileCache
	if s.layer == nil {
		c, err := f.cache.open()
		if err != nil {
			return nil, err
		}
		lib, err := fileDigest(f.liberty)
		if err != nil {
			return nil, err
		}
		fc = newFileCache(c, "hw", lib, f.signed, f.unsigned, f.top, f.ports, f.ties.String(),
			f.freqMHz, f.voltage, f.vectors, f.seed, f.defines.m)
		defer fc.note(e, f.verbose)
	}
	jobs := f.jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	return forEachFile(ctx, e, files, jobs, func(file string) (hwRecord, error) {
		r, err := cachedRecord(fc, file, func() (hwRecord, error) {
			r, err := s.estimate(ctx, file, f.activity)
			if err != nil {
				return hwRecord{}, err
			}
			return *r, nil
		})
		r.File = file
		return r, err
	})
}

// estimate loads, maps and estimates one netlist.
func (s *hwSetup) estimate(ctx context.Context, file, activity string) (*hwRecord, error) {
	c, err := loadCircuit(file, s.lo)
	if err != nil {
		return nil, err
	}
	m, err := hw.Map(c.Netlist, s.lib)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	o := s.opts
	o.Options = hw.DefaultOptions(s.lib)
	if s.layer != nil {
		if c.ABits != 8 || c.BBits != 8 {
			return nil, fmt.Errorf("%s: --activity %s draws int8 operands: needs an 8x8 multiplier, %s is %dx%d", file, activity, c.Name, c.ABits, c.BBits)
		}
		if o.Stimulus, err = hw.Int8Stimulus(c.Netlist, s.act, s.wts, c.Signed, s.opts.Seed); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	sta, err := m.STA(o.Options)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p, err := m.PowerContext(ctx, o)
	if errors.Is(err, hw.ErrNoVoltage) {
		return nil, fmt.Errorf("%s: %w: use --voltage V", file, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &hwRecord{
		netlistRead: readOf(c, file),
		Library:     s.lib.Name, Cells: len(m.Instances), AreaUm2: m.Area(),
		DelayNs: sta.Delay, CriticalOutput: sta.Output,
		PowerMW: p.Total, DynamicMW: p.Dynamic(), SwitchingMW: p.Switching, InternalMW: p.Internal, LeakageMW: p.Leakage,
		MeanToggleRate: p.MeanToggleRate, FrequencyMHz: p.FrequencyGHz * 1000, Voltage: p.Voltage,
		Vectors: p.Activity.Vectors, Seed: s.opts.Seed, Activity: activity, CellCounts: m.CellCounts(),
	}, nil
}

func writeHwTable(w io.Writer, recs []hwRecord) {
	r0 := recs[0]
	fmt.Fprintf(w, "library %s, %s MHz, %s V, %d vectors of %s operands (seed %d)\n\n",
		r0.Library, num(r0.FrequencyMHz), num(r0.Voltage), r0.Vectors, r0.Activity, r0.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "name\tsize\tsign\tcells\tarea_um2\tdelay_ns\tpower_mW\tswitching\tinternal\tleakage\ttoggle_rate\t")
	for _, r := range recs {
		sign := "u"
		if r.Signed {
			sign = "s"
		}
		fmt.Fprintf(tw, "%s\t%dx%d\t%s\t%d\t%s\t%.4f\t%s\t%s\t%s\t%s\t%.4f\t\n",
			r.Name, r.ABits, r.BBits, sign, r.Cells, num(r.AreaUm2), r.DelayNs,
			sig4(r.PowerMW), sig4(r.SwitchingMW), sig4(r.InternalMW), sig4(r.LeakageMW), r.MeanToggleRate)
	}
	tw.Flush()
}

// sig4 formats a power figure with 4 significant digits.
func sig4(v float64) string { return fmt.Sprintf("%.4g", v) }
