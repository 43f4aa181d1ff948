package errmap

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
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
// file and the first bad flat index; so is a Fortran-ordered file.
func ReadInt8Tensor(path string) ([]int8, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("errmap: %w", err)
	}
	defer f.Close()
	r, err := npy.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
	}
	shape := append([]int(nil), r.Header.Descr.Shape...)
	if r.Header.Descr.Fortran && len(shape) > 1 {
		return nil, nil, fmt.Errorf("errmap: %s: fortran_order True is not supported", path)
	}
	typ := strings.Trim(r.Header.Descr.Type, `'"`)
	if len(typ) < 2 {
		return nil, nil, fmt.Errorf("errmap: %s: unsupported dtype %q", path, typ)
	}
	var out []int8
	bad := func(i int, v any) error {
		return fmt.Errorf("errmap: %s: flat index %d: value %v is not an integer in -128..127", path, i, v)
	}
	switch typ[1:] {
	case "i1":
		if err := r.Read(&out); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
	case "u1":
		var d []uint8
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		out = make([]int8, len(d))
		for i, v := range d {
			if v > 127 {
				return nil, nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	case "i2":
		var d []int16
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		if out, err = intsToInt8(d, bad); err != nil {
			return nil, nil, err
		}
	case "i4":
		var d []int32
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		if out, err = intsToInt8(d, bad); err != nil {
			return nil, nil, err
		}
	case "i8":
		var d []int64
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		if out, err = intsToInt8(d, bad); err != nil {
			return nil, nil, err
		}
	case "f4":
		var d []float32
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		if out, err = floatsToInt8(d, bad); err != nil {
			return nil, nil, err
		}
	case "f8":
		var d []float64
		if err := r.Read(&d); err != nil {
			return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
		}
		if out, err = floatsToInt8(d, bad); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("errmap: %s: unsupported dtype %q (want int8/16/32/64, uint8, float32/64)", path, typ)
	}
	n := 1
	for _, s := range shape {
		n *= s
	}
	if n != len(out) {
		return nil, nil, fmt.Errorf("errmap: %s: %d values for shape %v", path, len(out), shape)
	}
	return out, shape, nil
}

func intsToInt8[T int16 | int32 | int64](d []T, bad func(int, any) error) ([]int8, error) {
	out := make([]int8, len(d))
	for i, v := range d {
		if v < -128 || v > 127 {
			return nil, bad(i, v)
		}
		out[i] = int8(v)
	}
	return out, nil
}

func floatsToInt8[T float32 | float64](d []T, bad func(int, any) error) ([]int8, error) {
	out := make([]int8, len(d))
	for i, v := range d {
		f := float64(v)
		if !(f >= -128 && f <= 127) || f != math.Trunc(f) {
			return nil, bad(i, v)
		}
		out[i] = int8(f)
	}
	return out, nil
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
