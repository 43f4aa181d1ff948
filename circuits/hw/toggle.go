package hw

import (
	"math/bits"

	"github.com/axmul/axmul/circuits/sim"
)

// ToggleCount counts the transitions of one net over a bit-sliced stream
// of vectors: vector v of words is bit v%64 of words[v/64], and each vector
// is compared with its predecessor. The predecessor of vector 0 is bit 63
// of prevLast, the last word of the previous part of the stream; to count
// no transition into vector 0 pass prevLast = (words[0]&1) << 63.
//
// It runs the toggle kernel named like the simulator's current kernel
// (sim.CurrentKernel: sim.SetKernel, else the AXMUL_KERNEL variable, else
// the fastest available), or the generic one when the toggle counter has
// no kernel of that name; every kernel matches toggleCountGeneric bit for
// bit.
func ToggleCount(words []uint64, prevLast uint64) int {
	return currentToggleKernel().count(words, prevLast)
}

// toggleCountGeneric computes, for every word x with predecessor word p
// (prevLast for the first), popcount(x ^ (x<<1 | p>>63)) and returns the
// sum: bit i of x is compared with bit i-1 of x, and bit 0 with bit 63 of
// p.
func toggleCountGeneric(words []uint64, prevLast uint64) int {
	n := 0
	p := prevLast
	for _, x := range words {
		n += bits.OnesCount64(x ^ (x<<1 | p>>63))
		p = x
	}
	return n
}

// toggleSlotsGeneric counts the toggles of many nets of a simulator state
// (slot s, word j at state[s*w+j], as sim.Evaluator.State lays it out):
// for k, s := range slots, in order,
//
//	ws := state[s*w : s*w+w]
//	counts[k] += toggleCountGeneric(ws, prev[k])
//	prev[k] = ws[w-1]
//
// so that prev carries each net's last word into the next block. It does
// nothing when w <= 0 and panics (index out of range) when a slot lies
// outside state or counts or prev is shorter than slots.
func toggleSlotsGeneric(counts, prev, state []uint64, w int, slots []int) {
	if w <= 0 {
		return
	}
	for k, s := range slots {
		ws := state[s*w : s*w+w]
		counts[k] += uint64(toggleCountGeneric(ws, prev[k]))
		prev[k] = ws[w-1]
	}
}

// toggleKernel is one implementation of toggleSlotsGeneric.
type toggleKernel struct {
	// name matches the simulator kernel it goes with ("generic", "avx2").
	name string
	// slots computes what toggleSlotsGeneric computes.
	slots func(counts, prev, state []uint64, w int, slots []int)
	// count computes what toggleCountGeneric computes.
	count func(words []uint64, prevLast uint64) int
}

// toggleKernels lists the toggle kernels, generic first and fastest last;
// it is fixed at package initialisation.
var toggleKernels = append([]toggleKernel{{name: "generic", slots: toggleSlotsGeneric, count: toggleCountGeneric}}, platformToggleKernels()...)

// toggleKernelNamed returns the toggle kernel called name, or the generic
// one when there is none.
func toggleKernelNamed(name string) toggleKernel {
	for _, k := range toggleKernels {
		if k.name == name {
			return k
		}
	}
	return toggleKernels[0]
}

// currentToggleKernel returns the toggle kernel that goes with the
// simulator's current kernel; when that cannot be resolved (AXMUL_KERNEL
// names no kernel) it returns the generic one, and the simulation itself
// reports the error.
func currentToggleKernel() toggleKernel {
	name, err := sim.CurrentKernel()
	if err != nil {
		return toggleKernels[0]
	}
	return toggleKernelNamed(name)
}
