package errmap

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unsafe"

	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/internal/regfile"
)

// writeAtomic writes a file through a temporary file in the same directory
// and renames it into place, so readers never see a partial file; the file
// gets mode 0666 minus the umask (outfile.WriteAtomic).
func writeAtomic(path string, write func(w io.Writer) error) error {
	if err := outfile.WriteAtomic(path, write); err != nil {
		return fmt.Errorf("errmap: %w", err)
	}
	return nil
}

// WriteInt32NPY writes a C-ordered int32 matrix in the NPY 1.0 format:
// the magic string, the version, a little-endian uint16 header length and
// the header dict ({'descr': '<i4', 'fortran_order': False, 'shape': (r, c), })
// padded with spaces and a newline to a multiple of 64 bytes, then the
// data. It writes the bytes directly: going through npy.Write, which
// discovers the type of every element by reflection, took about 50 ms per
// 256x256 map, more than the simulation (files read back with npyio in
// the tests). Every .npy file axmul writes goes through it, so all are
// version 1.0 with the data 64-byte aligned, as numpy writes them. A
// shape that does not match len(data) is an error.
func WriteInt32NPY(w io.Writer, data []int32, rows, cols int) error {
	if rows < 0 || cols < 0 || rows*cols != len(data) {
		return fmt.Errorf("errmap: WriteInt32NPY: shape (%d, %d) does not match %d values", rows, cols, len(data))
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
	return writeAtomic(path, func(w io.Writer) error { return WriteInt32NPY(w, em.err, 1<<em.aBits, 1<<em.bBits) })
}

// readInt32_2D reads a 2-D int32 .npy file (either byte order, C or
// Fortran order) and returns its values in C order.
func readInt32_2D(path string) (data []int32, shape []int, err error) {
	t, err := ReadTensor(path)
	if err != nil {
		return nil, nil, err
	}
	shape = t.Shape
	if len(shape) != 2 {
		return nil, nil, fmt.Errorf("errmap: %s: shape %v, want 2 dimensions", path, shape)
	}
	if t.kind() != "i4" {
		return nil, nil, fmt.Errorf("errmap: %s: want int32 data: dtype %q", path, t.Dtype)
	}
	return t.int32s(), shape, nil
}

// littleEndianHost reports whether the machine stores integers
// little-endian, the byte order of a Tensor's payload.
func littleEndianHost() bool { return binary.NativeEndian.Uint16([]byte{1, 0}) == 1 }

// int32s returns the values of an int32 tensor. On a little-endian machine
// with a 4-byte aligned payload (Go's allocator aligns it) they share the
// payload, so the tensor must not be used afterwards.
func (t *Tensor) int32s() []int32 {
	n := t.Len()
	if n == 0 {
		return []int32{}
	}
	p := unsafe.Pointer(unsafe.SliceData(t.raw))
	if littleEndianHost() && uintptr(p)%unsafe.Alignof(int32(0)) == 0 {
		return unsafe.Slice((*int32)(p), n)
	}
	data := make([]int32, n)
	for i := range data {
		data[i] = int32(binary.LittleEndian.Uint32(t.raw[4*i:]))
	}
	return data
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
	return writeAtomic(path, func(w io.Writer) error { return WriteInt32NPY(w, lut, 256, 256) })
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

// maxNPYHeader bounds the header length of a .npy file read by ReadTensor
// (numpy's np.load refuses headers above 10000 bytes by default).
const maxNPYHeader = 1 << 16

// TensorHeader describes the array of a .npy file.
type TensorHeader struct {
	// Dtype is the element type as the header gives it, without quotes:
	// a byte-order character ('<', '>', '|' or '=') followed by one of
	// i1, u1, i2, u2, i4, u4, i8, u8, f4, f8.
	Dtype string
	// Shape is the array's shape; empty for a 0-d array (one element).
	Shape []int
	// Fortran reports fortran_order True in the header: the file stores
	// the elements column-major (first index varying fastest). ReadTensor
	// transposes them on reading, so a Tensor's values are always in C
	// order (last index varying fastest) whatever this says.
	Fortran bool
}

// Tensor is an n-dimensional array read from a .npy file by ReadTensor.
type Tensor struct {
	TensorHeader

	path string
	raw  []byte // the payload, converted to little-endian
}

// Len returns the number of elements, the product of Shape.
func (t *Tensor) Len() int {
	size, err := npyItemSize(t.Dtype)
	if err != nil {
		return 0
	}
	return len(t.raw) / int(size)
}

// kind returns the dtype without its byte order ("i4"), or "" if the dtype
// is not supported (a Tensor not made by ReadTensor).
func (t *Tensor) kind() string {
	if _, err := npyItemSize(t.Dtype); err != nil {
		return ""
	}
	return t.Dtype[1:]
}

// ReadTensor reads a .npy file (format versions 1.0, 2.0 and 3.0) with an
// integer or float dtype of either byte order, in C or Fortran order. Only
// regular files are opened (a named pipe or device is an error, not a read
// that may never end). The header dictionary is parsed strictly (see
// parseNPYDict: any key order, optional trailing comma, any whitespace,
// "()" for 0-d arrays) and checked before anything is allocated: the header
// must be at most 64 KiB and end in a newline, and the shape must need no
// more bytes than the file holds, so a hostile header cannot request a huge
// allocation. The payload is then read in one piece and, for a
// Fortran-ordered file, transposed to C order. Bytes after it are ignored,
// as np.load does. Errors name the file.
func ReadTensor(path string) (*Tensor, error) {
	f, h, need, err := openTensor(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &Tensor{TensorHeader: h, path: path}
	size, _ := npyItemSize(h.Dtype) // checked by openTensor
	t.raw = make([]byte, need)
	if _, err = io.ReadFull(f, t.raw); err != nil {
		return nil, fmt.Errorf("errmap: %s: %d values of %s: %w", path, need/size, t.Dtype, err)
	}
	if t.Dtype[0] == '>' {
		swapToLittle(t.raw, int(size))
	}
	if h.Fortran && len(h.Shape) > 1 {
		t.raw = fortranToC(t.raw, h.Shape, int(size))
	}
	return t, nil
}

// fortranToC returns the elements of raw, size bytes each, stored in
// Fortran (column-major) order for the given shape, in C (row-major)
// order: the element with index (i0, ..., ik) is at Fortran position
// i0 + s0*(i1 + s1*(i2 + ...)) and goes to C position ((i0*s1 + i1)*s2 + ...).
func fortranToC(raw []byte, shape []int, size int) []byte {
	out := make([]byte, len(raw))
	if len(raw) == 0 {
		return out
	}
	nd := len(shape)
	// Fortran strides in elements.
	stride := make([]int, nd)
	s := 1
	for k := range nd {
		stride[k] = s
		s *= shape[k]
	}
	idx := make([]int, nd)
	last := shape[nd-1]
	for c := 0; c < len(raw); {
		// The last index varies fastest in C order: copy one C row.
		base := 0
		for k := 0; k < nd-1; k++ {
			base += idx[k] * stride[k]
		}
		st := stride[nd-1]
		for j := range last {
			src := (base + j*st) * size
			copy(out[c:c+size], raw[src:src+size])
			c += size
		}
		// Advance the odometer over the leading indices.
		for k := nd - 2; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return out
}

// ReadTensorHeader reads and checks the header of a .npy file as ReadTensor
// does (including that the file holds the whole payload), without reading
// the payload.
func ReadTensorHeader(path string) (TensorHeader, error) {
	f, h, _, err := openTensor(path)
	if err != nil {
		return TensorHeader{}, err
	}
	f.Close()
	return h, nil
}

// openTensor opens a regular .npy file, reads and checks its preamble and
// header (see ReadTensor) and returns the file positioned at the payload,
// the header and the payload size in bytes. The caller closes the file.
func openTensor(path string) (_ *os.File, _ TensorHeader, need int64, err error) {
	f, size, err := regfile.Open(path)
	if err != nil {
		return nil, TensorHeader{}, 0, fmt.Errorf("errmap: %w", err)
	}
	h, need, err := readTensorHeader(f, path, size)
	if err != nil {
		f.Close()
		return nil, TensorHeader{}, 0, err
	}
	return f, h, need, nil
}

// readTensorHeader reads and checks the preamble and header of a .npy file
// of size bytes (-1 if unknown) from r, positioned at its start, and
// returns the header and the payload size in bytes.
func readTensorHeader(r io.Reader, path string, size int64) (TensorHeader, int64, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:10]); err != nil {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: not a .npy file: %w", path, err)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: not a .npy file (bad magic)", path)
	}
	var hdrLen, preLen int64
	switch pre[6] {
	case 1:
		hdrLen, preLen = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if _, err := io.ReadFull(r, pre[10:12]); err != nil {
			return TensorHeader{}, 0, fmt.Errorf("errmap: %s: truncated .npy preamble: %w", path, err)
		}
		hdrLen, preLen = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: unsupported .npy format version %d.%d", path, pre[6], pre[7])
	}
	if hdrLen > maxNPYHeader || (size >= 0 && preLen+hdrLen > size) {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: .npy header of %d bytes in a file of %d bytes", path, hdrLen, size)
	}
	hdr := make([]byte, hdrLen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: truncated .npy header: %w", path, err)
	}
	if hdrLen == 0 || hdr[len(hdr)-1] != '\n' {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: .npy header does not end in a newline", path)
	}
	nd, err := parseNPYDict(string(hdr))
	if err != nil {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: %w", path, err)
	}
	h := TensorHeader{Dtype: nd.descr, Shape: nd.shape, Fortran: nd.fortran}
	itemSize, err := npyItemSize(h.Dtype)
	if err != nil {
		return TensorHeader{}, 0, fmt.Errorf("errmap: %s: %w", path, err)
	}
	avail := int64(math.MaxInt64)
	if size >= 0 {
		avail = size - preLen - hdrLen
	}
	n := int64(1)
	if slices.Contains(h.Shape, 0) {
		n = 0 // no elements, whatever the other dimensions
	}
	for _, d := range h.Shape {
		if d < 0 {
			return TensorHeader{}, 0, fmt.Errorf("errmap: %s: negative dimension in shape %v", path, h.Shape)
		}
		if n > 0 && n > avail/itemSize/int64(d) {
			return TensorHeader{}, 0, fmt.Errorf("errmap: %s: shape %v of %s needs more than the %d data bytes of the file", path, h.Shape, h.Dtype, avail)
		}
		n *= int64(d)
	}
	return h, n * itemSize, nil
}

// npyItemSize returns the element size of a supported dtype.
func npyItemSize(dtype string) (int64, error) {
	if len(dtype) == 3 && strings.IndexByte("<>|=", dtype[0]) >= 0 {
		switch dtype[1:] {
		case "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8":
			return int64(dtype[2] - '0'), nil
		}
	}
	return 0, fmt.Errorf("unsupported dtype %q (want an integer or float dtype)", dtype)
}

// swapToLittle reverses the bytes of every size-byte element of raw.
func swapToLittle(raw []byte, size int) {
	switch size {
	case 2:
		for i := 0; i+2 <= len(raw); i += 2 {
			binary.LittleEndian.PutUint16(raw[i:], binary.BigEndian.Uint16(raw[i:]))
		}
	case 4:
		for i := 0; i+4 <= len(raw); i += 4 {
			binary.LittleEndian.PutUint32(raw[i:], binary.BigEndian.Uint32(raw[i:]))
		}
	case 8:
		for i := 0; i+8 <= len(raw); i += 8 {
			binary.LittleEndian.PutUint64(raw[i:], binary.BigEndian.Uint64(raw[i:]))
		}
	}
}

// Float64 returns the values converted to float64 (exact for integers of
// magnitude below 2^53; larger int64 and uint64 values are rounded to
// nearest), in C order. A Tensor not made by ReadTensor
// holds no values.
func (t *Tensor) Float64() []float64 {
	le := binary.LittleEndian
	out := make([]float64, t.Len())
	raw := t.raw
	switch t.kind() {
	case "i1":
		for i, b := range raw {
			out[i] = float64(int8(b))
		}
	case "u1":
		for i, b := range raw {
			out[i] = float64(b)
		}
	case "i2":
		for i := range out {
			out[i] = float64(int16(le.Uint16(raw[2*i:])))
		}
	case "u2":
		for i := range out {
			out[i] = float64(le.Uint16(raw[2*i:]))
		}
	case "i4":
		for i := range out {
			out[i] = float64(int32(le.Uint32(raw[4*i:])))
		}
	case "u4":
		for i := range out {
			out[i] = float64(le.Uint32(raw[4*i:]))
		}
	case "i8":
		for i := range out {
			out[i] = float64(int64(le.Uint64(raw[8*i:])))
		}
	case "u8":
		for i := range out {
			out[i] = float64(le.Uint64(raw[8*i:]))
		}
	case "f4":
		for i := range out {
			out[i] = float64(math.Float32frombits(le.Uint32(raw[4*i:])))
		}
	case "f8":
		for i := range out {
			out[i] = math.Float64frombits(le.Uint64(raw[8*i:]))
		}
	}
	return out
}

// Int8 returns the values converted to int8, in C order. Accepted dtypes: int8, int16, int32, int64, uint8, float32,
// float64. A value that is not an integer in -128..127 is an error naming
// the file and the flat index of the first bad value.
func (t *Tensor) Int8() ([]int8, error) { return t.int8s(false) }

// int8s is Int8; with alias set, an int8 tensor's values share the
// tensor's payload instead of being copied (for callers that drop the
// tensor).
func (t *Tensor) int8s(alias bool) ([]int8, error) {
	le := binary.LittleEndian
	raw := t.raw
	if t.kind() == "i1" {
		// int8 and byte have the same size and alignment: the payload
		// bytes are the values.
		view := unsafe.Slice((*int8)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw))
		if alias {
			return view, nil
		}
		return slices.Clone(view), nil
	}
	out := make([]int8, t.Len())
	bad := func(i int, v any) error {
		return fmt.Errorf("errmap: %s: flat index %d: value %v is not an integer in -128..127", t.path, i, v)
	}
	switch t.kind() {
	case "u1":
		for i, b := range raw {
			if b > 127 {
				return nil, bad(i, b)
			}
			out[i] = int8(b)
		}
	case "i2":
		for i := range out {
			v := int16(le.Uint16(raw[2*i:]))
			if v < -128 || v > 127 {
				return nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	case "i4":
		for i := range out {
			v := int32(le.Uint32(raw[4*i:]))
			if v < -128 || v > 127 {
				return nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	case "i8":
		for i := range out {
			v := int64(le.Uint64(raw[8*i:]))
			if v < -128 || v > 127 {
				return nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	case "f4":
		for i := range out {
			v := math.Float32frombits(le.Uint32(raw[4*i:]))
			if !(v >= -128 && v <= 127) || v != float32(int8(v)) {
				return nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	case "f8":
		for i := range out {
			v := math.Float64frombits(le.Uint64(raw[8*i:]))
			if !(v >= -128 && v <= 127) || v != float64(int8(v)) {
				return nil, bad(i, v)
			}
			out[i] = int8(v)
		}
	default:
		return nil, fmt.Errorf("errmap: %s: unsupported dtype %q (want int8/16/32/64, uint8, float32/64)", t.path, t.Dtype)
	}
	return out, nil
}
