package selection

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
)

// Candidate is one multiplier of a search space: its name and its
// performance metric (power, energy or area; lower is better).
type Candidate struct {
	Name   string
	Metric float64
}

// Library is what selection and deployment need from an approximate
// multiplier library: the search space and each candidate's error map (any
// 8x8 map; errmap.ErrorMap.Int8 brings it into the int8 domain, and
// errmap.ErrorMap.LUT gives the TorchApprox lookup table deployed).
//
// evoapprox.Library only lists candidates (loading a map needs simulation),
// so this package defines its own interface; FromEvoApprox adapts one.
// Implementations must be safe for concurrent use: selection loads maps
// from several goroutines.
type Library interface {
	// Candidates returns the search space, in any order.
	Candidates() ([]Candidate, error)
	// ErrorMap returns the error map of the named candidate.
	ErrorMap(name string) (*errmap.ErrorMap, error)
}

// MapLibrary is an in-memory Library. The zero value is empty; it is safe
// for concurrent use once filled.
type MapLibrary struct {
	cands []Candidate
	maps  map[string]*errmap.ErrorMap
}

// Add adds a candidate with its performance metric and error map. It is an
// error to add a name twice, an empty name, a nil map or a metric that is
// negative or not finite.
func (lib *MapLibrary) Add(name string, metric float64, em *errmap.ErrorMap) error {
	switch {
	case name == "":
		return fmt.Errorf("selection: library: empty multiplier name")
	case em == nil:
		return fmt.Errorf("selection: library: multiplier %s: nil error map", name)
	case math.IsNaN(metric) || math.IsInf(metric, 0) || metric < 0:
		return fmt.Errorf("selection: library: multiplier %s: performance metric %v, want non-negative and finite", name, metric)
	}
	if _, dup := lib.maps[name]; dup {
		return fmt.Errorf("selection: library: duplicate multiplier %s", name)
	}
	if lib.maps == nil {
		lib.maps = make(map[string]*errmap.ErrorMap)
	}
	lib.maps[name] = em
	lib.cands = append(lib.cands, Candidate{Name: name, Metric: metric})
	return nil
}

// Candidates returns the candidates in the order they were added.
func (lib *MapLibrary) Candidates() ([]Candidate, error) { return slices.Clone(lib.cands), nil }

// ErrorMap returns the named candidate's map.
func (lib *MapLibrary) ErrorMap(name string) (*errmap.ErrorMap, error) {
	em, ok := lib.maps[name]
	if !ok {
		return nil, fmt.Errorf("selection: library: unknown multiplier %q", name)
	}
	return em, nil
}

// evoLibrary adapts an evoapprox.Library.
type evoLibrary struct {
	lib    evoapprox.Library
	metric string
	load   func(name string) (*errmap.ErrorMap, error)
}

// FromEvoApprox returns a Library whose search space is lib's with the
// published figure metric (an evoapprox key such as evoapprox.KeyPower; ""
// means power) as performance metric, and whose error maps come from load
// (for example simulation of the candidate's netlist, or reading a stored
// error map). load must be safe for concurrent use.
func FromEvoApprox(lib evoapprox.Library, metric string, load func(name string) (*errmap.ErrorMap, error)) Library {
	return &evoLibrary{lib: lib, metric: metric, load: load}
}

func (e *evoLibrary) Candidates() ([]Candidate, error) {
	cs, err := e.lib.SearchSpace(e.metric)
	if err != nil {
		return nil, fmt.Errorf("selection: library %s: %w", e.lib.Name(), err)
	}
	out := make([]Candidate, len(cs))
	for i, c := range cs {
		out[i] = Candidate{Name: c.Name, Metric: c.Value}
	}
	return out, nil
}

func (e *evoLibrary) ErrorMap(name string) (*errmap.ErrorMap, error) {
	em, err := e.load(name)
	if err != nil {
		return nil, fmt.Errorf("selection: library %s: multiplier %s: %w", e.lib.Name(), name, err)
	}
	return em, nil
}

// searchSpace returns lib's candidates sorted by name byte-wise (the scan
// order of the selection), checking names and metrics.
func searchSpace(lib Library) ([]Candidate, error) {
	cs, err := lib.Candidates()
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("selection: empty search space")
	}
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b Candidate) int { return strings.Compare(a.Name, b.Name) })
	for i, c := range cs {
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("selection: search space: empty multiplier name")
		case i > 0 && cs[i-1].Name == c.Name:
			return nil, fmt.Errorf("selection: search space: duplicate multiplier %s", c.Name)
		case math.IsNaN(c.Metric) || math.IsInf(c.Metric, 0) || c.Metric < 0:
			return nil, fmt.Errorf("selection: search space: multiplier %s: performance metric %v, want non-negative and finite", c.Name, c.Metric)
		}
	}
	return cs, nil
}
