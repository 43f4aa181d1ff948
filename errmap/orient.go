package errmap

// Transpose returns the map of the same circuit with its operands swapped:
// the result's A operand is em's B operand, so
// Transpose().Error(b, a) == em.Error(a, b) for every pair. It is how a
// circuit is used when the activation goes to its port B (in the int8
// domain, x to B and w to A). The products and errors are copied; em is not
// modified.
func (em *ErrorMap) Transpose() *ErrorMap {
	out := newMap(em.bBits, em.aBits, em.signed)
	na, nb := 1<<em.aBits, 1<<em.bBits
	for i := range na {
		for j := range nb {
			out.approx[j*na+i] = em.approx[i*nb+j]
			out.err[j*na+i] = em.err[i*nb+j]
		}
	}
	return out
}

// ErrorTable returns the int8-domain errors approx - exact in the LUT's
// layout: element uint8(x)<<8 | uint8(w) is the error for the activation x
// and the weight w (see LUT). It fails like Int8 for maps that are not 8x8.
func (em *ErrorMap) ErrorTable() ([]int32, error) {
	m, err := em.Int8()
	if err != nil {
		return nil, err
	}
	t := make([]int32, 1<<16)
	for i := range 256 {
		x := int64(int8(uint8(i)))
		for j := range 256 {
			w := int64(int8(uint8(j)))
			t[i<<8|j] = m.err[(x+128)<<8|(w+128)]
		}
	}
	return t, nil
}

// TransposeLUT returns the 256x256 table lut (LUT layout, 65536 entries)
// with its two operands swapped: out[i<<8|j] = lut[j<<8|i]. It panics when
// lut does not have 65536 entries.
func TransposeLUT(lut []int32) []int32 {
	if len(lut) != 1<<16 {
		panic("errmap: TransposeLUT: table does not have 65536 entries")
	}
	out := make([]int32, 1<<16)
	for i := range 256 {
		for j := range 256 {
			out[j<<8|i] = lut[i<<8|j]
		}
	}
	return out
}
