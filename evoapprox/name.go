package evoapprox

import (
	"fmt"
	"strconv"
	"strings"
)

// Shape is the operand widths and signedness of a multiplier: A has ABits,
// B has BBits, the product ABits+BBits bits; Signed means two's complement.
type Shape struct {
	ABits, BBits int  // operand widths, 1..MaxBits
	Signed       bool // two's complement operands and product
}

// String returns the group name of s as used by EvoApproxLib, e.g. "8x8_signed".
func (s Shape) String() string {
	sign := "unsigned"
	if s.Signed {
		sign = "signed"
	}
	return fmt.Sprintf("%dx%d_%s", s.ABits, s.BBits, sign)
}

// MaxBits is the largest operand width accepted in names and groups, so that
// every product fits in 64 bits.
const MaxBits = 32

// ParseName derives the shape of a multiplier from its EvoApprox name:
//
//	mul8s_1KV6   8x8 signed      (mul<N><s|u>_<id>)
//	mul8x4u_29A  8x4 unsigned    (mul<A>x<B><s|u>_<id>)
//	mul12u_2BU   12x12 unsigned
//	mul8_123     8x8 unsigned    (EvoApprox8b: mul8_<id>, including the
//	             accurate mul8_<Architecture> circuits)
//
// The id is one or more ASCII letters, digits or underscores. Any other
// name is an error naming it.
func ParseName(name string) (Shape, error) {
	bad := func(why string) (Shape, error) {
		return Shape{}, fmt.Errorf("evoapprox: name %q: %s (want mul<N>[x<M>]<s|u>_<id> or mul8_<id>)", name, why)
	}
	rest, ok := strings.CutPrefix(name, "mul")
	if !ok {
		return bad("no mul prefix")
	}
	spec, id, ok := strings.Cut(rest, "_")
	if !ok {
		return bad("no '_' before the id")
	}
	if id == "" || !isIdent(id) {
		return bad("id not made of letters, digits and '_'")
	}
	if spec == "8" { // EvoApprox8b
		return Shape{ABits: 8, BBits: 8}, nil
	}
	if len(spec) < 2 {
		return bad("no width and signedness")
	}
	var s Shape
	switch spec[len(spec)-1] {
	case 's':
		s.Signed = true
	case 'u':
	default:
		return bad("signedness is neither s nor u")
	}
	widths := spec[:len(spec)-1]
	as, bs, hasB := strings.Cut(widths, "x")
	var err error
	if s.ABits, err = parseWidth(as); err != nil {
		return bad(err.Error())
	}
	s.BBits = s.ABits
	if hasB {
		if s.BBits, err = parseWidth(bs); err != nil {
			return bad(err.Error())
		}
	}
	return s, nil
}

// ParseGroup parses an EvoApproxLib group folder name such as "8x4_unsigned"
// or "12x12_signed".
func ParseGroup(group string) (Shape, error) {
	widths, sign, ok := strings.Cut(group, "_")
	var s Shape
	switch {
	case !ok:
	case sign == "signed":
		s.Signed = true
	case sign == "unsigned":
	default:
		ok = false
	}
	as, bs, hasX := strings.Cut(widths, "x")
	if !ok || !hasX {
		return Shape{}, fmt.Errorf("evoapprox: group %q: want <A>x<B>_<signed|unsigned>", group)
	}
	var err error
	if s.ABits, err = parseWidth(as); err != nil {
		return Shape{}, fmt.Errorf("evoapprox: group %q: %w", group, err)
	}
	if s.BBits, err = parseWidth(bs); err != nil {
		return Shape{}, fmt.Errorf("evoapprox: group %q: %w", group, err)
	}
	return s, nil
}

func parseWidth(s string) (int, error) {
	if s == "" || len(s) > 3 {
		return 0, fmt.Errorf("bad width %q", s)
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, fmt.Errorf("bad width %q", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxBits {
		return 0, fmt.Errorf("width %q not in 1..%d", s, MaxBits)
	}
	return n, nil
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || isDigit(c) || c == '_') {
			return false
		}
	}
	return true
}
