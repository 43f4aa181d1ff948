package errmap

import (
	"errors"
	"fmt"
)

// Dist is a probability distribution over the int8 operand values: Dist[v+128]
// is the probability of the value v in -128..127.
type Dist [256]float64

// NewDist returns the normalised histogram of values (agnapprox's
// to_distribution over -128..127): the count of each value divided by
// len(values). An empty slice is an error.
func NewDist(values []int8) (Dist, error) {
	var d Dist
	if len(values) == 0 {
		return d, errors.New("errmap: distribution of an empty tensor")
	}
	var c [256]int
	for _, v := range values {
		c[int(v)+128]++
	}
	n := float64(len(values))
	for i, k := range c {
		d[i] = float64(k) / n
	}
	return d, nil
}

// P returns the probability of the value v (0 outside -128..127).
func (d *Dist) P(v int) float64 {
	if v < -128 || v > 127 {
		return 0
	}
	return d[v+128]
}

// Sum returns the total probability (1 up to rounding for a histogram).
func (d *Dist) Sum() float64 {
	s := 0.0
	for _, p := range d {
		s += p
	}
	return s
}

// ReadInt8Tensor reads an integer tensor from a .npy file of any shape and
// returns its values in C order, converted to int8, and its shape. Accepted
// dtypes: int8, int16, int32, int64, uint8, float32, float64, either byte
// order. A value that is not an integer in -128..127 is an error naming the
// file and the first bad flat index. A Fortran-ordered file is transposed
// to C order. The file is read with ReadTensor (see there for the
// checks on its header).
func ReadInt8Tensor(path string) ([]int8, []int, error) {
	t, err := ReadTensor(path)
	if err != nil {
		return nil, nil, err
	}
	vals, err := t.int8s(true)
	if err != nil {
		return nil, nil, err
	}
	return vals, t.Shape, nil
}

// ReadDist reads a tensor with ReadInt8Tensor and returns its distribution
// and shape.
func ReadDist(path string) (Dist, []int, error) {
	vals, shape, err := ReadInt8Tensor(path)
	if err != nil {
		return Dist{}, nil, err
	}
	d, err := NewDist(vals)
	if err != nil {
		return Dist{}, nil, fmt.Errorf("errmap: %s: %w", path, err)
	}
	return d, shape, nil
}
