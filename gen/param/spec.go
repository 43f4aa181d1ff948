package param

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Family names a kind of generated multiplier.
type Family string

// The multiplier families. Their parameters (keys of Spec.Params) are listed
// with each; see the package documentation for the exact definitions.
const (
	// FamilyArray is the accurate carry-save array multiplier (no parameters).
	FamilyArray Family = "array"
	// FamilyTrunc is the truncated array multiplier: "k" columns dropped,
	// "corrected" 1 to add the constant correction term, else 0.
	FamilyTrunc Family = "trunc"
	// FamilyBAM is the broken-array multiplier: "h" rows and "v" columns
	// of cells omitted.
	FamilyBAM Family = "bam"
	// FamilyDRUM is the dynamic range unbiased multiplier with "k"-bit
	// segments.
	FamilyDRUM Family = "drum"
	// FamilyMitchell is Mitchell's logarithmic multiplier (no parameters).
	FamilyMitchell Family = "mitchell"
)

// Operand widths accepted by the generators.
const (
	MinBits = 2
	MaxBits = 16
)

// ErrSpec is wrapped by every error about an invalid Spec.
var ErrSpec = errors.New("param: invalid spec")

// Spec describes one generated multiplier. Specs made by the New*
// constructors or Builtin are valid; a Spec changed by hand can be checked
// with Check.
type Spec struct {
	// Name is the Verilog module name, e.g. "mul8u_trunc4".
	Name string
	// ABits and BBits are the operand widths n and m; the product has
	// n+m bits.
	ABits, BBits int
	// Signed selects two's complement operands and product.
	Signed bool
	// Family is the kind of multiplier.
	Family Family
	// Params holds the family's integer parameters by name (see the
	// Family constants); it is never nil for a valid Spec.
	Params map[string]int
}

// familyParams lists the parameter names each family takes, sorted.
func familyParams(f Family) ([]string, bool) {
	switch f {
	case FamilyArray, FamilyMitchell:
		return nil, true
	case FamilyTrunc:
		return []string{"corrected", "k"}, true
	case FamilyBAM:
		return []string{"h", "v"}, true
	case FamilyDRUM:
		return []string{"k"}, true
	}
	return nil, false
}

// Check reports whether s describes a multiplier the package can generate.
// The error wraps ErrSpec and names the offending field.
func (s Spec) Check() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrSpec, field, fmt.Sprintf(format, args...))
	}
	if !validIdent(s.Name) {
		return bad("Name", "%q is not a Verilog identifier", s.Name)
	}
	if s.ABits < MinBits || s.ABits > MaxBits {
		return bad("ABits", "%d outside %d..%d", s.ABits, MinBits, MaxBits)
	}
	if s.BBits < MinBits || s.BBits > MaxBits {
		return bad("BBits", "%d outside %d..%d", s.BBits, MinBits, MaxBits)
	}
	names, ok := familyParams(s.Family)
	if !ok {
		return bad("Family", "unknown family %q", s.Family)
	}
	if s.Params == nil {
		return bad("Params", "nil")
	}
	for k := range s.Params {
		if !slices.Contains(names, k) {
			return bad("Params", "family %s takes no parameter %q", s.Family, k)
		}
	}
	for _, k := range names {
		if _, ok := s.Params[k]; !ok {
			return bad("Params", "family %s needs parameter %q", s.Family, k)
		}
	}
	w := s.ABits + s.BBits
	p := s.Params
	inRange := func(k string, lo, hi int) error {
		if p[k] < lo || p[k] > hi {
			return bad("Params["+k+"]", "%d outside %d..%d", p[k], lo, hi)
		}
		return nil
	}
	var err error
	switch s.Family {
	case FamilyTrunc:
		err = errors.Join(inRange("k", 0, w), inRange("corrected", 0, 1))
	case FamilyBAM:
		err = errors.Join(inRange("h", 0, s.BBits), inRange("v", 0, w))
	case FamilyDRUM:
		err = inRange("k", 3, max(s.ABits, s.BBits))
	}
	return err
}

func validIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// prefix returns the EvoApprox-style name prefix, e.g. "mul8u" or "mul8x4s".
func prefix(n, m int, signed bool) string {
	sg := "u"
	if signed {
		sg = "s"
	}
	if n == m {
		return fmt.Sprintf("mul%d%s", n, sg)
	}
	return fmt.Sprintf("mul%dx%d%s", n, m, sg)
}

func newSpec(name string, n, m int, signed bool, f Family, p map[string]int) (Spec, error) {
	s := Spec{Name: name, ABits: n, BBits: m, Signed: signed, Family: f, Params: p}
	if err := s.Check(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// NewArray returns the accurate n x m array multiplier, named e.g.
// "mul8u_exact".
func NewArray(n, m int, signed bool) (Spec, error) {
	return newSpec(prefix(n, m, signed)+"_exact", n, m, signed, FamilyArray, map[string]int{})
}

// NewTruncated returns the n x m array multiplier with the k least
// significant partial-product columns dropped, with the constant correction
// term when corrected is set; it is named e.g. "mul8u_trunc4" or, corrected,
// "mul8u_trunc4c".
func NewTruncated(n, m int, signed bool, k int, corrected bool) (Spec, error) {
	c, suf := 0, ""
	if corrected {
		c, suf = 1, "c"
	}
	name := fmt.Sprintf("%s_trunc%d%s", prefix(n, m, signed), k, suf)
	return newSpec(name, n, m, signed, FamilyTrunc, map[string]int{"k": k, "corrected": c})
}

// NewBAM returns the broken-array multiplier with horizontal break level h
// and vertical break level v, named e.g. "mul8s_bam_h2v6".
func NewBAM(n, m int, signed bool, h, v int) (Spec, error) {
	name := fmt.Sprintf("%s_bam_h%dv%d", prefix(n, m, signed), h, v)
	return newSpec(name, n, m, signed, FamilyBAM, map[string]int{"h": h, "v": v})
}

// NewDRUM returns the DRUM(k) multiplier, named e.g. "mul8u_drum4".
func NewDRUM(n, m int, signed bool, k int) (Spec, error) {
	name := fmt.Sprintf("%s_drum%d", prefix(n, m, signed), k)
	return newSpec(name, n, m, signed, FamilyDRUM, map[string]int{"k": k})
}

// NewMitchell returns Mitchell's logarithmic multiplier, named e.g.
// "mul8u_mitchell".
func NewMitchell(n, m int, signed bool) (Spec, error) {
	return newSpec(prefix(n, m, signed)+"_mitchell", n, m, signed, FamilyMitchell, map[string]int{})
}

// Builtin returns the built-in library of 8x8 multipliers: for unsigned
// then signed operands, the accurate array multiplier, truncated ones
// (k = 2, 4, 6, 8 without and k = 4, 6, 8 with correction), broken-array
// ones (h, v) = (0,4), (0,6), (1,7), (2,8), (3,9), (4,10), DRUM(k) for
// k = 6, 5, 4, 3 and Mitchell's. The order is fixed; each call returns
// fresh values.
func Builtin() []Spec {
	var specs []Spec
	must := func(s Spec, err error) {
		if err != nil {
			// Unreachable: the parameters below are all in range.
			return
		}
		specs = append(specs, s)
	}
	for _, signed := range []bool{false, true} {
		must(NewArray(8, 8, signed))
		for _, k := range []int{2, 4, 6, 8} {
			must(NewTruncated(8, 8, signed, k, false))
		}
		for _, k := range []int{4, 6, 8} {
			must(NewTruncated(8, 8, signed, k, true))
		}
		for _, hv := range [][2]int{{0, 4}, {0, 6}, {1, 7}, {2, 8}, {3, 9}, {4, 10}} {
			must(NewBAM(8, 8, signed, hv[0], hv[1]))
		}
		for _, k := range []int{6, 5, 4, 3} {
			must(NewDRUM(8, 8, signed, k))
		}
		must(NewMitchell(8, 8, signed))
	}
	return specs
}

// Lookup returns the built-in spec with the given name.
func Lookup(name string) (Spec, bool) {
	for _, s := range Builtin() {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// Description returns a one-line English description of the multiplier,
// e.g. "8x8 unsigned truncated array multiplier, 4 columns dropped, no
// correction".
func (s Spec) Description() string {
	sg := "unsigned"
	if s.Signed {
		sg = "signed (two's complement)"
	}
	p := s.Params
	var what string
	switch s.Family {
	case FamilyArray:
		what = "accurate array multiplier"
		if s.Signed {
			what += " (Baugh-Wooley)"
		}
	case FamilyTrunc:
		corr := "no correction"
		if p["corrected"] == 1 {
			corr = fmt.Sprintf("constant correction %d", truncCorrection(s.ABits, s.BBits, s.Signed, p["k"]))
		}
		what = fmt.Sprintf("truncated array multiplier, %s dropped, %s", plural(p["k"], "column"), corr)
	case FamilyBAM:
		what = fmt.Sprintf("broken-array multiplier, %s and %s omitted", plural(p["h"], "row"), plural(p["v"], "column"))
	case FamilyDRUM:
		what = fmt.Sprintf("DRUM multiplier with %d-bit segments", p["k"])
	case FamilyMitchell:
		what = "Mitchell logarithmic multiplier"
	}
	if s.Signed && (s.Family == FamilyDRUM || s.Family == FamilyMitchell) {
		what += " in a sign-magnitude wrapper"
	}
	return fmt.Sprintf("%dx%d %s %s", s.ABits, s.BBits, sg, what)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// paramString formats the parameters as "k=4 corrected=0" in the family's
// order.
func (s Spec) paramString() string {
	names, _ := familyParams(s.Family)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%d", k, s.Params[k])
	}
	return strings.Join(parts, " ")
}

// Generate returns the structural Verilog of the multiplier (see the package
// documentation for its form) or an error wrapping ErrSpec. The text is the
// same, byte for byte, on every call.
func (s Spec) Generate() ([]byte, error) {
	bd, err := s.build()
	if err != nil {
		return nil, err
	}
	header := []string{
		fmt.Sprintf("%s: %s", s.Name, s.Description()),
		fmt.Sprintf("family %s %s; generated by axmul gen/param", s.Family, s.paramString()),
	}
	return bd.verilog(s.Name, header), nil
}

// Verilog returns the structural Verilog of the multiplier, or nil when s is
// invalid (use Generate to get the reason).
func (s Spec) Verilog() []byte {
	v, _ := s.Generate()
	return v
}

// Gates returns the number of logic gates of the generated netlist (one per
// assign statement to an internal wire), or -1 when s is invalid.
func (s Spec) Gates() int {
	bd, err := s.build()
	if err != nil {
		return -1
	}
	return bd.gates()
}

// build constructs the gate-level circuit of s.
func (s Spec) build() (*builder, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	n, m, p := s.ABits, s.BBits, s.Params
	bd := newBuilder(n, m)
	switch s.Family {
	case FamilyArray, FamilyTrunc, FamilyBAM:
		pp, konst := s.ppKept()
		bd.out = bd.arraySum(bd.a, bd.b, pp, konst)
	case FamilyDRUM:
		bd.out = bd.signMag(s.Signed, func(x, y []node) []node { return bd.drum(x, y, p["k"]) })
	case FamilyMitchell:
		bd.out = bd.signMag(s.Signed, bd.mitchell)
	}
	return bd, nil
}

// ppKept returns the partial-product bits an array-family multiplier keeps
// and the constant it adds (both as described in the package
// documentation).
func (s Spec) ppKept() ([]ppBit, uint64) {
	n, m, p := s.ABits, s.BBits, s.Params
	pp, konst := ppMatrix(n, m, s.Signed)
	keep := func(ppBit) bool { return true }
	switch s.Family {
	case FamilyTrunc:
		k := p["k"]
		keep = func(b ppBit) bool { return b.col() >= k }
		konst &^= mask(k)
		if p["corrected"] == 1 {
			konst = (konst + truncCorrection(n, m, s.Signed, k)) & mask(n+m)
		}
	case FamilyBAM:
		h, v := p["h"], p["v"]
		keep = func(b ppBit) bool { return b.j >= h && b.col() >= v }
		konst &^= mask(v)
	}
	var kept []ppBit
	for _, b := range pp {
		if keep(b) {
			kept = append(kept, b)
		}
	}
	return kept, konst
}

// truncCorrection returns the correction constant of the truncated
// multiplier: the expected value of the dropped bits (partial-product bits
// in columns below k, each 1 with probability 1/4, or 3/4 for the NAND bits
// of the signed form, plus the Baugh-Wooley constant's bits below k) for
// operands with independent uniform bits, rounded half up to a multiple of
// 2^k.
func truncCorrection(n, m int, signed bool, k int) uint64 {
	pp, konst := ppMatrix(n, m, signed)
	var e4 uint64 // four times the expected value
	for _, b := range pp {
		if b.col() < k {
			w := uint64(1)
			if b.neg {
				w = 3
			}
			e4 += w << b.col()
		}
	}
	e4 += 4 * (konst & mask(k))
	return (e4 + 2<<k) / (4 << k) << k
}

// signMag applies core directly to unsigned operands; for signed ones it
// takes the magnitudes of A and B (n- and m-bit unsigned, conditional
// two's complement negation), applies core, and negates the n+m-bit result
// when the operand signs differ.
func (bd *builder) signMag(signed bool, core func(x, y []node) []node) []node {
	if !signed {
		return core(bd.a, bd.b)
	}
	sa, sb := bd.a[bd.n-1], bd.b[bd.m-1]
	r := core(bd.condNeg(bd.a, sa), bd.condNeg(bd.b, sb))
	return bd.condNeg(r, bd.xor(sa, sb))
}

// drum builds the unsigned DRUM(k) core for operand bits x and y and
// returns len(x)+len(y) product bits.
func (bd *builder) drum(x, y []node, k int) []node {
	sx, shx := bd.drumSeg(x, k)
	sy, shy := bd.drumSeg(y, k)
	prod := bd.mulU(sx, sy)
	var amt []node
	if len(shx)+len(shy) > 0 {
		amt = bd.addU(shx, shy, zero)
	}
	return bd.shl(prod, amt, len(x)+len(y))
}

// drumSeg selects the k-bit DRUM segment of x and its shift amount (binary,
// bit 0 first). If x < 2^k the segment is x's low k bits and the shift 0;
// otherwise, with t the position of the leading one, the segment is bits
// t..t-k+2 of x followed by a 1, and the shift is t-k+1. Operands of at
// most k bits pass unchanged.
func (bd *builder) drumSeg(x []node, k int) (seg, sh []node) {
	w := len(x)
	if w <= k {
		return x, nil
	}
	h, above := bd.lod(x)
	big := above[k-1]
	seg = make([]node, k)
	seg[0] = bd.or(big, x[0])
	seg[k-1] = bd.or(big, x[k-1])
	for j := 1; j < k-1; j++ {
		var terms []node
		for t := k; t < w; t++ {
			terms = append(terms, bd.and(h[t], x[t-k+1+j]))
		}
		seg[j] = bd.or(bd.orAll(terms), bd.and(bd.not(big), x[j]))
	}
	sh = bd.encode(h, k, func(t int) int { return t - k + 1 }, bitsFor(w-k))
	return seg, sh
}

// mitchell builds the unsigned Mitchell core for operand bits x and y and
// returns len(x)+len(y) product bits: leading-one detection, normalisation
// of each operand by a left barrel shift (the bits under the leading one
// become a fraction of F = max(len(x), len(y))-1 bits), one fraction adder
// and one characteristic adder (taking the fraction carry), and the
// antilogarithm (1.fraction) * 2^characteristic as a left barrel shift
// truncated to integer bits; the result is forced to 0 when an operand is 0.
func (bd *builder) mitchell(x, y []node) []node {
	f := max(len(x), len(y)) - 1
	frac := func(v []node) (fr, ch []node) {
		w := len(v)
		h, _ := bd.lod(v)
		ch = bd.encode(h, 0, func(t int) int { return t }, bitsFor(w-1))
		norm := bd.shl(v, bd.encode(h, 0, func(t int) int { return w - 1 - t }, bitsFor(w-1)), w)
		fr = make([]node, f)
		for i := range fr {
			fr[i] = zero
		}
		copy(fr[f-(w-1):], norm[:w-1])
		return fr, ch
	}
	fx, cx := frac(x)
	fy, cy := frac(y)
	s := bd.addU(fx, fy, zero)
	chr := bd.addU(cx, cy, s[f])
	mant := append(slices.Clone(s[:f]), one)
	full := bd.shl(mant, chr, f+len(x)+len(y))
	nz := bd.and(bd.orAll(x), bd.orAll(y))
	out := make([]node, len(x)+len(y))
	for i := range out {
		out[i] = bd.and(full[f+i], nz)
	}
	return out
}
