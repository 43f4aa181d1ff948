package evolve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/testshared"
)

// products returns the truth table of a multiplier netlist (entry b<<n | a).
func products(t *testing.T, n *circuits.Netlist) []uint64 {
	t.Helper()
	mu, err := sim.NewMultiplier(n)
	if err != nil {
		t.Fatal(err)
	}
	p, err := mu.Products()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func equalTables(t *testing.T, what string, got, want []uint64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d products, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: pair %d (a=%d, b=%d): product %#x, want %#x", what, i, i&255, i>>8, got[i], want[i])
		}
	}
}

// checkSeed seeds a genome from c and checks that its netlist, and that
// netlist written and re-read in every format, computes c's products.
func checkSeed(t *testing.T, c *gen.Circuit, spare int) {
	t.Helper()
	g, err := Seed(c.Netlist, c.Signed, spare)
	if err != nil {
		t.Fatal(err)
	}
	want := products(t, c.Netlist)
	n, err := g.Netlist(c.Name)
	if err != nil {
		t.Fatal(err)
	}
	equalTables(t, c.Name+" genome netlist", products(t, n), want)
	st, err := n.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if got := Gates().Cost(Candidate{Genome: g, Active: g.Active()}); int(got) != st.Logic {
		t.Errorf("%s: Gates() = %v, the netlist has %d logic gates", c.Name, got, st.Logic)
	}
	dir := t.TempDir()
	for _, ext := range []string{".v", ".blif", ".aag"} {
		p := filepath.Join(dir, c.Name+ext)
		if err := netio.WriteFile(p, n); err != nil {
			t.Fatal(err)
		}
		back, err := gen.Load(p, gen.LoadOptions{Sign: map[bool]gen.Signedness{false: gen.Unsigned, true: gen.Signed}[c.Signed]})
		if err != nil {
			t.Fatal(err)
		}
		equalTables(t, c.Name+ext+" re-read", products(t, back.Netlist), want)
	}
}

func TestSeedBuiltin(t *testing.T) {
	names := []string{"mul8u_exact", "mul8u_trunc4c", "mul8u_bam_h2v8", "mul8u_drum4", "mul8u_mitchell", "mul8s_exact", "mul8s_drum4"}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, ok := param.Lookup(name)
			if !ok {
				t.Fatalf("no built-in %s", name)
			}
			p := filepath.Join(t.TempDir(), name+".v")
			if err := os.WriteFile(p, s.Verilog(), 0o666); err != nil {
				t.Fatal(err)
			}
			sign := gen.Unsigned
			if s.Signed {
				sign = gen.Signed
			}
			c, err := gen.Load(p, gen.LoadOptions{Sign: sign})
			if err != nil {
				t.Fatal(err)
			}
			checkSeed(t, c, 7)
		})
	}
}

func TestSeedEvoApprox(t *testing.T) {
	dir := testshared.Dir(t, "evoapprox", "v2022")
	files := []string{"8x8_unsigned/mul8u_0AB.v", "8x8_unsigned/mul8u_12KA.v", "8x8_unsigned/mul8u_2NDH.v", "8x8_signed/mul8s_1KV6.v", "8x8_signed/mul8s_1KV8.v", "7x7_unsigned"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			ents, err := os.ReadDir(p)
			if err != nil || len(ents) == 0 {
				t.Fatalf("%s: %v", p, err)
			}
			p = filepath.Join(p, ents[0].Name())
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			c, err := gen.Load(p, gen.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkSeed(t, c, 0)
		})
	}
}

func TestSeedDefault(t *testing.T) {
	g, err := DefaultSeed(10)
	if err != nil {
		t.Fatal(err)
	}
	if g.ABits != 8 || g.BBits != 8 || g.Signed || len(g.Outs) != 16 || g.LevelsBack != len(g.Nodes) {
		t.Fatalf("default seed: %dx%d signed %v, %d outputs, levels-back %d of %d nodes", g.ABits, g.BBits, g.Signed, len(g.Outs), g.LevelsBack, len(g.Nodes))
	}
	s, _ := param.NewArray(8, 8, false)
	if got := len(g.Active()); got != s.Gates() {
		t.Errorf("default seed: %d active nodes, the generator reports %d gates", got, s.Gates())
	}
	n, err := g.Netlist("x")
	if err != nil {
		t.Fatal(err)
	}
	tab := products(t, n)
	for p, v := range tab {
		if a, b := uint64(p&255), uint64(p>>8); v != a*b {
			t.Fatalf("%d*%d = %d", a, b, v)
		}
	}
}

func TestSeedErrors(t *testing.T) {
	n := &circuits.Netlist{Name: "bad"}
	n.AddPort("X", circuits.Input, 2)
	if _, err := Seed(n, false, 0); err == nil {
		t.Error("a netlist without ports A, B, O: no error")
	}
	if _, err := Seed(nil, false, 0); err == nil {
		t.Error("nil netlist: no error")
	}
	g, _ := SpecSeed(2, 2, false, 0)
	if _, err := Seed(mustNetlist(t, g), false, -1); err == nil {
		t.Error("spare -1: no error")
	}
	bad := g.Clone()
	bad.Nodes[0].In[0] = int32(g.NumInputs() + 3)
	if err := bad.Check(); err == nil {
		t.Error("a node reading a later node: Check found nothing")
	}
}

func mustNetlist(t *testing.T, g *Genome) *circuits.Netlist {
	t.Helper()
	n, err := g.Netlist("g")
	if err != nil {
		t.Fatal(err)
	}
	return n
}
