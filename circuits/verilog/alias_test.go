package verilog

import "testing"

// TestShiftKeepsOperand checks that a variable shift whose amount bits all
// shift out of range leaves its operand's nets alone: the result is x when
// y = 0 and 0 otherwise, and w, which reads x afterwards, is still x.
// (The shifter once wrote its result into the operand's own bits.)
func TestShiftKeepsOperand(t *testing.T) {
	src := `module m(input x, input [1:0] y, output z, output w);
  assign z = x << y;
  assign w = x;
endmodule
`
	nl, err := Parse("shift.v", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := newTestSim(t, nl)
	// Lane k: x = k&1, y = k>>1 (k < 8).
	x := uint64(0xAA)
	y := []uint64{0xCC, 0xF0}
	out := s.run(map[string][]uint64{"x": {x}, "y": y})
	for k := range 8 {
		xv, yv := uint64(k&1), uint64(k>>1)
		wantZ := xv
		if yv != 0 {
			wantZ = 0
		}
		if got := out["z"][0] >> k & 1; got != wantZ {
			t.Errorf("x=%d y=%d: z=%d, want %d", xv, yv, got, wantZ)
		}
		if got := out["w"][0] >> k & 1; got != xv {
			t.Errorf("x=%d y=%d: w=%d, want x", xv, yv, got)
		}
	}
}
