package gen

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/selection"
)

// Library is a selection.Library over the 8x8 multipliers of a bundle or
// an EvoApprox checkout; its error maps are int8-domain maps
// (errmap.ErrorMap.Int8), loaded on first use and cached. It is safe for
// concurrent use. Circuits that are not 8x8 are left out; Notes says which.
type Library struct {
	name   string
	metric string
	cands  []selection.Candidate
	notes  []string
	load   func(name string) (*errmap.ErrorMap, error)
	// lut reads a candidate's stored TorchApprox LUT (a bundle's lut/
	// file, checked against its sha256); nil, or a nil table for an entry
	// without one, derives it from the map.
	lut func(name string) ([]int32, error)
	// source locates candidates' netlists and power estimates per-layer
	// power once EnableLayerPower is called (library_power.go).
	source netlistSource
	power  *layerPower
	// port is the activation port a bundle was built for ("" = A).
	port string
}

var (
	_ selection.PortLayerMetricLibrary = (*Library)(nil)
	_ selection.LUTSource              = (*Library)(nil)
)

// Candidates returns the 8x8 multipliers with their metric, sorted by name.
func (l *Library) Candidates() ([]selection.Candidate, error) { return slices.Clone(l.cands), nil }

// ErrorMap returns the int8-domain error map of the named candidate.
func (l *Library) ErrorMap(name string) (*errmap.ErrorMap, error) {
	if _, ok := slices.BinarySearchFunc(l.cands, name, func(c selection.Candidate, n string) int { return strings.Compare(c.Name, n) }); !ok {
		return nil, fmt.Errorf("gen: library %s: %q is not a candidate", l.name, name)
	}
	return l.load(name)
}

// ActivationPort returns the activation port the library was built for:
// selection.PortB for a bundle built with --activation-port B
// (Bundle.ActivationPort), else selection.PortA. The error maps it returns
// are rows = port A either way; callers take this port as their default
// orientation.
func (l *Library) ActivationPort() selection.Port {
	if l.port == PortB {
		return selection.PortB
	}
	return selection.PortA
}

// LUT returns the TorchApprox lookup table of the named candidate
// (errmap.ErrorMap.LUT's layout): a bundle's stored lut/ file, verified
// against the sha256 that index.json records, so that deploy writes what
// the bundle holds and refuses a file changed since; for an EvoApprox
// checkout, or a bundle entry without a stored LUT, the table of its int8
// error map.
func (l *Library) LUT(name string) ([]int32, error) {
	if _, ok := slices.BinarySearchFunc(l.cands, name, func(c selection.Candidate, n string) int { return strings.Compare(c.Name, n) }); !ok {
		return nil, fmt.Errorf("gen: library %s: %q is not a candidate", l.name, name)
	}
	if l.lut != nil {
		if lut, err := l.lut(name); lut != nil || err != nil {
			return lut, err
		}
	}
	em, err := l.load(name)
	if err != nil {
		return nil, err
	}
	return em.LUT()
}

// Metric returns the key of the candidates' performance metric.
func (l *Library) Metric() string { return l.metric }

// Notes lists the circuits left out and why.
func (l *Library) Notes() []string { return slices.Clone(l.notes) }

// metricKey resolves the aliases power, area and delay ("" is power) to
// evoapprox keys.
func metricKey(metric string) string {
	switch metric {
	case "", "power":
		return evoapprox.KeyPower
	case "area":
		return evoapprox.KeyArea
	case "delay":
		return evoapprox.KeyDelay
	}
	return metric
}

// computedKeys are the metrics a bundle entry carries itself, in index
// order.
var computedKeys = []string{"mae", "mse", "wce", "ep_pct", "mre_pct", "wcre_pct", "mae_pct", "wce_pct", "mean_error", "std_error", "gates", "depth"}

// computedMetric returns the computed metric key of e.
func computedMetric(e *BundleEntry, key string) (float64, bool) {
	m := &e.Metrics
	switch key {
	case "mae":
		return m.MAE, true
	case "mse":
		return m.MSE, true
	case "wce":
		return float64(m.WCE), true
	case "ep_pct":
		return m.EPPct, true
	case "mre_pct":
		return m.MREPct, true
	case "wcre_pct":
		return m.WCREPct, true
	case "mae_pct":
		return m.MAEPct, true
	case "wce_pct":
		return m.WCEPct, true
	case "mean_error":
		return m.MeanError, true
	case "std_error":
		return m.StdError, true
	case "gates":
		return float64(e.Gates), true
	case "depth":
		return float64(e.Depth), true
	}
	return 0, false
}

// Library returns the bundle's 8x8 multipliers as a selection.Library (a
// *Library) whose performance metric is metric: "power" (or ""), "area"
// and "delay" are the published PDK45 figures (power_mw, area_um2,
// delay_ns; EvoApprox8b power converted from uW to mW); a computed key
// (mae, mse, wce, ep_pct, mre_pct, wcre_pct, mae_pct, wce_pct, mean_error,
// std_error, gates, depth) takes the bundle's own value; est_area_um2,
// est_delay_ns and est_power_mw the figures estimated with a Liberty
// library at build time (BundleEntry.Estimated); any other key, or
// "published:KEY", a published figure. It is an error if the metric is
// unknown, if a candidate lacks it or has a negative or non-finite value,
// or if the bundle has no 8x8 multiplier.
func (b *Bundle) Library(metric string) (selection.Library, error) {
	key, published := strings.CutPrefix(metric, "published:")
	key = metricKey(key)
	_, isComputed := computedMetric(&BundleEntry{}, key)
	useComputed := isComputed && !published
	_, isEstimated := estimatedMetric(&EstimatedHW{}, key)
	useEstimated := isEstimated && !published
	if !useComputed && !useEstimated {
		if _, ok := evoapprox.KeyUnit(key); !ok {
			return nil, fmt.Errorf("gen: bundle %s: unknown metric %q (want power, area, delay, one of %s, one of %s, or a published key: %s)",
				b.dir, metric, strings.Join(computedKeys, ", "), strings.Join(estimatedKeys, ", "), strings.Join(evoapprox.Keys(), ", "))
		}
	}
	lib := &Library{name: b.dir, metric: key, load: b.Int8Map, source: b.bundleSource, port: b.ActivationPort()}
	lib.lut = func(name string) ([]int32, error) {
		if _, e, err := b.lookup(name); err == nil && e.Files.Int8LUT == "" {
			return nil, nil // no stored table: Library.LUT derives it
		}
		return b.LUT(name)
	}
	for i := range b.index.Multipliers {
		e := &b.index.Multipliers[i]
		if e.ABits != 8 || e.BBits != 8 || e.Files.Int8ErrorMap == "" {
			lib.notes = append(lib.notes, fmt.Sprintf("%s: %dx%d, not an 8x8 multiplier with an int8 map: left out of int8 selection", e.Name, e.ABits, e.BBits))
			continue
		}
		var v float64
		switch {
		case useComputed:
			v, _ = computedMetric(e, key)
		case useEstimated:
			if e.Estimated == nil {
				return nil, fmt.Errorf("gen: bundle %s: multiplier %s has no estimated %s (build the bundle with a Liberty library: axmul gen --liberty FILE)", b.dir, e.Name, key)
			}
			v, _ = estimatedMetric(e.Estimated, key)
		default:
			f, ok := e.Published[key]
			if !ok {
				return nil, fmt.Errorf("gen: bundle %s: multiplier %s (%s) has no published %s", b.dir, e.Name, e.File, key)
			}
			v = f.Value
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("gen: bundle %s: multiplier %s: metric %s is %v, want non-negative and finite", b.dir, e.Name, key, v)
		}
		lib.cands = append(lib.cands, selection.Candidate{Name: e.Name, Metric: v})
	}
	if len(lib.cands) == 0 {
		return nil, fmt.Errorf("gen: bundle %s: no 8x8 multiplier to select from (%d left out)", b.dir, len(lib.notes))
	}
	slices.SortFunc(lib.cands, func(x, y selection.Candidate) int { return strings.Compare(x.Name, y.Name) })
	return lib, nil
}

// EvoApproxOptions control EvoApproxLibrary.
type EvoApproxOptions struct {
	// Cells resolves the standard cells of *_pdk45.v twins, used for
	// circuits that have no generic netlist (without it they are left out).
	Cells verilog.CellResolver
	// Workers is the number of goroutines simulating one circuit (<= 0:
	// all cores).
	Workers int
}

// EvoApproxLibrary returns the 8x8 multipliers of the EvoApprox checkout at
// dir (any layout evoapprox.Open reads) as a selection.Library (a
// *Library) with the published figure metric as performance metric
// ("power", "area", "delay" or an evoapprox key). Each candidate is
// simulated on first use of its error map and the int8-domain map cached.
// It is an error if the checkout cannot be read, the metric is unknown, a
// candidate lacks it, or no 8x8 circuit is there.
func EvoApproxLibrary(dir, metric string, opts EvoApproxOptions) (selection.Library, error) {
	cat, err := evoapprox.Open(dir)
	if cat == nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	key := metricKey(metric)
	lib := &Library{name: cat.Name(), metric: key}
	if err != nil {
		lib.notes = append(lib.notes, strings.Split(err.Error(), "\n")...)
	}
	paths := map[string]string{}
	for _, e := range cat.Entries() {
		switch {
		case e.Shape.ABits != 8 || e.Shape.BBits != 8:
			lib.notes = append(lib.notes, fmt.Sprintf("%s: %v, not an 8x8 multiplier: left out", e.Name, e.Shape))
		case e.Path != "":
			paths[e.Name] = e.Path
		case opts.Cells != nil && e.PDK45Path != "":
			paths[e.Name] = e.PDK45Path
		default:
			lib.notes = append(lib.notes, fmt.Sprintf("%s: only a standard-cell netlist and no Liberty cells: left out", e.Name))
		}
	}
	sub := cat.Subset(cat.Name(), func(e *evoapprox.Entry) bool { _, ok := paths[e.Name]; return ok })
	if sub.Len() == 0 {
		return nil, fmt.Errorf("gen: %s: no 8x8 multiplier to select from", dir)
	}
	cs, err := sub.SearchSpace(key)
	if err != nil {
		return nil, fmt.Errorf("gen: %s: %w", dir, err)
	}
	for _, c := range cs {
		lib.cands = append(lib.cands, selection.Candidate{Name: c.Name, Metric: c.Value})
	}
	var (
		mu    sync.Mutex
		cache = map[string]*lazyMap{}
	)
	lib.source = func(name string) (candidateNetlist, error) {
		en, _ := sub.Lookup(name)
		return candidateNetlist{path: paths[name], signed: en.Shape.Signed}, nil
	}
	lib.load = func(name string) (*errmap.ErrorMap, error) {
		mu.Lock()
		lm := cache[name]
		if lm == nil {
			lm = &lazyMap{}
			cache[name] = lm
		}
		mu.Unlock()
		return lm.get(func() (*errmap.ErrorMap, error) {
			en, _ := sub.Lookup(name)
			return simulateInt8(paths[name], en.Shape.Signed, opts)
		})
	}
	return lib, nil
}

// simulateInt8 loads an 8x8 netlist, tabulates it and returns its
// int8-domain error map.
func simulateInt8(path string, signed bool, opts EvoApproxOptions) (*errmap.ErrorMap, error) {
	sign := Unsigned
	if signed {
		sign = Signed
	}
	c, err := Load(path, LoadOptions{Cells: opts.Cells, Sign: sign})
	if err != nil {
		return nil, err
	}
	if c.ABits != 8 || c.BBits != 8 {
		return nil, fmt.Errorf("%s: ports A, B have %d and %d bits, want 8", path, c.ABits, c.BBits)
	}
	res, err := Characterise(context.Background(), c, CharOptions{Workers: opts.Workers, KeepProducts: true, ZeroExact: DefaultZeroExact(c.Name)})
	if err != nil {
		return nil, err
	}
	raw := res.Products
	em, err := errmap.FromProducts(8, 8, c.Signed, raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return em.Int8()
}
