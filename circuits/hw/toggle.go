package hw

import "math/bits"

// ToggleCount counts the transitions of one net over a bit-sliced stream
// of vectors: vector v of words is bit v%64 of words[v/64], and each vector
// is compared with its predecessor. The predecessor of vector 0 is bit 63
// of prevLast, the last word of the previous part of the stream; to count
// no transition into vector 0 pass prevLast = (words[0]&1) << 63.
//
// It is the exported entry point of the toggle-count kernel; it runs
// toggleCountGeneric, the plain-Go reference that assembly versions must
// match bit for bit.
func ToggleCount(words []uint64, prevLast uint64) int {
	return toggleCountGeneric(words, prevLast)
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
