package verilog

import (
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/liberty"
)

const tinyLib = `library (tiny) {
  cell (NAND2X1) {
    area : 1;
    pin (A) { direction : input; }
    pin (B) { direction : input; }
    pin (Y) { direction : output; function : "(!(A B))"; }
  }
  cell (DFFPOSX1) {
    ff (DS0000, P0000) { next_state : "D"; clocked_on : "CLK"; }
    pin (CLK) { direction : input; clock : true; }
    pin (D) { direction : input; }
    pin (Q) { direction : output; function : "DS0000"; }
  }
  cell (TBUFX1) {
    pin (A) { direction : input; }
    pin (EN) { direction : input; }
    pin (Y) { direction : output; function : "(!A)"; three_state : "(!EN)"; }
  }
  cell (TIEHI) {
    pin (Y) { direction : output; function : "1"; }
  }
}
`

func TestLibertyCells(t *testing.T) {
	lib, err := liberty.Parse("tiny.lib", []byte(tinyLib))
	if err != nil {
		t.Fatal(err)
	}
	cells := LibertyCells(lib)
	cf, ok := cells.CellFunction("NAND2X1")
	if !ok || strings.Join(cf.Inputs, ",") != "A,B" || len(cf.Outputs) != 1 || cf.Outputs[0].Pin != "Y" {
		t.Fatalf("NAND2X1 = %+v, %v", cf, ok)
	}
	for _, name := range []string{"DFFPOSX1", "TBUFX1", "NOSUCH"} {
		if _, ok := cells.CellFunction(name); ok {
			t.Errorf("%s offered as a combinational cell", name)
		}
	}
	src := `module m (input a, input b, output y, output one, output z);
  NAND2X1 u1 (a, b, y);
  TIEHI u2 (.Y(one));
  NAND2X1 u3 (.A(a), .B(1'b1), .Y(z));
endmodule
`
	nl, err := Parse("m.v", []byte(src), Options{Cells: cells})
	if err != nil {
		t.Fatal(err)
	}
	for v := uint64(0); v < 4; v++ {
		a, b := v&1, v>>1
		got := evalOnce(t, nl, ioMap{"a": a, "b": b})
		if got["y"] != 1^a&b || got["one"] != 1 || got["z"] != 1^a {
			t.Errorf("a=%d b=%d: %v", a, b, got)
		}
	}
	if len(nl.Cells) != 3 || nl.Cells[1].Type != "TIEHI" || len(nl.Cells[2].Pins) != 3 {
		t.Errorf("cells %+v", nl.Cells)
	}
	// The tie cell's output is a constant gate of the cell.
	for _, g := range nl.Gates {
		if g.Out == nl.Cells[1].Pins["Y"] && g.Cell != 1 {
			t.Errorf("TIEHI output driven by %v of cell %d", g.Kind, g.Cell)
		}
	}
	// The compatibility rule also reaches library-only cells.
	var notes []string
	nl, err = Parse("m.v", []byte("module m(output y); TIPDKGENEHI t (.Y(y)); endmodule"), Options{Cells: cells, Verbose: func(m string) { notes = append(notes, m) }})
	if err != nil || len(nl.Cells) != 1 || nl.Cells[0].Type != "TIEHI" || nl.Cells[0].Source != "TIPDKGENEHI" || len(notes) != 1 {
		t.Errorf("compat to a library cell: %v, %+v, %q", err, nl, notes)
	}
	if _, err := Parse("m.v", []byte("module m(input c, output q); DFFPOSX1 f (.CLK(c), .D(c), .Q(q)); endmodule"), Options{Cells: cells}); err == nil || !strings.Contains(err.Error(), "unknown module DFFPOSX1 (not defined in the file nor in the cell library)") {
		t.Errorf("sequential cell: %v", err)
	}
}
