package param

import (
	"bytes"
	"errors"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func mustSpec(t *testing.T) func(Spec, error) Spec {
	return func(s Spec, err error) Spec {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// The accurate array multiplier's model is the exact product: exhaustively
// for small sizes, on samples for large ones.
func TestArrayModelIsExact(t *testing.T) {
	must := mustSpec(t)
	for _, signed := range []bool{false, true} {
		for _, nm := range [][2]int{{2, 2}, {2, 7}, {3, 5}, {4, 4}, {5, 3}, {8, 8}, {7, 9}, {12, 11}, {16, 16}, {16, 2}} {
			s := must(NewArray(nm[0], nm[1], signed))
			model := s.Model()
			as, bs := operandPairs(s.ABits, s.BBits, 20000)
			for i := range as {
				a, b := operand(as[i], s.ABits, signed), operand(bs[i], s.BBits, signed)
				if got := model(a, b); got != a*b {
					t.Fatalf("%s model(%d, %d) = %d, want %d", s.Name, a, b, got, a*b)
				}
			}
		}
	}
}

// Every built-in circuit, and a set of other sizes, computes exactly its
// model (builder's own evaluator; the Verilog round trip is in
// netlist_test.go). 8x8 and all sizes with n+m <= 16 are exhaustive.
func TestCircuitsMatchModels(t *testing.T) {
	specs := append(Builtin(), extraSpecs(t)...)
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			checkCircuit(t, s, builderEval(t, s), 4000)
		})
	}
}

// Hand-computed values; the comments show the arithmetic.
func TestHandComputed(t *testing.T) {
	must := mustSpec(t)
	tests := []struct {
		spec    Spec
		a, b    int64
		want    int64
		comment string
	}{
		// Truncated 4x4 unsigned, k=2: bits of columns 0 and 1 dropped.
		{must(NewTruncated(4, 4, false, 2, false)), 3, 3, 4, "a0b0 (1), a1b0, a0b1 (2+2) dropped; a1b1 = 4 kept"},
		{must(NewTruncated(4, 4, false, 2, false)), 15, 15, 220, "225 - (1 + 2*2)"},
		{must(NewTruncated(4, 4, false, 2, false)), 5, 6, 28, "30 - a0b1 (2)"},
		{must(NewTruncated(4, 4, false, 2, false)), 1, 1, 0, "only a0b0"},
		// Corrected, k=3: E = (1*1 + 2*2 + 3*4)/4 = 4.25, 4.25/8 = 0.53 -> C = 8.
		{must(NewTruncated(4, 4, false, 3, true)), 3, 3, 8, "kept bits none (a1b1 is column 2), + C"},
		{must(NewTruncated(4, 4, false, 3, true)), 15, 15, 216, "225 - 17 + 8"},
		// Signed 4x4, k=2: -1*-1: dropped a0b0 + a1b0 + a0b1 = 1+2+2 (all
		// AND bits), so 1 - 5.
		{must(NewTruncated(4, 4, true, 2, false)), -1, -1, -4, "1 - 5"},
		// -8*3: every bit of columns 0, 1 pairs a0 or a1 (0) with b0/b1 -> nothing lost.
		{must(NewTruncated(4, 4, true, 2, false)), -8, 3, -24, "exact"},
		// BAM 4x4 unsigned h=1, v=3: keep j>=1 and i+j>=3.
		{must(NewBAM(4, 4, false, 1, 3)), 15, 15, 200, "(8+16) + (8+16+32) + (8+16+32+64)"},
		{must(NewBAM(4, 4, false, 1, 3)), 9, 5, 32, "a3b2 only (a0b0, a3b0: row 0; a0b2: column 2)"},
		{must(NewBAM(4, 4, false, 1, 3)), 6, 10, 56, "a2b1 (8) + a1b3 (16) + a2b3 (32); a1b1 dropped"},
		// DRUM(3) 8x8 unsigned.
		{must(NewDRUM(8, 8, false, 3)), 200, 13, 3136, "200: t=7, seg 110|1=7, <<5 = 224; 13: t=3, seg 11|1 = 7, <<1 = 14; 224*14"},
		{must(NewDRUM(8, 8, false, 3)), 7, 5, 35, "both < 8: exact"},
		{must(NewDRUM(8, 8, false, 3)), 8, 8, 100, "8: seg 10|1 = 5, <<1 = 10"},
		{must(NewDRUM(8, 8, false, 3)), 255, 255, 50176, "seg 7 << 5 = 224; 224^2"},
		{must(NewDRUM(8, 8, true, 3)), -128, 3, -480, "|a| = 128: seg 10|1 = 5 << 5 = 160; 160*3, negated"},
		// Mitchell 8x8 unsigned.
		{must(NewMitchell(8, 8, false)), 3, 3, 8, "k=1, f=0.5 each; f sum 1 -> 2^3 * 1"},
		{must(NewMitchell(8, 8, false)), 5, 6, 28, "2^2(1.25), 2^2(1.5); 2^4 * 1.75"},
		{must(NewMitchell(8, 8, false)), 12, 10, 112, "2^3(1.5), 2^3(1.25); 2^6 * 1.75"},
		{must(NewMitchell(8, 8, false)), 7, 7, 48, "2^2(1.75) each; f sum 1.5 -> 2^5 * 1.5"},
		{must(NewMitchell(8, 8, false)), 255, 255, 65024, "f = 127/128 each; 2^15 * 254/128"},
		{must(NewMitchell(8, 8, false)), 0, 255, 0, "zero operand"},
		{must(NewMitchell(8, 8, true)), -7, 7, -48, "sign-magnitude"},
	}
	for _, tc := range tests {
		if got := tc.spec.Model()(tc.a, tc.b); got != tc.want {
			t.Errorf("%s model(%d, %d) = %d, want %d (%s)", tc.spec.Name, tc.a, tc.b, got, tc.want, tc.comment)
		}
		out := builderEval(t, tc.spec)(wordsOf(tc.a, tc.spec.ABits), wordsOf(tc.b, tc.spec.BBits))
		var got uint64
		for k, w := range out {
			got |= (w & 1) << k
		}
		if want := uint64(tc.want) & mask(tc.spec.ABits+tc.spec.BBits); got != want {
			t.Errorf("%s circuit(%d, %d) = %#x, want %#x (%s)", tc.spec.Name, tc.a, tc.b, got, want, tc.comment)
		}
	}
}

// wordsOf spreads the n bits of x over n single-lane words.
func wordsOf(x int64, n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = uint64(x) >> i & 1
	}
	return w
}

// Relations between families, checked exhaustively on 8x8 models.
func TestFamilyRelations(t *testing.T) {
	must := mustSpec(t)
	for _, signed := range []bool{false, true} {
		exact := must(NewArray(8, 8, signed)).Model()
		pairs := []struct {
			name string
			x, y func(a, b int64) int64
		}{
			{"trunc0=exact", must(NewTruncated(8, 8, signed, 0, false)).Model(), exact},
			{"trunc1c=trunc1 (C=0)", must(NewTruncated(8, 8, signed, 1, true)).Model(), must(NewTruncated(8, 8, signed, 1, false)).Model()},
			{"bam00=exact", must(NewBAM(8, 8, signed, 0, 0)).Model(), exact},
			{"bam0,5=trunc5", must(NewBAM(8, 8, signed, 0, 5)).Model(), must(NewTruncated(8, 8, signed, 5, false)).Model()},
			{"drum8=exact", must(NewDRUM(8, 8, signed, 8)).Model(), exact},
		}
		for _, p := range pairs {
			for pa := range uint64(256) {
				for pb := range uint64(256) {
					a, b := operand(pa, 8, signed), operand(pb, 8, signed)
					if x, y := p.x(a, b), p.y(a, b); x != y {
						t.Fatalf("signed=%v %s: (%d, %d): %d != %d", signed, p.name, a, b, x, y)
					}
				}
			}
		}
	}
	// Unsigned truncation and BAM never overestimate, and zero the low
	// columns.
	for _, s := range []Spec{must(NewTruncated(8, 8, false, 6, false)), must(NewBAM(8, 8, false, 2, 7))} {
		model := s.Model()
		low := mask(s.Params["k"] + s.Params["v"])
		for a := int64(0); a < 256; a++ {
			for b := int64(0); b < 256; b++ {
				r := model(a, b)
				if r > a*b || uint64(r)&low != 0 {
					t.Fatalf("%s(%d, %d) = %d", s.Name, a, b, r)
				}
			}
		}
	}
}

// The truncation correction constant equals, for every k, the mean dropped
// value measured over all 8x8 operand pairs, rounded half up to a multiple
// of 2^k.
func TestTruncCorrectionBruteForce(t *testing.T) {
	must := mustSpec(t)
	for _, signed := range []bool{false, true} {
		for k := 0; k <= 12; k++ {
			tr := must(NewTruncated(8, 8, signed, k, false)).Model()
			var d uint64 // total dropped value; each term < 2^15 for k <= 12
			for a := range int64(256) {
				for b := range int64(256) {
					x, y := operand(uint64(a), 8, signed), operand(uint64(b), 8, signed)
					d += uint64(x*y-tr(x, y)) & mask(16)
				}
			}
			const pairs = 1 << 16
			want := (d + pairs<<k>>1) / (pairs << k) << k
			if got := truncCorrection(8, 8, signed, k); got != want {
				t.Errorf("signed=%v k=%d: correction %d, brute force %d (mean dropped %.4f)", signed, k, got, want, float64(d)/pairs)
			}
		}
	}
}

// DRUM(6) on 16-bit unsigned operands: mean relative error 1.47% as
// published by Hashemi et al. (ICCAD 2015). The DRUM approximation is a
// product of per-operand factors r(x) = model(x, 1)/x, so the mean of
// |r(a) r(b) - 1| over all 65535^2 nonzero pairs is computed exactly (up to
// float64 rounding) by sorting the factors and using prefix sums.
func TestDRUM6PublishedMRE(t *testing.T) {
	s := mustSpec(t)(NewDRUM(16, 16, false, 6))
	model := s.Model()
	const n = 1 << 16
	r := make([]float64, 0, n-1)
	for x := int64(1); x < n; x++ {
		r = append(r, float64(model(x, 1))/float64(x))
	}
	// The factorisation holds (checked on a grid of pairs).
	for a := int64(1); a < n; a += 997 {
		for b := int64(1); b < n; b += 1009 {
			if model(a, b) != model(a, 1)*model(b, 1) {
				t.Fatalf("model(%d, %d) does not factor", a, b)
			}
		}
	}
	sorted := append([]float64(nil), r...)
	sort.Float64s(sorted)
	pre := make([]float64, len(sorted)+1)
	for i, v := range sorted {
		pre[i+1] = pre[i] + v
	}
	total, cnt := pre[len(sorted)], float64(len(sorted))
	var sum float64
	for _, ra := range r {
		i := sort.SearchFloat64s(sorted, 1/ra)
		hi, lo := total-pre[i], pre[i]
		sum += (ra*hi - (cnt - float64(i))) + (float64(i) - ra*lo)
	}
	mre := 100 * sum / (cnt * cnt)
	// Published to two decimals: accept the rounding interval.
	if math.Abs(mre-1.47) > 0.005 {
		t.Errorf("DRUM6 16-bit MRE = %.4f%%, published 1.47%%", mre)
	}
	t.Logf("DRUM6 16x16 unsigned MRE = %.4f%%", mre)
}

func TestBuiltin(t *testing.T) {
	specs := Builtin()
	if len(specs) < 30 {
		t.Fatalf("%d built-in specs, want >= 30", len(specs))
	}
	seen := map[string]bool{}
	nameRE := regexp.MustCompile(`^mul8[us]_(exact|trunc\d+c?|bam_h\d+v\d+|drum\d+|mitchell)$`)
	var signed int
	for _, s := range specs {
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		if seen[s.Name] {
			t.Errorf("duplicate name %s", s.Name)
		}
		seen[s.Name] = true
		if !nameRE.MatchString(s.Name) {
			t.Errorf("unexpected name %s", s.Name)
		}
		if s.ABits != 8 || s.BBits != 8 {
			t.Errorf("%s: %dx%d", s.Name, s.ABits, s.BBits)
		}
		if s.Signed != strings.HasPrefix(s.Name, "mul8s") {
			t.Errorf("%s: Signed = %v", s.Name, s.Signed)
		}
		if s.Signed {
			signed++
		}
		if got, ok := Lookup(s.Name); !ok || got.Name != s.Name {
			t.Errorf("Lookup(%s) failed", s.Name)
		}
	}
	if signed == 0 || signed == len(specs) {
		t.Errorf("%d of %d signed", signed, len(specs))
	}
	// Deterministic order.
	again := Builtin()
	for i := range specs {
		if specs[i].Name != again[i].Name {
			t.Fatalf("order differs at %d", i)
		}
	}
	if _, ok := Lookup("mul8u_nonesuch"); ok {
		t.Error("Lookup of unknown name succeeded")
	}
}

func TestCheckErrors(t *testing.T) {
	ok := Spec{Name: "m", ABits: 8, BBits: 8, Family: FamilyTrunc, Params: map[string]int{"k": 3, "corrected": 0}}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(s *Spec)
		field string
	}{
		{"empty name", func(s *Spec) { s.Name = "" }, "Name"},
		{"bad name", func(s *Spec) { s.Name = "9x" }, "Name"},
		{"name with space", func(s *Spec) { s.Name = "a b" }, "Name"},
		{"narrow A", func(s *Spec) { s.ABits = 1 }, "ABits"},
		{"wide B", func(s *Spec) { s.BBits = 17 }, "BBits"},
		{"family", func(s *Spec) { s.Family = "booth" }, "Family"},
		{"nil params", func(s *Spec) { s.Params = nil }, "Params"},
		{"missing param", func(s *Spec) { s.Params = map[string]int{"k": 3} }, "Params"},
		{"extra param", func(s *Spec) { s.Params = map[string]int{"k": 3, "corrected": 0, "x": 1} }, "Params"},
		{"k too big", func(s *Spec) { s.Params = map[string]int{"k": 17, "corrected": 0} }, "Params[k]"},
		{"k negative", func(s *Spec) { s.Params = map[string]int{"k": -1, "corrected": 0} }, "Params[k]"},
		{"corrected 2", func(s *Spec) { s.Params = map[string]int{"k": 1, "corrected": 2} }, "Params[corrected]"},
		{"bam h", func(s *Spec) { s.Family, s.Params = FamilyBAM, map[string]int{"h": 9, "v": 0} }, "Params[h]"},
		{"bam v", func(s *Spec) { s.Family, s.Params = FamilyBAM, map[string]int{"h": 0, "v": 17} }, "Params[v]"},
		{"drum k small", func(s *Spec) { s.Family, s.Params = FamilyDRUM, map[string]int{"k": 2} }, "Params[k]"},
		{"drum k big", func(s *Spec) { s.Family, s.Params = FamilyDRUM, map[string]int{"k": 9} }, "Params[k]"},
	}
	for _, tc := range tests {
		s := ok
		tc.edit(&s)
		err := s.Check()
		if !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), tc.field+":") {
			t.Errorf("%s: Check() = %v, want ErrSpec naming %s", tc.name, err, tc.field)
		}
		if s.Verilog() != nil || s.Model() != nil || s.Gates() != -1 {
			t.Errorf("%s: invalid spec still generates", tc.name)
		}
		if _, err := s.Generate(); !errors.Is(err, ErrSpec) {
			t.Errorf("%s: Generate error %v", tc.name, err)
		}
	}
	for _, f := range []func() (Spec, error){
		func() (Spec, error) { return NewArray(1, 8, false) },
		func() (Spec, error) { return NewTruncated(8, 8, false, 17, false) },
		func() (Spec, error) { return NewBAM(8, 8, true, -1, 0) },
		func() (Spec, error) { return NewDRUM(4, 4, false, 5) },
		func() (Spec, error) { return NewMitchell(8, 20, true) },
	} {
		if _, err := f(); !errors.Is(err, ErrSpec) {
			t.Errorf("constructor accepted bad input: %v", err)
		}
	}
}

var (
	gateRE = regexp.MustCompile(`^assign (sig_\d+) = (?:~(\S+)|(\S+) [&|^] (\S+));$`)
	outRE  = regexp.MustCompile(`^assign O\[(\d+)\] = (\S+);$`)
	opdRE  = regexp.MustCompile(`^(?:sig_\d+|A\[\d+\]|B\[\d+\])$`)
)

// The Verilog text has the EvoApprox form: ports, one gate per assign on
// declared wires defined before use, never a constant gate operand, every
// output bit assigned once in order, and the same bytes on every call.
func TestVerilogForm(t *testing.T) {
	must := mustSpec(t)
	specs := append(Builtin(), must(NewDRUM(12, 5, true, 4)), must(NewBAM(3, 9, false, 2, 2)))
	for _, s := range specs {
		v := s.Verilog()
		if !bytes.Equal(v, s.Verilog()) {
			t.Errorf("%s: Verilog differs between calls", s.Name)
		}
		text := string(v)
		n, m := s.ABits, s.BBits
		for _, want := range []string{
			"module " + s.Name + " (\n",
			"input [" + itoa(n-1) + ":0] A;\n", "input [" + itoa(m-1) + ":0] B;\n",
			"output [" + itoa(n+m-1) + ":0] O;\n", "\nendmodule\n",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: missing %q", s.Name, want)
			}
		}
		declared := map[string]bool{}
		defined := map[string]bool{}
		nextOut, gates := 0, 0
		for _, line := range strings.Split(text, "\n") {
			switch {
			case strings.HasPrefix(line, "wire "):
				for _, w := range strings.Split(strings.TrimSuffix(line[5:], ";"), ",") {
					if declared[w] {
						t.Errorf("%s: wire %s declared twice", s.Name, w)
					}
					declared[w] = true
				}
			case strings.HasPrefix(line, "assign sig_"):
				g := gateRE.FindStringSubmatch(line)
				if g == nil {
					t.Errorf("%s: bad gate line %q", s.Name, line)
					continue
				}
				for _, opd := range g[2:] {
					if opd == "" {
						continue
					}
					if !opdRE.MatchString(opd) || strings.HasPrefix(opd, "sig_") && !defined[opd] {
						t.Errorf("%s: operand %s in %q is a constant or used before definition", s.Name, opd, line)
					}
				}
				if !declared[g[1]] || defined[g[1]] {
					t.Errorf("%s: %s undeclared or assigned twice", s.Name, g[1])
				}
				defined[g[1]] = true
				gates++
			case strings.HasPrefix(line, "assign O"):
				o := outRE.FindStringSubmatch(line)
				if o == nil || o[1] != itoa(nextOut) {
					t.Errorf("%s: bad output line %q", s.Name, line)
					continue
				}
				nextOut++
			case strings.HasPrefix(line, "assign"):
				t.Errorf("%s: unexpected line %q", s.Name, line)
			}
		}
		if nextOut != n+m {
			t.Errorf("%s: %d output assigns, want %d", s.Name, nextOut, n+m)
		}
		if len(defined) != len(declared) || gates != s.Gates() {
			t.Errorf("%s: %d wires declared, %d defined, %d gates, Gates() = %d", s.Name, len(declared), len(defined), gates, s.Gates())
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
