package errmap

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"codeberg.org/sbinet/npyio/npy"
)

// writeAtomic writes a file through a temporary file in the same directory
// and renames it into place, so readers never see a partial file.
func writeAtomic(path string, write func(w io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("errmap: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return fmt.Errorf("errmap: write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("errmap: write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("errmap: write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("errmap: %w", err)
	}
	return nil
}

// writeInt32NPY writes a C-ordered int32 matrix in the NPY 1.0 format:
// the magic string, the version, a little-endian uint16 header length and
// the header dict ({'descr': '<i4', 'fortran_order': False, 'shape': (r, c), })
// padded with spaces and a newline to a multiple of 64 bytes, then the
// data. It writes the bytes directly: going through npy.Write, which
// discovers the type of every element by reflection, took about 50 ms per
// 256x256 map, more than the simulation (files read back with npyio in
// the tests).
func writeInt32NPY(w io.Writer, data []int32, rows, cols int) error {
	if rows*cols != len(data) {
		panic("errmap: writeInt32NPY: shape does not match the data")
	}
	dict := fmt.Sprintf("{'descr': '<i4', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	const pre = 10 // magic (6) + version (2) + header length (2)
	pad := 64 - (pre+len(dict)+1)%64
	if pad == 64 {
		pad = 0
	}
	hdr := make([]byte, 0, pre+len(dict)+pad+1)
	hdr = append(hdr, "\x93NUMPY\x01\x00"...)
	hdr = binary.LittleEndian.AppendUint16(hdr, uint16(len(dict)+pad+1))
	hdr = append(hdr, dict...)
	for range pad {
		hdr = append(hdr, ' ')
	}
	hdr = append(hdr, '\n')
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	buf := make([]byte, 0, 4*min(len(data), 1<<16))
	for i, v := range data {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(v))
		if len(buf) == cap(buf) || i == len(data)-1 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return nil
}

// WriteNPY writes the map's errors (approx - exact) to path as a .npy file:
// int32 little-endian ('<i4'), shape [2^aBits, 2^bBits], C order, row index
// = A operand in ascending numerical order, column = B ascending. The file is
// written atomically (temporary file and rename).
func (em *ErrorMap) WriteNPY(path string) error {
	return writeAtomic(path, func(w io.Writer) error { return writeInt32NPY(w, em.err, 1<<em.aBits, 1<<em.bBits) })
}

// readInt32_2D reads a 2-D int32 .npy file.
func readInt32_2D(path string) (data []int32, shape []int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("errmap: %w", err)
	}
	defer f.Close()
	r, err := npy.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("errmap: %s: %w", path, err)
	}
	shape = r.Header.Descr.Shape
	if len(shape) != 2 {
		return nil, nil, fmt.Errorf("errmap: %s: shape %v, want 2 dimensions", path, shape)
	}
	if r.Header.Descr.Fortran {
		return nil, nil, fmt.Errorf("errmap: %s: fortran_order True is not supported", path)
	}
	if err := r.Read(&data); err != nil {
		return nil, nil, fmt.Errorf("errmap: %s: want int32 data: %w", path, err)
	}
	if len(data) != shape[0]*shape[1] {
		return nil, nil, fmt.Errorf("errmap: %s: %d values for shape %v", path, len(data), shape)
	}
	return data, shape, nil
}

// log2Exact returns k with 1<<k == n, or -1.
func log2Exact(n int) int {
	for k := 0; k < 31; k++ {
		if 1<<k == n {
			return k
		}
	}
	return -1
}

// ReadNPY reads an error map written by WriteNPY (layout documented there).
// The file holds errors only, so signedness must be given; the operand
// widths come from the shape.
func ReadNPY(path string, signed bool) (*ErrorMap, error) {
	data, shape, err := readInt32_2D(path)
	if err != nil {
		return nil, err
	}
	aBits, bBits := log2Exact(shape[0]), log2Exact(shape[1])
	if aBits < 1 || bBits < 1 {
		return nil, fmt.Errorf("errmap: %s: shape %v: dimensions must be powers of two >= 2", path, shape)
	}
	em, err := fromErrors(aBits, bBits, signed, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return em, nil
}

// LUT returns the map as a TorchApprox lookup table: lut[i<<8|j] is the
// approximate product of the int8 operands whose uint8 bit patterns are i and
// j (index i is the value i for i < 128, i - 256 otherwise). The map is first
// brought into the int8 domain (see Int8).
func (em *ErrorMap) LUT() ([]int32, error) {
	m, err := em.Int8()
	if err != nil {
		return nil, err
	}
	lut := make([]int32, 1<<16)
	for i := range 256 {
		x := int64(int8(uint8(i)))
		for j := range 256 {
			w := int64(int8(uint8(j)))
			lut[i<<8|j] = m.approx[(x+128)<<8|(w+128)]
		}
	}
	return lut, nil
}

// WriteLUT writes the map's TorchApprox lookup table (see LUT) to path as an
// int32 ('<i4') .npy file of shape [256, 256], atomically.
func (em *ErrorMap) WriteLUT(path string) error {
	lut, err := em.LUT()
	if err != nil {
		return err
	}
	return writeAtomic(path, func(w io.Writer) error { return writeInt32NPY(w, lut, 256, 256) })
}

// ReadLUT reads a TorchApprox lookup table (int32 [256, 256], indexed by the
// uint8 bit patterns of the int8 operands) and returns it as an int8-domain
// error map.
func ReadLUT(path string) (*ErrorMap, error) {
	data, shape, err := readInt32_2D(path)
	if err != nil {
		return nil, err
	}
	if shape[0] != 256 || shape[1] != 256 {
		return nil, fmt.Errorf("errmap: %s: LUT shape %v, want [256 256]", path, shape)
	}
	return FromFunc(8, 8, true, func(x, w int64) int64 {
		return int64(data[int(uint8(int8(x)))<<8|int(uint8(int8(w)))])
	})
}
