package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// LayerPowerOptions configure Library.EnableLayerPower: the cell library
// the candidates are mapped onto and the operating point of the power
// estimate (hw.PowerOptions).
type LayerPowerOptions struct {
	// Liberty is the standard-cell library; it also resolves the cells of
	// netlists that instantiate them. Required.
	Liberty *liberty.Library
	// FrequencyGHz is the clock, one operand pair per cycle (0: 1 GHz).
	FrequencyGHz float64
	// Voltage is the supply in V (0: the library's nom_voltage).
	Voltage float64
	// Vectors is the number of operand pairs simulated per layer and
	// candidate (0: 65536, as hw.Mapped.DefaultPowerOptions).
	Vectors int
	// Seed seeds the operand stream (the same for every candidate).
	Seed uint64
}

// netlistSource locates the netlist of a candidate and says how to read
// it.
type netlistSource func(name string) (candidateNetlist, error)

// candidateNetlist is where a candidate's netlist is and how it was read
// when the library was made: its signedness, its port roles (the zero
// value: automatic) and, when recorded, the product's declared bit range.
type candidateNetlist struct {
	path   string
	signed bool
	roles  circuits.RoleOptions
	oRange string
	top    string // the top module the bundle was built with (--top), "" for automatic
	// defines and includeDirs are the preprocessor settings it was read
	// with (--define, -I).
	defines     map[string]string
	includeDirs []string
}

// layerPower is the state behind Library.LayerMetric.
type layerPower struct {
	opts  LayerPowerOptions
	cells verilog.CellResolver

	mu     sync.Mutex
	mapped map[string]*lazyMapped
	dists  map[*selection.Layer]*lazyDists
}

type lazyMapped struct {
	once   sync.Once
	m      *hw.Mapped
	signed bool
	err    error
}

type lazyDists struct {
	once     sync.Once
	act, wts errmap.Dist
	err      error
}

// EnableLayerPower makes LayerMetric estimate each candidate's power under
// a layer's own operands: the candidate's netlist is mapped onto
// opts.Liberty (once, on first use) and simulated on opts.Vectors int8
// operand pairs drawn from the layer's activation histogram (port A) and
// weight histogram (port B), in two's complement for signed circuits and
// as magnitudes for unsigned ones (errmap's int8 domain), as
// `axmul hw --activity MODEL.json:LAYER` does. Candidates' netlists must
// still be where the library found them (a bundle checks their sha256).
func (l *Library) EnableLayerPower(opts LayerPowerOptions) error {
	switch {
	case opts.Liberty == nil:
		return fmt.Errorf("gen: library %s: EnableLayerPower needs a Liberty library", l.name)
	case l.source == nil:
		return fmt.Errorf("gen: library %s: candidates' netlists unknown, per-layer power unavailable", l.name)
	case !(opts.FrequencyGHz >= 0) || math.IsInf(opts.FrequencyGHz, 0):
		return fmt.Errorf("gen: library %s: LayerPowerOptions.FrequencyGHz = %g, want > 0 or 0 for 1 GHz", l.name, opts.FrequencyGHz)
	case !(opts.Voltage >= 0) || math.IsInf(opts.Voltage, 0):
		return fmt.Errorf("gen: library %s: LayerPowerOptions.Voltage = %g, want > 0 or 0 for nom_voltage", l.name, opts.Voltage)
	case opts.Vectors < 0 || opts.Vectors == 1:
		return fmt.Errorf("gen: library %s: LayerPowerOptions.Vectors = %d, want >= 2 or 0 for the default", l.name, opts.Vectors)
	}
	l.power = &layerPower{
		opts: opts, cells: verilog.LibertyCells(opts.Liberty),
		mapped: map[string]*lazyMapped{}, dists: map[*selection.Layer]*lazyDists{},
	}
	return nil
}

// LayerMetric returns the estimated average power in mW (switching,
// internal and leakage; hw.Mapped.Power) of the named candidate
// multiplying layer's activations by its weights, after EnableLayerPower;
// before, it fails. The layer's histograms are computed once per *Layer.
// It makes Library a selection.LayerMetricLibrary. The activations go to
// port A (LayerMetricPort chooses).
func (l *Library) LayerMetric(layer *selection.Layer, name string) (float64, error) {
	return l.LayerMetricPort(layer, name, selection.PortA)
}

// LayerMetricPort is LayerMetric with the layer's activations on port
// activation (selection.PortA or selection.PortB) and its weights on the
// other port. It makes Library a selection.PortLayerMetricLibrary, so that
// `select --metric layer_power` rates each candidate in the orientation
// the selection uses for it.
func (l *Library) LayerMetricPort(layer *selection.Layer, name string, activation selection.Port) (float64, error) {
	if activation != selection.PortA && activation != selection.PortB {
		return 0, fmt.Errorf("gen: library %s: activation port %q, want A or B", l.name, activation)
	}
	if _, ok := slices.BinarySearchFunc(l.cands, name, func(c selection.Candidate, n string) int { return strings.Compare(c.Name, n) }); !ok {
		return 0, fmt.Errorf("gen: library %s: %q is not a candidate", l.name, name)
	}
	lp := l.power
	if lp == nil {
		return 0, fmt.Errorf("gen: library %s: per-layer power needs a Liberty library (EnableLayerPower)", l.name)
	}
	lp.mu.Lock()
	lm := lp.mapped[name]
	if lm == nil {
		lm = &lazyMapped{}
		lp.mapped[name] = lm
	}
	ld := lp.dists[layer]
	if ld == nil {
		ld = &lazyDists{}
		lp.dists[layer] = ld
	}
	lp.mu.Unlock()
	lm.once.Do(func() { lm.m, lm.signed, lm.err = l.mapCandidate(name) })
	if lm.err != nil {
		return 0, lm.err
	}
	ld.once.Do(func() {
		if ld.act, ld.err = errmap.NewDist(layer.Features); ld.err != nil {
			ld.err = fmt.Errorf("gen: layer %s: features: %w", layer.Name, ld.err)
			return
		}
		if ld.wts, ld.err = errmap.NewDist(layer.Weights); ld.err != nil {
			ld.err = fmt.Errorf("gen: layer %s: weights: %w", layer.Name, ld.err)
		}
	})
	if ld.err != nil {
		return 0, ld.err
	}
	m := lm.m
	o := m.DefaultPowerOptions()
	if lp.opts.FrequencyGHz > 0 {
		o.FrequencyGHz = lp.opts.FrequencyGHz
	}
	o.Voltage = lp.opts.Voltage
	if lp.opts.Vectors > 0 {
		o.Vectors = lp.opts.Vectors
	}
	o.Seed = lp.opts.Seed
	onA, onB := ld.act, ld.wts
	if activation == selection.PortB {
		onA, onB = ld.wts, ld.act
	}
	stim, err := hw.Int8Stimulus(m.Source, onA, onB, lm.signed, lp.opts.Seed)
	if err != nil {
		return 0, fmt.Errorf("gen: layer %s: %w", layer.Name, err)
	}
	o.Stimulus = stim
	p, err := m.Power(o)
	if err != nil {
		return 0, fmt.Errorf("gen: layer %s: %w", layer.Name, err)
	}
	return p.Total, nil
}

// mapCandidate loads the named candidate's netlist and maps it.
func (l *Library) mapCandidate(name string) (*hw.Mapped, bool, error) {
	src, err := l.source(name)
	if err != nil {
		return nil, false, err
	}
	path := src.path
	sign := Unsigned
	if src.signed {
		sign = Signed
	}
	c, err := Load(path, LoadOptions{Cells: l.power.cells, Sign: sign, Roles: src.roles, Top: src.top, Defines: src.defines, IncludeDirs: src.includeDirs})
	if err != nil {
		return nil, false, err
	}
	if src.oRange != "" && c.Roles.ORange() != src.oRange {
		return nil, false, fmt.Errorf("%s: product %s is %s, the library records %s", path, c.Roles.O, c.Roles.ORange(), src.oRange)
	}
	if c.ABits != 8 || c.BBits != 8 {
		return nil, false, fmt.Errorf("%s: ports A, B have %d and %d bits, want 8", path, c.ABits, c.BBits)
	}
	m, err := hw.Map(c.Netlist, l.power.opts.Liberty)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return m, c.Signed, nil
}

// bundleSource locates the netlists of a bundle's entries: built-in
// bundles keep theirs inside, others under the source root, which is
// relative to the bundle (version 1 indexes: to the working directory) or
// absolute. The file must still have the sha256 the index records; when
// the source folder is gone the error says so. The netlist is to be read
// with the port roles the index records (BundleEntry.RoleOptions).
func (b *Bundle) bundleSource(name string) (candidateNetlist, error) {
	i, ok := b.byName[name]
	if !ok {
		return candidateNetlist{}, fmt.Errorf("gen: bundle %s: no multiplier %q", b.dir, name)
	}
	e := &b.index.Multipliers[i]
	var p string
	if b.index.Source.Kind == SourceBuiltin {
		rel, err := b.path(b.index.Source.Root + "/" + e.File)
		if err != nil {
			return candidateNetlist{}, fmt.Errorf("gen: bundle %s: multiplier %s: file: %w", b.dir, name, err)
		}
		p = rel
	} else {
		root := filepath.FromSlash(b.index.Source.Root)
		if b.index.Version >= 2 && !filepath.IsAbs(root) {
			root = filepath.Join(b.dir, root)
		}
		p = filepath.Join(root, filepath.FromSlash(e.File))
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
			return candidateNetlist{}, fmt.Errorf("gen: bundle %s: the netlists it was built from are gone: source folder %s does not exist (index.json source.root %q is relative to the bundle); restore them there or rebuild the bundle with axmul gen",
				b.dir, root, b.index.Source.Root)
		}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return candidateNetlist{}, fmt.Errorf("gen: bundle %s: multiplier %s: netlist: %w", b.dir, name, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.SHA256 {
		return candidateNetlist{}, fmt.Errorf("gen: bundle %s: multiplier %s: %s changed since the bundle was built (sha256 differs)", b.dir, name, p)
	}
	roles, err := e.RoleOptions()
	if err != nil {
		return candidateNetlist{}, fmt.Errorf("gen: bundle %s: multiplier %s: %w", b.dir, name, err)
	}
	var dirs []string
	for _, d := range e.IncludeDirs {
		dirs = append(dirs, filepath.FromSlash(d))
	}
	return candidateNetlist{path: p, signed: e.Signed, roles: roles, oRange: e.ORange, top: e.Top, defines: e.Defines, includeDirs: dirs}, nil
}

// estimatedKeys are the metric names of BundleEntry.Estimated.
var estimatedKeys = []string{"est_area_um2", "est_delay_ns", "est_power_mw"}

// estimatedMetric returns the estimated figure key of h.
func estimatedMetric(h *EstimatedHW, key string) (float64, bool) {
	switch key {
	case "est_area_um2":
		return h.AreaUm2, true
	case "est_delay_ns":
		return h.DelayNs, true
	case "est_power_mw":
		return h.PowerMW, true
	}
	return 0, false
}
