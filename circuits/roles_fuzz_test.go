package circuits

import (
	"strings"
	"testing"
)

// FuzzAssignRoles builds a netlist from fuzzed port declarations (one per
// line: "in NAME WIDTH" or "out NAME WIDTH LSB") and fuzzed --ports and
// --tie values. AssignRoles must never panic, and what it accepts must be
// a valid multiplier netlist with ports A, B and O.
func FuzzAssignRoles(f *testing.F) {
	f.Add("in A 8\nin B 8\nout O 16 0", "", "")
	f.Add("in clk 1\nin a 8\nin b 8\nout p 16 0", "a,b,p", "clk=0")
	f.Add("in A[0] 1\nin A[1] 1\nin B[1] 1\nin B[0] 1\nout O[1] 1\nout O[0] 1\nout O[2] 1\nout O[3] 1", "", "")
	f.Add("in x_0_ 1\nin x_1_ 1\nin y_0_ 1\nout z_3_ 1 0\nout z_2_ 1", "", "")
	f.Add("in A 8\nin B 8\nout O 8 8", "", "")
	f.Add("in A 8\nin B 8\nout O 8 -3", "", "")
	f.Add("in en 1\nin A 2\nin B 2\nout O 4 0\nout c 1 0", "A,B,O", "en=1")
	f.Fuzz(func(t *testing.T, decl, ports, ties string) {
		n := &Netlist{Name: "fuzz"}
		for _, line := range strings.Split(decl, "\n") {
			if len(n.Ports) > 64 || n.NumNets > 4096 {
				break
			}
			fs := strings.Fields(line)
			if len(fs) < 3 || (fs[0] != "in" && fs[0] != "out") {
				continue
			}
			w, lsb := atoiSmall(fs[2]), 0
			if len(fs) > 3 {
				lsb = atoiSmall(fs[3]) // -1 when not a number
			}
			if w < 1 || w > 64 {
				continue
			}
			d := Input
			if fs[0] == "out" {
				d = Output
			}
			p := n.AddPort(fs[1], d, w)
			n.Ports[len(n.Ports)-1].Lsb = lsb
			if d == Output {
				for _, b := range p.Bits {
					n.AddGate(Const1, b)
				}
			}
		}
		var opts RoleOptions
		if ports != "" {
			a, b, o, err := ParsePorts(ports)
			if err != nil {
				return
			}
			opts.A, opts.B, opts.O = a, b, o
		}
		for _, s := range strings.Fields(ties) {
			tie, err := ParseTie(s)
			if err != nil {
				return
			}
			opts.Ties = append(opts.Ties, tie)
		}
		got, r, err := AssignRoles(n, opts)
		if err != nil {
			return
		}
		if len(got.Ports) != 3 || got.Ports[0].Name != "A" || got.Ports[1].Name != "B" || got.Ports[2].Name != "O" {
			t.Fatalf("ports %v", got.Ports)
		}
		if got.Ports[2].Width() != r.OLsb+r.OWidth {
			t.Fatalf("O has %d bits, range %s", got.Ports[2].Width(), r.ORange())
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("invalid result: %v", err)
		}
	})
}

// atoiSmall parses a small non-negative decimal, -1 when it is not one.
func atoiSmall(s string) int {
	if len(s) == 0 || len(s) > 3 {
		return -1
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}
