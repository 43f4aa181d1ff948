package circuits

import (
	"strings"
	"testing"
)

func TestUnknownReach(t *testing.T) {
	// in a; x0 (dead), x1 -> AND with a -> O[1]; O[0] = a.
	build := func() (*Netlist, []int) {
		n := &Netlist{Name: "t"}
		a := n.AddPort("a", Input, 1).Bits[0]
		x0, x1 := n.NewNet("x0"), n.NewNet("x1")
		g0 := n.AddGate(Const0, x0)
		n.Gates[g0].Pos = "t.v:1:1"
		g1 := n.AddGate(Const0, x1)
		n.Gates[g1].Pos = "t.v:2:5"
		dead := n.NewNet("dead")
		n.AddGate(Not, dead, x0)
		y1, y0 := n.NewNet("y1"), n.NewNet("y0")
		n.AddGate(And, y1, a, x1)
		n.AddGate(Buf, y0, a)
		n.Ports = append(n.Ports, Port{Name: "O", Dir: Output, Bits: []Net{y0, y1}})
		return n, []int{g0, g1}
	}
	for _, tc := range []struct {
		name string
		xs   func(all []int) []int
		want string
	}{
		{"none", func([]int) []int { return nil }, ""},
		{"dead only", func(all []int) []int { return all[:1] }, ""},
		{"reaching", func(all []int) []int { return all }, "t.v:2:5: x or z literal bit reaches output O[1]"},
	} {
		n, all := build()
		ps := n.UnknownReach(tc.xs(all))
		if tc.want == "" {
			if ps != nil {
				t.Errorf("%s: %v", tc.name, ps)
			}
			continue
		}
		if len(ps) != 1 || !strings.HasPrefix(ps.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, ps, tc.want)
		}
	}
}
