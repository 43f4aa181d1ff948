package verilog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits/liberty"
)

// CellResolver supplies the Boolean functions of standard cells that a
// netlist instantiates but does not define (HAX1, FAX1, AND2X1, ...).
type CellResolver interface {
	// CellFunction returns the cell's pins and output functions, or false
	// when the cell is unknown.
	CellFunction(name string) (*CellFunc, bool)
}

// CellFunc describes a combinational standard cell: its input pins and, for
// each output pin, the Boolean function of the inputs.
type CellFunc struct {
	Name    string
	Inputs  []string
	Outputs []CellOutput
}

// CellOutput is an output pin and its function over the input pin names.
type CellOutput struct {
	Pin      string
	Function *liberty.Expr
}

// LibertyCells adapts a Liberty library to a CellResolver. Only
// combinational cells whose output pins all have a function are offered;
// sequential and three-state cells are reported unknown.
func LibertyCells(lib *liberty.Library) CellResolver { return libertyCells{lib} }

type libertyCells struct{ lib *liberty.Library }

func (l libertyCells) CellFunction(name string) (*CellFunc, bool) {
	c := l.lib.Cell(name)
	if c == nil || c.Sequential {
		return nil, false
	}
	cf := &CellFunc{Name: c.Name}
	for _, p := range c.Pins {
		switch p.Direction {
		case "input":
			cf.Inputs = append(cf.Inputs, p.Name)
		case "output":
			if p.Function == nil || p.ThreeState != "" {
				return nil, false
			}
			cf.Outputs = append(cf.Outputs, CellOutput{Pin: p.Name, Function: p.Function})
		default:
			return nil, false
		}
	}
	if len(cf.Outputs) == 0 {
		return nil, false
	}
	return cf, true
}

// builtinCellsSource is the built-in table of the standard cells used by
// the EvoApprox libraries, with the functions their netlists give them in
// their own PDKGEN<cell> modules (note MUX2X1: Y = S ? B : A, not inverted).
// It serves the EvoApprox compatibility rule when a file instantiates a
// mangled cell name whose PDKGEN<cell> module it does not define.
const builtinCellsSource = `// Built-in EvoApprox standard-cell functions.
module AND2X1(input A, input B, output Y); assign Y = A & B; endmodule
module AOI21X1(input A, input B, input C, output Y); assign Y = ~((A & B) | C); endmodule
module BUFX2(input A, output Y); assign Y = A; endmodule
module FAX1(input A, input B, input C, output YS, output YC); assign YS = (A ^ B) ^ C; assign YC = (A & B) | (B & C) | (A & C); endmodule
module HAX1(input A, input B, output YS, output YC); assign YS = A ^ B; assign YC = A & B; endmodule
module INVX1(input A, output Y); assign Y = ~A; endmodule
module MUX2X1(input A, input B, input S, output Y); assign Y = (A & ~S) | (B & S); endmodule
module NAND2X1(input A, input B, output Y); assign Y = ~(A & B); endmodule
module NAND3X1(input A, input B, input C, output Y); assign Y = ~((A & B) & C); endmodule
module NOR2X1(input A, input B, output Y); assign Y = ~(A | B); endmodule
module NOR3X1(input A, input B, input C, output Y); assign Y = ~((A | B) | C); endmodule
module OAI21X1(input A, input B, input C, output Y); assign Y = ~((A | B) & C); endmodule
module OR2X1(input A, input B, output Y); assign Y = A | B; endmodule
module XNOR2X1(input A, input B, output Y); assign Y = ~(A ^ B); endmodule
module XOR2X1(input A, input B, output Y); assign Y = A ^ B; endmodule
`

// BuiltinCells returns the names of the built-in standard cells, sorted.
func BuiltinCells() []string {
	var names []string
	for _, line := range strings.Split(builtinCellsSource, "\n") {
		if rest, ok := strings.CutPrefix(line, "module "); ok {
			if i := strings.IndexByte(rest, '('); i > 0 {
				names = append(names, rest[:i])
			}
		}
	}
	sort.Strings(names)
	return names
}

const pdkgen = "PDKGEN"

// maxCompatName bounds the names the compatibility rule examines.
const maxCompatName = 256

// compatResolve applies the EvoApprox compatibility rule to name: delete
// occurrences of "PDKGEN" (one at a time, anywhere in the name, repeating
// on the result) until the name is a known standard cell. It returns the
// cell found with the fewest deletions (at least one), or "" when there is
// none; it is an error when several cells are found at that depth.
func compatResolve(name string, known func(string) bool) (string, error) {
	if len(name) > maxCompatName || !strings.Contains(name, pdkgen) {
		return "", nil
	}
	level := map[string]bool{name: true}
	for depth := 0; depth < 8 && len(level) > 0; depth++ {
		next := map[string]bool{}
		for s := range level {
			for i := 0; i+len(pdkgen) <= len(s); i++ {
				if s[i:i+len(pdkgen)] == pdkgen {
					next[s[:i]+s[i+len(pdkgen):]] = true
				}
			}
		}
		var found []string
		for s := range next {
			if s != "" && known(s) {
				found = append(found, s)
			}
		}
		switch len(found) {
		case 0:
			level = next
			continue
		case 1:
			return found[0], nil
		}
		sort.Strings(found)
		return "", fmt.Errorf("evoapprox compat: %s is ambiguous (%s)", name, strings.Join(found, ", "))
	}
	return "", nil
}
