package hw

import (
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
)

// twoPorts returns a netlist with 8-bit inputs named first and second
// (in that declaration order) and their AND as output.
func twoPorts(first, second string, w int) *circuits.Netlist {
	g := &gateNet{&circuits.Netlist{Name: "t"}}
	x := g.AddPort(first, circuits.Input, w).Bits
	y := g.AddPort(second, circuits.Input, w).Bits
	out := make([]circuits.Net, w)
	for i := range out {
		out[i] = g.g(circuits.And, x[i], y[i])
	}
	g.Ports = append(g.Ports, circuits.Port{Name: "O", Dir: circuits.Output, Bits: out})
	return g.Netlist
}

func TestInt8Stimulus(t *testing.T) {
	// Point distributions: a = -3 always, b = 100 always. Port values by
	// hand: two's complement -3 = 0xFD, sign-magnitude |-3| = 3.
	var a, b [256]float64
	a[128-3], b[128+100] = 1, 1
	tests := []struct {
		first, second string
		signed        bool
		want          [2]uint64 // values of the ports in declaration order
	}{
		{"A", "B", true, [2]uint64{0xFD, 100}},
		{"A", "B", false, [2]uint64{3, 100}},
		{"B", "A", true, [2]uint64{100, 0xFD}},
		{"B", "A", false, [2]uint64{100, 3}},
	}
	for _, tc := range tests {
		s, err := Int8Stimulus(twoPorts(tc.first, tc.second, 8), a, b, tc.signed, 1)
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]uint64, 2)
		for range 10 {
			s.Next(vals)
			if vals[0] != tc.want[0] || vals[1] != tc.want[1] {
				t.Fatalf("%s,%s signed=%v: ports %d, %d, want %d, %d", tc.first, tc.second, tc.signed, vals[0], vals[1], tc.want[0], tc.want[1])
			}
		}
	}
	bad := []struct {
		n    *circuits.Netlist
		want string
	}{
		{twoPorts("A", "B", 4), "need 8-bit ports, input A has 4 bits"},
		{twoPorts("A", "C", 8), "found input C"},
		{twoPorts("A", "A", 8), "need input ports A and B"},
	}
	for _, tc := range bad {
		if _, err := Int8Stimulus(tc.n, a, b, false, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	var zero [256]float64
	if _, err := Int8Stimulus(twoPorts("A", "B", 8), zero, b, false, 1); err == nil || !strings.Contains(err.Error(), "no positive weight") {
		t.Errorf("empty distribution: error %v", err)
	}
}
