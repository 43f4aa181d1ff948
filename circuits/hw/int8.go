package hw

import (
	"fmt"

	"github.com/axmul/axmul/circuits"
)

// Int8Stimulus returns the stimulus of a multiplier with 8-bit input
// ports A and B (in any declaration order, no other inputs) in errmap's
// int8 domain: port A takes int8 values drawn from a and port B from b,
// both indexed by value+128 (an errmap.Dist, e.g. a layer's activations
// for A and its weights for B). A signed circuit gets them in two's
// complement, an unsigned one their magnitudes |v| (sign-magnitude, the
// sign handled outside; |-128| = 128). seed seeds the PCG.
func Int8Stimulus(n *circuits.Netlist, a, b [256]float64, signed bool, seed uint64) (Stimulus, error) {
	ins := n.InputPorts()
	hists := make([]Histogram, len(ins))
	widths := make([]int, len(ins))
	var seenA, seenB bool
	for i, p := range ins {
		if p.Width() != 8 {
			return nil, fmt.Errorf("hw: %s: int8 operands need 8-bit ports, input %s has %d bits", n.Name, p.Name, p.Width())
		}
		widths[i] = 8
		switch p.Name {
		case "A":
			hists[i], seenA = Int8Histogram(a), true
		case "B":
			hists[i], seenB = Int8Histogram(b), true
		default:
			return nil, fmt.Errorf("hw: %s: int8 operands go to input ports A and B, found input %s", n.Name, p.Name)
		}
	}
	if !seenA || !seenB {
		return nil, fmt.Errorf("hw: %s: int8 operands need input ports A and B", n.Name)
	}
	enc := SignMagnitude
	if signed {
		enc = TwosComplement
	}
	s, err := HistogramStimulus(hists, widths, enc, seed)
	if err != nil {
		return nil, fmt.Errorf("hw: %s: %w", n.Name, err)
	}
	return s, nil
}
