package netio

import "github.com/axmul/axmul/circuits"

// GroupBits returns n with its bit-blasted one-bit ports merged into buses
// by circuits.RegroupPorts, the rule every multiplier load applies too
// (circuits.AssignRoles): one-bit ports NAME[i] (or NAME_i_ where that is
// unambiguous) of one direction with distinct, contiguous indices lo..hi and
// no other port called NAME become one port NAME (bit k = index lo+k, Lsb
// lo) at the place of the first of them. n is not modified; when nothing is
// grouped, n itself is returned.
func GroupBits(n *circuits.Netlist) *circuits.Netlist {
	ports, notes := circuits.RegroupPorts(n.Ports)
	if len(notes) == 0 {
		return n
	}
	out := *n
	out.Ports = ports
	return &out
}
