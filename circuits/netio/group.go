package netio

import (
	"strconv"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// GroupBits returns n with its one-bit ports called NAME[i] merged into
// buses: when the one-bit ports of a base NAME all have the same direction
// and their indices are lo..lo+w-1, each once, and no other port is called
// NAME, they become one port NAME of w bits (Bits[i] = NAME[lo+i], Lsb lo)
// at the place of the first of them. Other ports stay as they are. n is not modified;
// when nothing is grouped, n itself is returned.
func GroupBits(n *circuits.Netlist) *circuits.Netlist {
	type group struct {
		dir  circuits.Dir
		bits map[int]circuits.Net
		ok   bool
	}
	groups := map[string]*group{}
	plain := map[string]bool{}
	found := false
	for _, p := range n.Ports {
		base, idx, ok := splitIndex(p.Name)
		if !ok || len(p.Bits) != 1 {
			plain[p.Name] = true
			continue
		}
		g := groups[base]
		if g == nil {
			g = &group{dir: p.Dir, bits: map[int]circuits.Net{}, ok: true}
			groups[base] = g
		}
		if _, dup := g.bits[idx]; dup || g.dir != p.Dir {
			g.ok = false
		}
		g.bits[idx] = p.Bits[0]
		found = true
	}
	if !found {
		return n
	}
	lsb := map[string]int{}
	for base, g := range groups {
		if plain[base] {
			g.ok = false
		}
		lo := -1
		for i := range g.bits {
			if lo < 0 || i < lo {
				lo = i
			}
		}
		lsb[base] = lo
		for i := lo; i < lo+len(g.bits) && g.ok; i++ {
			if _, has := g.bits[i]; !has {
				g.ok = false
			}
		}
	}
	out := *n
	out.Ports = nil
	done := map[string]bool{}
	for _, p := range n.Ports {
		base, _, ok := splitIndex(p.Name)
		g := groups[base]
		if !ok || len(p.Bits) != 1 || g == nil || !g.ok {
			out.Ports = append(out.Ports, p)
			continue
		}
		if done[base] {
			continue
		}
		done[base] = true
		lo := lsb[base]
		bits := make([]circuits.Net, len(g.bits))
		for i := range bits {
			bits[i] = g.bits[lo+i]
		}
		out.Ports = append(out.Ports, circuits.Port{Name: base, Dir: g.dir, Bits: bits, Lsb: lo})
	}
	return &out
}

// splitIndex splits "NAME[i]" into NAME and i.
func splitIndex(s string) (string, int, bool) {
	if !strings.HasSuffix(s, "]") {
		return "", 0, false
	}
	open := strings.LastIndexByte(s, '[')
	if open <= 0 {
		return "", 0, false
	}
	digits := s[open+1 : len(s)-1]
	if digits == "" || len(digits) > 6 || (len(digits) > 1 && digits[0] == '0') {
		return "", 0, false
	}
	i, err := strconv.Atoi(digits)
	if err != nil || i < 0 {
		return "", 0, false
	}
	return s[:open], i, true
}
