package liberty

import (
	"errors"
	"go/token"
	"math"
	"strconv"
	"strings"
)

// builder turns the generic syntax tree into a Library, reporting problems
// with the positions of the offending values.
type builder struct {
	errs *errSink
	lib  *Library
}

func (b *builder) errorf(pos token.Position, format string, args ...any) {
	b.errs.add(pos, format, args...)
}

// text joins the values of a simple attribute.
func text(s *stmt) string {
	if len(s.values) == 1 {
		return s.values[0].text
	}
	parts := make([]string, len(s.values))
	for i, v := range s.values {
		parts[i] = v.text
	}
	return strings.Join(parts, " ")
}

// str returns the value of a simple attribute, reporting other forms.
func (b *builder) str(s *stmt) string {
	if s.kind != stmtSimple {
		b.errorf(s.pos, "%s must be a simple attribute (name : value ;)", s.name)
		return ""
	}
	return text(s)
}

// num returns the numeric value of a simple attribute, or NaN after
// reporting the problem.
func (b *builder) num(s *stmt) float64 {
	if s.kind != stmtSimple || len(s.values) != 1 {
		b.errorf(s.pos, "%s must be a simple attribute with one number", s.name)
		return math.NaN()
	}
	v := s.values[0]
	f, err := parseNumber(v.text)
	if err != nil {
		b.errorf(v.pos, "bad number %q for %s", abbrev(v.text), s.name)
		return math.NaN()
	}
	return f
}

// nonNeg returns the number of a simple attribute that must be
// non-negative (areas, capacitances, leakage powers), or NaN after
// reporting a negative value at its position.
func (b *builder) nonNeg(s *stmt, what string) float64 {
	v := b.num(s)
	if v < 0 {
		b.errorf(s.values[0].pos, "negative %s %g: must be >= 0", what, v)
		return math.NaN()
	}
	return v
}

// parseNumber parses a finite decimal number.
func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, errors.New("not finite")
	}
	return f, nil
}

func (b *builder) boolean(s *stmt) bool {
	switch b.str(s) {
	case "true":
		return true
	case "false", "":
		return false
	}
	b.errorf(firstPos(s), "bad boolean %q for %s (want true or false)", abbrev(text(s)), s.name)
	return false
}

// firstPos returns the position of the first value of s, or of s itself.
func firstPos(s *stmt) token.Position {
	if len(s.values) > 0 {
		return s.values[0].pos
	}
	return s.pos
}

// oneArg returns the single argument of a group or complex attribute.
func (b *builder) oneArg(s *stmt) string {
	if len(s.values) != 1 {
		b.errorf(s.pos, "%s needs one name in parentheses, has %d", s.name, len(s.values))
		if len(s.values) == 0 {
			return ""
		}
	}
	return s.values[0].text
}

// valuePos returns the position of byte off of the text of v, exact when the
// text up to off has no line break.
func valuePos(v value, off int) token.Position {
	p := v.pos
	if !v.quoted {
		off-- // no opening quote
	}
	if off < 0 || off > len(v.text) || strings.ContainsRune(v.text[:off], '\n') {
		return p
	}
	p.Column += off + 1
	p.Offset += off + 1
	return p
}

func (b *builder) library(s *stmt) *Library {
	lib := &Library{
		Name:           b.oneArg(s),
		NomVoltage:     math.NaN(),
		NomTemperature: math.NaN(),
		NomProcess:     math.NaN(),
		Templates:      map[string]*TableTemplate{},
		cellIndex:      map[string]*Cell{},
	}
	b.lib = lib
	cellPos := map[string]token.Position{}
	for _, a := range s.body {
		switch a.name {
		case "delay_model":
			lib.DelayModel = b.str(a)
		case "time_unit":
			lib.TimeUnit = b.unit(a, "s")
		case "leakage_power_unit":
			lib.LeakagePowerUnit = b.unit(a, "w")
		case "voltage_unit":
			lib.VoltageUnit = b.unit(a, "v")
		case "current_unit":
			lib.CurrentUnit = b.unit(a, "a")
		case "pulling_resistance_unit":
			lib.PullingResistanceUnit = b.unit(a, "ohm")
		case "capacitive_load_unit":
			lib.CapacitiveLoadUnit = b.capUnit(a)
		case "nom_voltage":
			if lib.NomVoltage = b.num(a); lib.NomVoltage <= 0 {
				b.errorf(a.values[0].pos, "nom_voltage %g: must be > 0", lib.NomVoltage)
				lib.NomVoltage = math.NaN()
			}
		case "nom_temperature":
			lib.NomTemperature = b.num(a)
		case "nom_process":
			lib.NomProcess = b.num(a)
		case "define":
			if a.kind != stmtComplex || len(a.values) != 3 {
				b.errorf(a.pos, "define needs (attribute_name, group_name, attribute_type)")
				continue
			}
			lib.Defines = append(lib.Defines, Define{a.values[0].text, a.values[1].text, a.values[2].text})
		case "lu_table_template", "power_lut_template":
			if a.kind != stmtGroup {
				continue
			}
			t := b.template(a)
			if _, dup := lib.Templates[t.Name]; dup {
				b.errorf(a.pos, "template %s defined twice", t.Name)
			}
			lib.Templates[t.Name] = t
		case "cell":
			if a.kind != stmtGroup {
				continue
			}
			c := b.cell(a)
			if first, dup := cellPos[c.Name]; dup {
				b.errorf(a.pos, "cell %s defined twice (first at line %d)", c.Name, first.Line)
				continue
			}
			cellPos[c.Name] = a.pos
			lib.Cells = append(lib.Cells, c)
			lib.cellIndex[c.Name] = c
		}
	}
	return lib
}

// unit checks a unit attribute such as "1ns" and returns its text.
func (b *builder) unit(s *stmt, base string) string {
	t := b.str(s)
	if t != "" && math.IsNaN(unitScale(t, base)) {
		b.errorf(firstPos(s), "bad unit %q for %s", abbrev(t), s.name)
	}
	return t
}

func (b *builder) capUnit(s *stmt) CapUnit {
	if s.kind != stmtComplex || len(s.values) != 2 {
		b.errorf(s.pos, "capacitive_load_unit needs (number, pf|ff)")
		return CapUnit{Value: math.NaN()}
	}
	v, err := parseNumber(s.values[0].text)
	if err != nil || v <= 0 {
		b.errorf(s.values[0].pos, "bad number %q for capacitive_load_unit", abbrev(s.values[0].text))
		v = math.NaN()
	}
	u := s.values[1].text
	if l := strings.ToLower(u); l != "pf" && l != "ff" {
		b.errorf(s.values[1].pos, "bad unit %q for capacitive_load_unit (want pf or ff)", abbrev(u))
	}
	return CapUnit{Value: v, Unit: u}
}

func (b *builder) template(s *stmt) *TableTemplate {
	t := &TableTemplate{Name: b.oneArg(s), Kind: s.name}
	for _, a := range s.body {
		switch a.name {
		case "variable_1":
			t.Variable1 = b.str(a)
		case "variable_2":
			t.Variable2 = b.str(a)
		case "variable_3":
			b.errorf(a.pos, "3-D table templates are not supported")
		case "index_1":
			t.Index1 = b.index(a)
		case "index_2":
			t.Index2 = b.index(a)
		}
	}
	return t
}

// numbers parses the comma- or blank-separated numbers of all arguments of a
// complex attribute, one slice per argument.
func (b *builder) numbers(s *stmt) ([][]float64, bool) {
	if s.kind != stmtComplex {
		b.errorf(s.pos, "%s must be a complex attribute: %s (\"n, n, ...\")", s.name, s.name)
		return nil, false
	}
	rows := make([][]float64, 0, len(s.values))
	for _, v := range s.values {
		var row []float64
		i := 0
		for i < len(v.text) {
			if isNumberSep(v.text[i]) {
				i++
				continue
			}
			j := i
			for j < len(v.text) && !isNumberSep(v.text[j]) {
				j++
			}
			f, err := parseNumber(v.text[i:j])
			if err != nil {
				b.errorf(valuePos(v, i), "bad number %q in %s", abbrev(v.text[i:j]), s.name)
				return nil, false
			}
			row = append(row, f)
			i = j
		}
		rows = append(rows, row)
	}
	return rows, true
}

// isNumberSep reports whether c separates numbers in a list such as
// "0.1, 0.5, 1.2".
func isNumberSep(c byte) bool {
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// index parses index_1 or index_2: one strictly increasing list.
func (b *builder) index(s *stmt) []float64 {
	rows, ok := b.numbers(s)
	if !ok {
		return nil
	}
	var idx []float64
	for _, r := range rows {
		idx = append(idx, r...)
	}
	if len(idx) == 0 {
		b.errorf(s.pos, "%s is empty", s.name)
		return nil
	}
	if idx[0] < 0 {
		// Slews and loads: no library has a negative axis point.
		b.errorf(s.pos, "%s starts at %g: index points must be >= 0", s.name, idx[0])
		return nil
	}
	for i := 1; i < len(idx); i++ {
		if !(idx[i] > idx[i-1]) {
			b.errorf(s.pos, "%s is not strictly increasing (%g after %g)", s.name, idx[i], idx[i-1])
			return nil
		}
	}
	return idx
}

// table builds a lookup table group such as cell_rise(delay_template_6x6);
// omitted indices come from the template. It returns nil after reporting a
// problem.
func (b *builder) table(s *stmt) *Table {
	if s.kind != stmtGroup {
		b.errorf(s.pos, "%s must be a group: %s(template) { ... }", s.name, s.name)
		return nil
	}
	t := &Table{Template: b.oneArg(s)}
	var tmpl *TableTemplate
	if t.Template != "scalar" {
		tmpl = b.lib.Templates[t.Template]
		if tmpl == nil {
			b.errorf(s.pos, "%s uses undefined template %q", s.name, t.Template)
			return nil
		}
		t.Index1, t.Index2 = tmpl.Index1, tmpl.Index2
	}
	var vals *stmt
	ok := true
	for _, a := range s.body {
		switch a.name {
		case "index_1":
			t.Index1 = b.index(a)
			ok = ok && t.Index1 != nil
		case "index_2":
			t.Index2 = b.index(a)
			ok = ok && t.Index2 != nil
		case "index_3":
			b.errorf(a.pos, "3-D tables are not supported")
			ok = false
		case "values":
			vals = a
		}
	}
	if !ok {
		return nil
	}
	if vals == nil {
		b.errorf(s.pos, "%s has no values", s.name)
		return nil
	}
	rows, ok := b.numbers(vals)
	if !ok {
		return nil
	}
	n1, n2 := len(t.Index1), len(t.Index2)
	switch {
	case n1 == 0 && n2 == 0:
		if len(rows) != 1 || len(rows[0]) != 1 {
			b.errorf(vals.pos, "%s: scalar table needs one value", s.name)
			return nil
		}
	case n2 == 0:
		var flat []float64
		for _, r := range rows {
			flat = append(flat, r...)
		}
		if len(flat) != n1 {
			b.errorf(vals.pos, "%s: %d values for %d index_1 points", s.name, len(flat), n1)
			return nil
		}
		rows = [][]float64{flat}
	case n1 == 0:
		b.errorf(s.pos, "%s has index_2 but no index_1", s.name)
		return nil
	default:
		if len(rows) != n1 {
			b.errorf(vals.pos, "%s: %d rows of values for %d index_1 points", s.name, len(rows), n1)
			return nil
		}
		for i, r := range rows {
			if len(r) != n2 {
				b.errorf(vals.values[i].pos, "%s: row %d has %d values for %d index_2 points", s.name, i+1, len(r), n2)
				return nil
			}
		}
	}
	t.Values = rows
	return t
}

func (b *builder) cell(s *stmt) *Cell {
	c := &Cell{Name: b.oneArg(s), Area: math.NaN(), Leakage: math.NaN(), pinIndex: map[string]*Pin{}}
	state := map[string]bool{} // ff/latch state variables
	hasBus := false
	var fnPos []token.Position // positions of functions, parallel to checked pins
	var fnPins []*Pin
	for _, a := range s.body {
		switch a.name {
		case "area":
			c.Area = b.nonNeg(a, "area")
		case "cell_leakage_power":
			c.Leakage = b.nonNeg(a, "cell_leakage_power")
		case "cell_footprint":
			c.Footprint = b.str(a)
		case "dont_use":
			c.DontUse = b.boolean(a)
		case "ff", "latch", "ff_bank", "latch_bank":
			if a.kind == stmtGroup {
				c.Sequential = true
				for _, v := range a.values {
					state[v.text] = true
				}
			}
		case "statetable":
			if a.kind == stmtGroup {
				c.Sequential = true
			}
		case "bus", "bundle":
			hasBus = true
		case "leakage_power":
			if a.kind != stmtGroup {
				continue
			}
			lp := LeakagePower{Value: math.NaN()}
			for _, x := range a.body {
				switch x.name {
				case "when":
					lp.When = b.str(x)
				case "value":
					lp.Value = b.nonNeg(x, "leakage_power value")
				}
			}
			c.LeakagePower = append(c.LeakagePower, lp)
		case "pin":
			if a.kind != stmtGroup {
				continue
			}
			if len(a.values) == 0 {
				b.errorf(a.pos, "pin group without a name")
				continue
			}
			for _, v := range a.values {
				p, pos := b.pin(a, v.text)
				if c.pinIndex[p.Name] != nil {
					b.errorf(v.pos, "pin %s defined twice in cell %s", p.Name, c.Name)
					continue
				}
				c.Pins = append(c.Pins, p)
				c.pinIndex[p.Name] = p
				if p.Function != nil {
					fnPins = append(fnPins, p)
					fnPos = append(fnPos, pos)
				}
			}
		}
	}
	if !hasBus {
		for i, p := range fnPins {
			for _, name := range p.Function.Vars() {
				if c.pinIndex[name] == nil && !state[name] {
					b.errorf(fnPos[i], "function of pin %s uses %s, which is neither a pin nor a state variable of cell %s", p.Name, name, c.Name)
				}
			}
		}
	}
	return c
}

// pin builds one pin named name from a pin group; it also returns the
// position of the function attribute.
func (b *builder) pin(s *stmt, name string) (*Pin, token.Position) {
	p := &Pin{Name: name, Capacitance: math.NaN(), RiseCapacitance: math.NaN(),
		FallCapacitance: math.NaN(), MaxCapacitance: math.NaN()}
	var fnPos token.Position
	for _, a := range s.body {
		switch a.name {
		case "direction":
			p.Direction = b.str(a)
			switch p.Direction {
			case "input", "output", "inout", "internal":
			default:
				b.errorf(firstPos(a), "bad direction %q of pin %s", abbrev(p.Direction), name)
			}
		case "capacitance":
			p.Capacitance = b.nonNeg(a, "capacitance")
		case "rise_capacitance":
			p.RiseCapacitance = b.nonNeg(a, "rise_capacitance")
		case "fall_capacitance":
			p.FallCapacitance = b.nonNeg(a, "fall_capacitance")
		case "max_capacitance":
			p.MaxCapacitance = b.nonNeg(a, "max_capacitance")
		case "clock":
			p.Clock = b.boolean(a)
		case "function":
			p.FunctionText = b.str(a)
			if a.kind == stmtSimple {
				fnPos = a.values[0].pos
				p.Function = b.function(a)
			}
		case "three_state":
			p.ThreeState = b.str(a)
			if a.kind == stmtSimple {
				p.ThreeStateFunc = b.function(a)
			}
		case "timing":
			if a.kind == stmtGroup {
				p.Timing = append(p.Timing, b.timing(a))
			}
		case "internal_power":
			if a.kind == stmtGroup {
				p.InternalPower = append(p.InternalPower, b.internalPower(a))
			}
		}
	}
	return p, fnPos
}

// function parses a Boolean function attribute, reporting errors at the
// exact column inside the string.
func (b *builder) function(s *stmt) *Expr {
	v := s.values[0]
	if v.bad {
		return nil
	}
	src := text(s)
	e, err := ParseFunction(src)
	if err != nil {
		pos := v.pos
		var fe *FunctionError
		if errors.As(err, &fe) && len(s.values) == 1 {
			pos = valuePos(v, fe.Col-1)
			err = errors.New(fe.Msg)
		}
		b.errorf(pos, "bad function %q of %s: %v", abbrev(src), s.name, err)
		return nil
	}
	return e
}

func (b *builder) timing(s *stmt) *Timing {
	t := &Timing{}
	for _, a := range s.body {
		switch a.name {
		case "related_pin":
			t.RelatedPin = b.str(a)
		case "timing_sense":
			t.TimingSense = b.str(a)
		case "timing_type":
			t.TimingType = b.str(a)
		case "when":
			t.When = b.str(a)
		case "cell_rise":
			t.CellRise = b.table(a)
		case "cell_fall":
			t.CellFall = b.table(a)
		case "rise_transition":
			t.RiseTransition = b.nonNegTable(b.table(a), a)
		case "fall_transition":
			t.FallTransition = b.nonNegTable(b.table(a), a)
		case "rise_constraint":
			t.RiseConstraint = b.table(a)
		case "fall_constraint":
			t.FallConstraint = b.table(a)
		}
	}
	return t
}

// nonNegTable reports a negative value of a table that cannot have one
// (output transitions) and returns nil then, else t. Delay, constraint and
// internal-power tables are not checked: characterised libraries have
// negative entries there (gscl45nm's INVX1 cell_rise at its extreme
// corner, DFF hold constraints, fall_power of input pins).
func (b *builder) nonNegTable(t *Table, s *stmt) *Table {
	if t == nil {
		return nil
	}
	for i, r := range t.Values {
		for j, v := range r {
			if v < 0 {
				pos := s.pos
				for _, a := range s.body {
					if a.name == "values" {
						pos = a.pos
					}
				}
				b.errorf(pos, "%s: negative value %g (row %d, column %d): a transition time must be >= 0", s.name, v, i+1, j+1)
				return nil
			}
		}
	}
	return t
}

func (b *builder) internalPower(s *stmt) *InternalPower {
	ip := &InternalPower{}
	for _, a := range s.body {
		switch a.name {
		case "related_pin":
			ip.RelatedPin = b.str(a)
		case "when":
			ip.When = b.str(a)
		case "rise_power":
			ip.RisePower = b.table(a)
		case "fall_power":
			ip.FallPower = b.table(a)
		case "power":
			ip.Power = b.table(a)
		}
	}
	return ip
}
