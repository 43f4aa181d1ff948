package sim

//go:generate go run gen_untangle.go

// transpose64 transposes the 64x64 bit matrix m in place: afterwards bit c
// of m[r] is what bit r of m[c] was. It swaps the off-diagonal blocks of
// halves, then of quarters, and so on down to single bits: 6 rounds of 32
// masked swaps, with no per-bit loop.
func transpose64(m *[64]uint64) {
	// Round s = 32: exchange the upper 32 bits of rows r with the lower 32
	// bits of rows r+32, for r < 32; later rounds do the same within each
	// sub-block at once using the masks below.
	const (
		m32 = 0x00000000FFFFFFFF
		m16 = 0x0000FFFF0000FFFF
		m8  = 0x00FF00FF00FF00FF
		m4  = 0x0F0F0F0F0F0F0F0F
		m2  = 0x3333333333333333
		m1  = 0x5555555555555555
	)
	for r := 0; r < 32; r++ {
		t := (m[r]>>32 ^ m[r+32]) & m32
		m[r+32] ^= t
		m[r] ^= t << 32
	}
	for r := 0; r < 64; r += 32 {
		for i := r; i < r+16; i++ {
			t := (m[i]>>16 ^ m[i+16]) & m16
			m[i+16] ^= t
			m[i] ^= t << 16
		}
	}
	for r := 0; r < 64; r += 16 {
		for i := r; i < r+8; i++ {
			t := (m[i]>>8 ^ m[i+8]) & m8
			m[i+8] ^= t
			m[i] ^= t << 8
		}
	}
	for r := 0; r < 64; r += 8 {
		for i := r; i < r+4; i++ {
			t := (m[i]>>4 ^ m[i+4]) & m4
			m[i+4] ^= t
			m[i] ^= t << 4
		}
	}
	for r := 0; r < 64; r += 4 {
		t := (m[r]>>2 ^ m[r+2]) & m2
		m[r+2] ^= t
		m[r] ^= t << 2
		t = (m[r+1]>>2 ^ m[r+3]) & m2
		m[r+3] ^= t
		m[r+1] ^= t << 2
	}
	for r := 0; r < 64; r += 2 {
		t := (m[r]>>1 ^ m[r+1]) & m1
		m[r+1] ^= t
		m[r] ^= t << 1
	}
}

// swapMasks[i] selects the low 2^i bits of every group of 2^(i+1) bits:
// the mask of the transpose round that exchanges blocks of size 2^i.
var swapMasks = [6]uint64{
	0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F,
	0x00FF00FF00FF00FF, 0x0000FFFF0000FFFF, 0x00000000FFFFFFFF,
}

// laneWidth returns the smallest of 8, 16, 32, 64 that is >= k.
func laneWidth(k int) int {
	switch {
	case k <= 8:
		return 8
	case k <= 16:
		return 16
	case k <= 32:
		return 32
	}
	return 64
}

// untangle turns k <= 64 bit-planes into integers: rows[b] bit v is bit b
// of value v, for b < k; out[v] receives value v for v < len(out) <= 64.
// rows[k:] are ignored and rows is clobbered. With lane width L =
// laneWidth(k), each row is split into 64/L lanes that are transposed as
// independent L x L matrices at once (log2 L rounds of masked swaps on the
// first L rows only), after which lane g of row c holds value g*L+c. The
// L < 64 cases are written out in untangle_unrolled.go (go generate).
func untangle(rows *[64]uint64, k int, out []uint64) {
	lw := laneWidth(k)
	clear(rows[k:lw])
	var tmp [64]uint64
	dst := &tmp
	if len(out) == 64 {
		dst = (*[64]uint64)(out)
	}
	switch lw {
	case 8:
		untangle8(rows, dst)
	case 16:
		untangle16(rows, dst)
	case 32:
		untangle32(rows, dst)
	default:
		transpose64(rows)
		*dst = *rows
	}
	if len(out) < 64 {
		copy(out, tmp[:])
	}
}

// Transpose64 transposes the 64x64 bit matrix m in place: afterwards bit c
// of m[r] is what bit r of m[c] was. Applied to 64 integers it gives their
// bit-planes (plane b in m[b], bit v of it from value v), and back.
func Transpose64(m *[64]uint64) { transpose64(m) }

// Untangle turns k <= 64 bit-planes into integers as the simulator decodes
// its outputs: rows[b] bit v is bit b of value v, for b < k; out[v]
// receives value v for v < len(out) <= 64. rows[k:] are ignored and rows is
// clobbered. It picks the narrowest lane width (8, 16, 32 or 64 bits) that
// holds k bits, so fewer planes decode faster.
func Untangle(rows *[64]uint64, k int, out []uint64) { untangle(rows, k, out) }
