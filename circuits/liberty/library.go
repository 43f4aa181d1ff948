package liberty

import (
	"fmt"
	"go/token"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/axmul/axmul/internal/regfile"
)

// Library is the content of a Liberty library group.
type Library struct {
	Name       string
	DelayModel string // delay_model, e.g. "table_lookup"

	// Units as written in the file, e.g. "1ns", "1nW"; "" when absent.
	TimeUnit, LeakagePowerUnit, VoltageUnit, CurrentUnit, PullingResistanceUnit string
	// CapacitiveLoadUnit is capacitive_load_unit (1,pf): Value 1, Unit "pf".
	CapacitiveLoadUnit CapUnit

	NomVoltage, NomTemperature, NomProcess float64 // NaN when absent

	// Templates holds lu_table_template and power_lut_template groups by name.
	Templates map[string]*TableTemplate
	// Cells in file order.
	Cells []*Cell
	// Defines holds define(name, group, type) statements in file order.
	Defines []Define

	cellIndex map[string]*Cell
}

// CapUnit is the value of the capacitive_load_unit attribute.
type CapUnit struct {
	Value float64
	Unit  string // "pf" or "ff" (case as written)
}

// Define is a define(attribute_name, group_name, attribute_type) statement,
// which declares a user attribute.
type Define struct {
	Attribute, Group, Type string
}

// TableTemplate is a lu_table_template or power_lut_template group.
type TableTemplate struct {
	Name                 string
	Kind                 string // "lu_table_template" or "power_lut_template"
	Variable1, Variable2 string // e.g. "total_output_net_capacitance"; "" when absent
	Index1, Index2       []float64
}

// Cell is a Liberty cell group.
type Cell struct {
	Name      string
	Area      float64 // in the library's area unit (not declared by Liberty; usually um^2); NaN when absent
	Leakage   float64 // cell_leakage_power in LeakagePowerUnit; NaN when absent
	Footprint string  // cell_footprint
	DontUse   bool    // dont_use : true
	// Sequential reports an ff, latch, ff_bank, latch_bank or statetable group.
	Sequential bool
	// LeakagePower holds the state-dependent leakage_power groups.
	LeakagePower []LeakagePower
	Pins         []*Pin // file order; pin(A, B) groups expand to one Pin per name

	pinIndex map[string]*Pin
}

// LeakagePower is a leakage_power group: the leakage (in LeakagePowerUnit)
// while the when condition holds ("" when unconditional).
type LeakagePower struct {
	When  string
	Value float64
}

// Pin is a Liberty pin group of a cell.
type Pin struct {
	Name      string
	Direction string // "input", "output", "inout" or "internal"; "" when absent
	// Capacitances in the library's capacitive load unit; NaN when absent.
	Capacitance, RiseCapacitance, FallCapacitance, MaxCapacitance float64
	Clock                                                         bool
	// Function is the parsed function attribute, nil when absent;
	// FunctionText is its text as written.
	Function     *Expr
	FunctionText string
	// ThreeState is the three_state attribute as written ("" when absent);
	// ThreeStateFunc is it parsed. The output is high-impedance while it is 1.
	ThreeState     string
	ThreeStateFunc *Expr
	Timing         []*Timing
	InternalPower  []*InternalPower
}

// Timing is a timing group of a pin: the delay and output transition tables
// from a related input pin, or the constraint tables of a check.
type Timing struct {
	RelatedPin  string
	TimingSense string // e.g. "positive_unate"; "" when absent
	TimingType  string // e.g. "rising_edge", "setup_rising"; "" means combinational
	When        string
	// NLDM tables in the library's time unit; nil when absent.
	CellRise, CellFall, RiseTransition, FallTransition *Table
	// RiseConstraint and FallConstraint are the tables of timing checks.
	RiseConstraint, FallConstraint *Table
}

// InternalPower is an internal_power group of a pin: the internal energy per
// transition, in capacitive_load_unit × voltage_unit² (pF·V² = pJ for the
// usual units), see Library.EnergyUnitPJ.
type InternalPower struct {
	RelatedPin string // "" for input-pin (passive) power
	When       string
	// RisePower and FallPower are for rising and falling output (or input,
	// for passive power) transitions; Power is the rise/fall-independent
	// table. Nil when absent.
	RisePower, FallPower, Power *Table
}

// Cell returns the cell with the given name, or nil.
func (l *Library) Cell(name string) *Cell {
	if l == nil {
		return nil
	}
	if c := l.cellIndex[name]; c != nil && c.Name == name {
		return c
	}
	for _, c := range l.Cells { // libraries built or changed by hand
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Pin returns the pin with the given name, or nil.
func (c *Cell) Pin(name string) *Pin {
	if c == nil {
		return nil
	}
	if p := c.pinIndex[name]; p != nil && p.Name == name {
		return p
	}
	for _, p := range c.Pins { // cells built or changed by hand
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Inputs returns the pins with direction input or inout, in file order.
func (c *Cell) Inputs() []*Pin {
	return c.pinsWhere(func(d string) bool { return d == "input" || d == "inout" })
}

// Outputs returns the pins with direction output or inout, in file order.
func (c *Cell) Outputs() []*Pin {
	return c.pinsWhere(func(d string) bool { return d == "output" || d == "inout" })
}

func (c *Cell) pinsWhere(f func(dir string) bool) []*Pin {
	if c == nil {
		return nil
	}
	var out []*Pin
	for _, p := range c.Pins {
		if f(p.Direction) {
			out = append(out, p)
		}
	}
	return out
}

// parseUnit splits a unit attribute such as "1ns" or "100ps" into its
// multiplier and its unit name.
func parseUnit(s string) (float64, string, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || v <= 0 {
		return 0, "", false
	}
	return v, strings.ToLower(strings.TrimSpace(s[i:])), true
}

// unitScale converts unit text such as "10ps" to a multiple of the SI base
// unit (second, watt, volt, ampere, ohm) named base.
func unitScale(s, base string) float64 {
	v, u, ok := parseUnit(s)
	if !ok || !strings.HasSuffix(u, base) {
		return math.NaN()
	}
	prefix := strings.TrimSuffix(u, base)
	m, ok := map[string]float64{"": 1, "k": 1e3, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15, "meg": 1e6}[prefix]
	if !ok {
		return math.NaN()
	}
	return v * m
}

// TimeUnitNS returns the time unit in nanoseconds (time_unit "1ns" gives 1,
// "10ps" gives 0.01), or NaN when time_unit is absent or not understood.
func (l *Library) TimeUnitNS() float64 { return unitScale(l.TimeUnit, "s") * 1e9 }

// LeakageUnitW returns the leakage power unit in watts ("1nW" gives 1e-9),
// or NaN when leakage_power_unit is absent or not understood.
func (l *Library) LeakageUnitW() float64 { return unitScale(l.LeakagePowerUnit, "w") }

// VoltageUnitV returns the voltage unit in volts, or NaN.
func (l *Library) VoltageUnitV() float64 { return unitScale(l.VoltageUnit, "v") }

// CurrentUnitA returns the current unit in amperes, or NaN.
func (l *Library) CurrentUnitA() float64 { return unitScale(l.CurrentUnit, "a") }

// PullingResistanceUnitOhm returns the pulling resistance unit in ohms, or NaN.
func (l *Library) PullingResistanceUnitOhm() float64 {
	return unitScale(l.PullingResistanceUnit, "ohm")
}

// CapUnitPF returns the capacitive load unit in picofarads ((1,pf) gives 1,
// (1,ff) gives 0.001), or NaN when absent or not understood.
func (l *Library) CapUnitPF() float64 {
	switch strings.ToLower(l.CapacitiveLoadUnit.Unit) {
	case "pf":
		return l.CapacitiveLoadUnit.Value
	case "ff":
		return l.CapacitiveLoadUnit.Value * 1e-3
	}
	return math.NaN()
}

// EnergyUnitPJ returns the unit of internal_power tables in picojoules:
// capacitive load unit × voltage unit², the convention of the Liberty
// reference manual; NaN when either unit is missing.
func (l *Library) EnergyUnitPJ() float64 {
	v := l.VoltageUnitV()
	return l.CapUnitPF() * v * v
}

// ParseFile reads and parses the Liberty file at path.
func ParseFile(path string) (*Library, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("liberty: %w", err)
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("liberty: %s: file too large (%d bytes, limit %d)", path, fi.Size(), MaxFileSize)
	}
	src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
	if err != nil {
		return nil, fmt.Errorf("liberty: %w", err)
	}
	return Parse(path, src)
}

// Parse parses Liberty source; filename is used in error positions. It
// returns the library read so far together with an ErrorList (at most about
// ten problems, sorted by position) when the source has problems; the
// library is nil only when no library group was found.
func Parse(filename string, src []byte) (*Library, error) {
	errs := &errSink{}
	if len(src) > MaxFileSize {
		errs.add(token.Position{Filename: filename, Line: 1, Column: 1}, "source too large (%d bytes, limit %d)", len(src), MaxFileSize)
		return nil, errs.err()
	}
	p := &syntaxParser{
		sc: scanner{filename: filename, src: src, line: 1,
			err: func(pos token.Position, msg string) { errs.add(pos, "%s", msg) }},
		errs: errs,
	}
	top := p.parseFile()
	b := &builder{errs: errs}
	var lib *Library
	for _, s := range top {
		if s.kind != stmtGroup || s.name != "library" {
			errs.add(s.pos, "expected library group at top level, found %s", s.name)
			continue
		}
		if lib != nil {
			errs.add(s.pos, "more than one library group")
			continue
		}
		lib = b.library(s)
	}
	if lib == nil && len(errs.list) == 0 {
		errs.add(token.Position{Filename: filename, Line: 1, Column: 1}, "no library group")
	}
	return lib, errs.err()
}
