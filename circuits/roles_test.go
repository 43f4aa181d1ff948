package circuits

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// portSpec declares a port for rolesNetlist: "in a[0]", "out p:4",
// "in A:8s" (signed), "out O:8@8" (Lsb 8).
func rolesNetlist(t *testing.T, specs ...string) *Netlist {
	t.Helper()
	n := &Netlist{Name: "top"}
	for _, s := range specs {
		dir, rest, _ := strings.Cut(s, " ")
		name, w := rest, "1"
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			name, w = rest[:i], rest[i+1:]
		}
		signed := strings.HasSuffix(w, "s")
		w = strings.TrimSuffix(w, "s")
		lsb := 0
		if a, b, ok := strings.Cut(w, "@"); ok {
			w = a
			fmt.Sscan(b, &lsb)
		}
		var width int
		fmt.Sscan(w, &width)
		d := Input
		if dir == "out" {
			d = Output
		}
		p := n.AddPort(name, d, width)
		n.Ports[len(n.Ports)-1].Signed = signed
		n.Ports[len(n.Ports)-1].Lsb = lsb
		if d == Output {
			for _, b := range p.Bits {
				n.AddGate(Const0, b)
			}
		}
	}
	return n
}

// bitsOf returns the nets of the named ports of n, concatenated.
func bitsOf(n *Netlist, names ...string) []Net {
	var out []Net
	for _, name := range names {
		p, ok := n.Port(name)
		if !ok {
			panic("no port " + name)
		}
		out = append(out, p.Bits...)
	}
	return out
}

func TestAssignRoles(t *testing.T) {
	tests := []struct {
		name  string
		ports []string
		opts  RoleOptions
		// want: source names of A, B, O and the source ports (in bit
		// order, LSB first) whose nets make up A, B and O.
		a, b, o        string
		aBits, bBits   []string
		oBits          []string
		oLsb, oWidth   int
		regrouped, err string
	}{
		{name: "canonical", ports: []string{"in A:2", "in B:2", "out O:4"},
			a: "A", b: "B", o: "O", aBits: []string{"A"}, bBits: []string{"B"}, oBits: []string{"O"}, oWidth: 4},
		{name: "EvoApprox Z output", ports: []string{"in A:2", "in B:2", "out Z:4"},
			a: "A", b: "B", o: "Z", aBits: []string{"A"}, bBits: []string{"B"}, oBits: []string{"Z"}, oWidth: 4},
		{name: "A and B named in reverse order", ports: []string{"in B:2", "in A:3", "out O:5"},
			a: "A", b: "B", o: "O", aBits: []string{"A"}, bBits: []string{"B"}, oBits: []string{"O"}, oWidth: 5},
		{name: "declaration order a b p", ports: []string{"in a:2", "in b:3", "out p:5"},
			a: "a", b: "b", o: "p", aBits: []string{"a"}, bBits: []string{"b"}, oBits: []string{"p"}, oWidth: 5},
		{name: "declaration order Y X Z", ports: []string{"in Y:2", "in X:2", "out Z:4"},
			a: "Y", b: "X", o: "Z", aBits: []string{"Y"}, bBits: []string{"X"}, oBits: []string{"Z"}, oWidth: 4},
		{name: "bit-blasted brackets, interleaved and unordered",
			ports: []string{"in A[1]", "in B[0]", "in A[0]", "in B[1]", "out O[2]", "out O[0]", "out O[1]", "out O[3]"},
			a:     "A", b: "B", o: "O", aBits: []string{"A[0]", "A[1]"}, bBits: []string{"B[0]", "B[1]"},
			oBits: []string{"O[0]", "O[1]", "O[2]", "O[3]"}, oWidth: 4, regrouped: "A[1]..A[0] -> A[1:0]"},
		{name: "bit-blasted underscores", ports: []string{"in x_0_", "in x_1_", "in y_0_", "in y_1_", "out z_0_", "out z_1_", "out z_2_", "out z_3_"},
			a: "x", b: "y", o: "z", aBits: []string{"x_0_", "x_1_"}, bBits: []string{"y_0_", "y_1_"},
			oBits: []string{"z_0_", "z_1_", "z_2_", "z_3_"}, oWidth: 4, regrouped: "x_0_..x_1_ -> x[1:0]"},
		{name: "bit-blasted output from index 8 keeps its weights", ports: []string{"in A:2", "in B:2", "out O[9]", "out O[8]"},
			a: "A", b: "B", o: "O", aBits: []string{"A"}, bBits: []string{"B"}, oBits: []string{"O[8]", "O[9]"}, oLsb: 8, oWidth: 2},
		{name: "declared [15:8] output", ports: []string{"in A:8", "in B:8", "out O:8@8"},
			a: "A", b: "B", o: "O", aBits: []string{"A"}, bBits: []string{"B"}, oBits: []string{"O"}, oLsb: 8, oWidth: 8},
		{name: "ports flag with a tie", ports: []string{"in clk", "in a:2", "in b:2", "out p:4", "out carry"},
			opts: RoleOptions{A: "b", B: "a", O: "p", Ties: []Tie{{"clk", true}}},
			a:    "b", b: "a", o: "p", aBits: []string{"b"}, bBits: []string{"a"}, oBits: []string{"p"}, oWidth: 4},
		{name: "tie alone leaves two inputs", ports: []string{"in en", "in a:2", "in b:2", "out p:4"},
			opts: RoleOptions{Ties: []Tie{{"en", false}}},
			a:    "a", b: "b", o: "p", aBits: []string{"a"}, bBits: []string{"b"}, oBits: []string{"p"}, oWidth: 4},
		{name: "A_0_ next to a port A is not regrouped", ports: []string{"in A:2", "in A_0_", "in B:2", "out O:4"},
			err: "input A_0_ plays no role (A is A, B is B): tie it with --tie A_0_=0 or --tie A_0_=1"},
		{name: "gap in the indices is not regrouped", ports: []string{"in a[0]", "in a[2]", "in b:2", "out p:4"},
			err: "top: cannot tell which ports are operand A, operand B and the product (inputs: a[0], a[2], b[1:0]; outputs: p[3:0]): use --ports A_NAME,B_NAME,O_NAME, and --tie NAME=0|1 for other inputs"},
		{name: "extra clock", ports: []string{"in clk", "in a:2", "in b:2", "out p:4"},
			err: "use --ports A_NAME,B_NAME,O_NAME, and --tie NAME=0|1 for other inputs"},
		{name: "extra input beside A and B", ports: []string{"in A:2", "in B:2", "in rst", "out O:4"},
			err: "top: input rst plays no role (A is A, B is B): tie it with --tie rst=0 or --tie rst=1"},
		{name: "two outputs", ports: []string{"in a:2", "in b:2", "out p:4", "out q"},
			err: "outputs: p[3:0], q): use --ports"},
		{name: "ports flag names a missing port", ports: []string{"in a:2", "in b:2", "out p:4"}, opts: RoleOptions{A: "a", B: "c", O: "p"},
			err: "--ports: top has no input port c for B (inputs: a[1:0], b[1:0])"},
		{name: "ports flag names an output as operand", ports: []string{"in a:2", "in b:2", "out p:4"}, opts: RoleOptions{A: "a", B: "p", O: "b"},
			err: "--ports: top has no input port p for B"},
		{name: "tie of a missing input", ports: []string{"in a:2", "in b:2", "out p:4"}, opts: RoleOptions{Ties: []Tie{{"clk", false}}},
			err: "--tie clk=0: top has no input port clk (inputs: a[1:0], b[1:0])"},
		{name: "tied input used as operand", ports: []string{"in a:2", "in b:2", "in c", "out p:4"},
			opts: RoleOptions{A: "a", B: "c", O: "p", Ties: []Tie{{"c", false}}}, err: "--ports: c is tied with --tie and cannot be B"},
		{name: "partial ports", ports: []string{"in a:2", "in b:2", "out p:4"}, opts: RoleOptions{A: "a"},
			err: "--ports needs all three names"},
		{name: "negative output index", ports: []string{"in a:2", "in b:2", "out p:4@-2"},
			err: "output p declared [1:-2]: negative bit indices are not supported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := rolesNetlist(t, tc.ports...)
			gates, nets := len(n.Gates), n.NumNets
			orig := slices.Clone(n.Ports)
			got, r, err := AssignRoles(n, tc.opts)
			if len(n.Gates) != gates || n.NumNets != nets || len(n.Ports) != len(orig) {
				t.Fatalf("AssignRoles modified its input")
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.A != tc.a || r.B != tc.b || r.O != tc.o {
				t.Errorf("roles %s, %s, %s; want %s, %s, %s", r.A, r.B, r.O, tc.a, tc.b, tc.o)
			}
			if len(got.Ports) != 3 || got.Ports[0].Name != "A" || got.Ports[1].Name != "B" || got.Ports[2].Name != "O" {
				t.Fatalf("ports %v, want A, B, O", got.Ports)
			}
			if a := got.Ports[0].Bits; !slices.Equal(a, bitsOf(n, tc.aBits...)) {
				t.Errorf("A bits %v, want those of %v", a, tc.aBits)
			}
			if b := got.Ports[1].Bits; !slices.Equal(b, bitsOf(n, tc.bBits...)) {
				t.Errorf("B bits %v, want those of %v", b, tc.bBits)
			}
			o := got.Ports[2].Bits
			if len(o) != tc.oLsb+tc.oWidth || !slices.Equal(o[tc.oLsb:], bitsOf(n, tc.oBits...)) {
				t.Errorf("O bits %v, want %d zero bits then those of %v", o, tc.oLsb, tc.oBits)
			}
			if r.OLsb != tc.oLsb || r.OWidth != tc.oWidth {
				t.Errorf("output range %s, want [%d:%d]", r.ORange(), tc.oLsb+tc.oWidth-1, tc.oLsb)
			}
			// The padding bits and the tied inputs are driven by constants.
			drv := map[Net]Kind{}
			for _, g := range got.Gates {
				drv[g.Out] = g.Kind
			}
			for i := 0; i < tc.oLsb; i++ {
				if k, ok := drv[o[i]]; !ok || k != Const0 {
					t.Errorf("O bit %d driven by %v, want CONST0", i, k)
				}
			}
			for _, tie := range tc.opts.Ties {
				want := Const0
				if tie.Value {
					want = Const1
				}
				for _, b := range bitsOf(n, tie.Name) {
					if drv[b] != want {
						t.Errorf("tied %s: bit driven by %v, want %v", tie, drv[b], want)
					}
				}
			}
			if err := got.Validate(); err != nil {
				t.Errorf("result does not validate: %v", err)
			}
			if tc.regrouped != "" && !slices.ContainsFunc(r.Regrouped, func(s string) bool { return strings.Contains(s, tc.regrouped) }) {
				t.Errorf("regrouped notes %q, want one containing %q", r.Regrouped, tc.regrouped)
			}
		})
	}
}

func TestAssignRolesKeepsCanonical(t *testing.T) {
	n := rolesNetlist(t, "in A:2s", "in B:2s", "out O:4")
	got, r, err := AssignRoles(n, RoleOptions{})
	if err != nil || got != n || r.ORange() != "[3:0]" {
		t.Fatalf("AssignRoles = %p, %v, %v; want the input itself and [3:0]", got, r, err)
	}
	// Signed flags survive a renaming.
	n = rolesNetlist(t, "in x:2s", "in y:2s", "out z:4")
	got, _, err = AssignRoles(n, RoleOptions{})
	if err != nil || !got.Ports[0].Signed || !got.Ports[1].Signed || got.Ports[2].Signed {
		t.Fatalf("signed flags %v, %v", got.Ports, err)
	}
}

func TestRegroupPorts(t *testing.T) {
	tests := []struct {
		ports []string
		want  string // ports after regrouping: name/width@lsb
	}{
		{[]string{"in A[0]", "in A[1]", "out O[0]"}, "A/2@0 O/1@0"},
		{[]string{"in A_0_", "in A_1_", "in A[0]"}, "A_0_/1@0 A_1_/1@0 A/1@0"}, // bracket group wins
		{[]string{"in A[0]", "out A[1]"}, "A[0]/1@0 A[1]/1@0"},                 // mixed directions
		{[]string{"in A[0]", "in A[0]"}, "A[0]/1@0 A[0]/1@0"},                  // duplicate index
		{[]string{"in A[1]", "in A[3]"}, "A[1]/1@0 A[3]/1@0"},                  // gap
		{[]string{"in A[3]", "in A[2]"}, "A/2@2"},                              // low index kept as Lsb
		{[]string{"in A:2", "in A[2]"}, "A/2@0 A[2]/1@0"},                      // a port named A exists
		{[]string{"in [0]", "in A[-1]", "in A[x]", "in _1_", "in A__"}, "[0]/1@0 A[-1]/1@0 A[x]/1@0 _1_/1@0 A__/1@0"},
		{[]string{"in C_1_1"}, "C_1_1/1@0"},
		{[]string{"in C_1_1_", "in C_1_0_"}, "C_1/2@0"},
		{[]string{"in x:3", "in y[0]", "out z:2"}, "x/3@0 y/1@0 z/2@0"},
	}
	for _, tc := range tests {
		n := rolesNetlist(t, tc.ports...)
		got, _ := RegroupPorts(n.Ports)
		var s []string
		for _, p := range got {
			s = append(s, fmt.Sprintf("%s/%d@%d", p.Name, p.Width(), p.Lsb))
		}
		if g := strings.Join(s, " "); g != tc.want {
			t.Errorf("RegroupPorts(%q) = %s, want %s", tc.ports, g, tc.want)
		}
	}
}

func TestRoleOptionsString(t *testing.T) {
	for _, tc := range []struct {
		o    RoleOptions
		want string
	}{
		{RoleOptions{}, ""},
		{RoleOptions{A: "a", B: "b", O: "p"}, "--ports a,b,p"},
		{RoleOptions{A: "a", B: "b", O: "p", Ties: []Tie{{"clk", false}, {"en", true}}}, "--ports a,b,p --tie clk=0 --tie en=1"},
	} {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.o, got, tc.want)
		}
	}
}

func TestParsePortsAndTie(t *testing.T) {
	for _, tc := range []struct {
		in      string
		a, b, o string
		err     string
	}{
		{in: "a,b,p", a: "a", b: "b", o: "p"},
		{in: " X , Y ,Z", a: "X", b: "Y", o: "Z"},
		{in: "a,b", err: "want three port names"},
		{in: "a,,p", err: "empty port name"},
		{in: "a,a,p", err: "must differ"},
	} {
		a, b, o, err := ParsePorts(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "--ports") {
				t.Errorf("ParsePorts(%q) err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || a != tc.a || b != tc.b || o != tc.o {
			t.Errorf("ParsePorts(%q) = %q %q %q %v", tc.in, a, b, o, err)
		}
	}
	for _, tc := range []struct {
		in   string
		want Tie
		ok   bool
	}{
		{"clk=0", Tie{"clk", false}, true},
		{"en=1", Tie{"en", true}, true},
		{"en=2", Tie{}, false},
		{"=1", Tie{}, false},
		{"en", Tie{}, false},
	} {
		got, err := ParseTie(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseTie(%q) = %v, %v", tc.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "--tie") {
			t.Errorf("ParseTie(%q) error %q does not name --tie", tc.in, err)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("Tie.String() = %q, want %q", got.String(), tc.in)
		}
	}
}
