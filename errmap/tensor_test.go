package errmap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// npyFile builds a .npy file independently of the reader under test: format
// version major (1, 2 or 3), the given header dict (a newline and padding to
// a multiple of 64 bytes are added unless raw is set) and payload.
func npyFile(major byte, dict string, raw bool, payload []byte) []byte {
	pre := 10
	if major > 1 {
		pre = 12
	}
	if !raw {
		for (pre+len(dict)+1)%64 != 0 {
			dict += " "
		}
		dict += "\n"
	}
	b := []byte("\x93NUMPY")
	b = append(b, major, 0)
	if major == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(dict)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(dict)))
	}
	b = append(b, dict...)
	return append(b, payload...)
}

// encodeVals encodes vals as dtype (kind and size, e.g. "i2") in the byte
// order bo, element by element with encoding/binary's typed writers.
func encodeVals(kind string, bo binary.ByteOrder, vals []float64) []byte {
	var b bytes.Buffer
	for _, v := range vals {
		var x any
		switch kind {
		case "i1":
			x = int8(v)
		case "u1":
			x = uint8(v)
		case "i2":
			x = int16(v)
		case "u2":
			x = uint16(v)
		case "i4":
			x = int32(v)
		case "u4":
			x = uint32(v)
		case "i8":
			x = int64(v)
		case "u8":
			x = uint64(v)
		case "f4":
			x = float32(v)
		case "f8":
			x = v
		default:
			panic("encodeVals: " + kind)
		}
		if err := binary.Write(&b, bo, x); err != nil {
			panic(err)
		}
	}
	return b.Bytes()
}

func dictFor(descr string, fortran bool, shape string) string {
	f := "False"
	if fortran {
		f = "True"
	}
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, f, shape)
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadTensorDtypes reads every supported dtype in both byte orders and
// every format version, and checks Float64 and Int8 against the values
// encoded by encoding/binary.
func TestReadTensorDtypes(t *testing.T) {
	dir := t.TempDir()
	signed := []float64{-128, -1, 0, 1, 127, 3}
	unsigned := []float64{0, 1, 127, 3, 100, 5}
	for _, kind := range []string{"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"} {
		vals := signed
		if kind[0] == 'u' {
			vals = unsigned
		}
		orders := []struct {
			c  string
			bo binary.ByteOrder
		}{{"<", binary.LittleEndian}, {">", binary.BigEndian}, {"|", binary.LittleEndian}, {"=", binary.LittleEndian}}
		for _, o := range orders {
			for _, major := range []byte{1, 2, 3} {
				name := fmt.Sprintf("%s%s_v%d", map[string]string{"<": "le", ">": "be", "|": "na", "=": "nat"}[o.c], kind, major)
				t.Run(name, func(t *testing.T) {
					p := writeFile(t, dir, name+".npy", npyFile(major, dictFor(o.c+kind, false, "(2, 3)"), false, encodeVals(kind, o.bo, vals)))
					ten, err := ReadTensor(p)
					if err != nil {
						t.Fatal(err)
					}
					if ten.Dtype != o.c+kind || len(ten.Shape) != 2 || ten.Shape[0] != 2 || ten.Shape[1] != 3 || ten.Fortran || ten.Len() != 6 {
						t.Fatalf("tensor %s %v fortran=%v len %d", ten.Dtype, ten.Shape, ten.Fortran, ten.Len())
					}
					f := ten.Float64()
					for i, v := range vals {
						if f[i] != v {
							t.Fatalf("Float64 = %v, want %v", f, vals)
						}
					}
					i8, err := ten.Int8()
					if kind == "u2" || kind == "u4" || kind == "u8" {
						if err == nil || !strings.Contains(err.Error(), "unsupported dtype") || !strings.Contains(err.Error(), p) {
							t.Fatalf("Int8 of %s: error %v", kind, err)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					for i, v := range vals {
						if float64(i8[i]) != v {
							t.Fatalf("Int8 = %v, want %v", i8, vals)
						}
					}
				})
			}
		}
	}
}

// TestReadTensorLargeValues checks the conversions at the ends of the
// integer ranges (rounding above 2^53 as float64(x) rounds).
func TestReadTensorLargeValues(t *testing.T) {
	dir := t.TempDir()
	var raw []byte
	i64 := []int64{math.MinInt64, math.MaxInt64, 1<<53 + 1, -(1 << 53) - 1}
	for _, v := range i64 {
		raw = binary.BigEndian.AppendUint64(raw, uint64(v))
	}
	ten, err := ReadTensor(writeFile(t, dir, "i8.npy", npyFile(1, dictFor(">i8", false, "(4,)"), false, raw)))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range ten.Float64() {
		if v != float64(i64[i]) {
			t.Errorf("i8[%d] = %v, want %v", i, v, float64(i64[i]))
		}
	}
	if _, err := ten.Int8(); err == nil || !strings.Contains(err.Error(), "flat index 0: value -9223372036854775808") {
		t.Errorf("Int8 of int64 extremes: %v", err)
	}
	raw = binary.LittleEndian.AppendUint64(nil, math.MaxUint64)
	raw = binary.LittleEndian.AppendUint64(raw, 1<<63)
	ten, err = ReadTensor(writeFile(t, dir, "u8.npy", npyFile(1, dictFor("<u8", false, "(2,)"), false, raw)))
	if err != nil {
		t.Fatal(err)
	}
	if f := ten.Float64(); f[0] != math.Pow(2, 64) || f[1] != math.Pow(2, 63) {
		t.Errorf("u8 = %v", f)
	}
	raw = binary.BigEndian.AppendUint32(nil, math.MaxUint32)
	ten, err = ReadTensor(writeFile(t, dir, "u4.npy", npyFile(1, dictFor(">u4", false, "()"), false, raw)))
	if err != nil {
		t.Fatal(err)
	}
	if f := ten.Float64(); len(ten.Shape) != 0 || len(f) != 1 || f[0] != math.MaxUint32 {
		t.Errorf("0-d u4: shape %v values %v", ten.Shape, f)
	}
}

// TestInt8BadValues checks the flat index and value of the first bad
// element for every dtype Int8 accepts.
func TestInt8BadValues(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		descr string
		vals  []float64
		want  string
	}{
		{"|u1", []float64{0, 127, 128, 255}, "flat index 2: value 128 "},
		{">i2", []float64{5, -129, 300}, "flat index 1: value -129 "},
		{"<i2", []float64{5, 128}, "flat index 1: value 128 "},
		{">i4", []float64{0, 0, 0, 1 << 20}, "flat index 3: value 1048576 "},
		{"<i8", []float64{-128, 127, -200}, "flat index 2: value -200 "},
		{">f4", []float64{1, 0.5}, "flat index 1: value 0.5 "},
		{"<f4", []float64{127, 127.5}, "flat index 1: value 127.5 "},
		{"<f8", []float64{-128, -128.5}, "flat index 1: value -128.5 "},
		{">f8", []float64{3, math.NaN()}, "flat index 1: value NaN "},
		{"<f8", []float64{math.Inf(1)}, "flat index 0: value +Inf "},
	}
	for i, c := range cases {
		bo := binary.ByteOrder(binary.LittleEndian)
		if c.descr[0] == '>' {
			bo = binary.BigEndian
		}
		p := writeFile(t, dir, fmt.Sprintf("bad%d.npy", i), npyFile(1, dictFor(c.descr, false, fmt.Sprintf("(%d,)", len(c.vals))), false, encodeVals(c.descr[1:], bo, c.vals)))
		_, _, err := ReadInt8Tensor(p)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s %v: error %v, want one naming %s and %q", c.descr, c.vals, err, p, c.want)
		}
	}
}

// TestReadTensorHostile checks malformed and hostile files: each must give
// an error naming the file (no panic, no huge allocation).
func TestReadTensorHostile(t *testing.T) {
	dir := t.TempDir()
	good := dictFor("<i4", false, "(2,)")
	payload := encodeVals("i4", binary.LittleEndian, []float64{1, 2})
	// Version 4 does not exist: a valid file with its major version patched.
	v4 := npyFile(2, good, false, payload)
	v4[6] = 4
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a .npy file"},
		{"bad magic", []byte("\x93NUMPX\x01\x00\x10\x00{}" + strings.Repeat(" ", 13) + "\n"), "bad magic"},
		{"short preamble", []byte("\x93NUMPY\x01"), "not a .npy file"},
		{"v2 short preamble", []byte("\x93NUMPY\x02\x00\x10\x00"), "truncated .npy preamble"},
		{"version 4", v4, "unsupported .npy format version 4.0"},
		{"header cut before newline", []byte("\x93NUMPY\x01\x00\x08\x00{'descr'"), "does not end in a newline"},
		{"header longer than file", []byte("\x93NUMPY\x01\x00\x09\x00{'descr'"), ".npy header of 9 bytes in a file of 18 bytes"},
		{"huge v2 header", []byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f{}"), ".npy header of 2147483647 bytes"},
		{"missing newline", npyFile(1, good, true, payload), "does not end in a newline"},
		{"no dict", npyFile(1, "hello", false, payload), ".npy header: col 1: want \"{\""},
		{"unknown key", npyFile(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}", false, payload), `unknown key "x"`},
		{"missing shape", npyFile(1, "{'descr': '<i4', 'fortran_order': False}", false, payload), "shape: missing key"},
		{"shape not a tuple", npyFile(1, dictFor("<i4", false, "(2)"), false, payload), "(2) is an int, not a tuple"},
		{"bad fortran value", npyFile(1, "{'descr': '<i4', 'fortran_order': Maybe, 'shape': (2,), }", false, payload), "fortran_order"},
		{"bad shape", npyFile(1, dictFor("<i4", false, "(2, x)"), false, payload), "shape: want a non-negative integer"},
		{"negative dimension", npyFile(1, dictFor("<i4", false, "(-2, -1)"), false, payload), "negative dimension"},
		{"2^40 elements", npyFile(1, dictFor("|i1", false, "(1099511627776,)"), false, payload), "needs more than the 8 data bytes"},
		{"overflowing product", npyFile(1, dictFor("<f8", false, "(4294967296, 4294967296, 4294967296)"), false, payload), "needs more than the 8 data bytes"},
		{"truncated payload", npyFile(1, good, false, payload[:7]), "needs more than the 7 data bytes"},
		{"complex dtype", npyFile(1, dictFor("<c8", false, "(1,)"), false, payload), `unsupported dtype "<c8"`},
		{"float16", npyFile(1, dictFor("<f2", false, "(2,)"), false, payload), `unsupported dtype "<f2"`},
		{"bool", npyFile(1, dictFor("|b1", false, "(2,)"), false, payload), `unsupported dtype "|b1"`},
		{"structured", npyFile(1, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", false, payload), "unsupported dtype"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, fmt.Sprintf("h%d.npy", i), c.data)
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			ten, err := ReadTensor(p)
			runtime.ReadMemStats(&ms1)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
				t.Fatalf("ReadTensor: %v, %v; want an error naming %s and %q", ten, err, p, c.want)
			}
			// Allocation bound: the header buffer and error strings only
			// (other goroutines of the test binary are idle).
			if d := ms1.TotalAlloc - ms0.TotalAlloc; d > 1<<20 {
				t.Errorf("ReadTensor allocated %d bytes for a %d-byte file", d, len(c.data))
			}
			if _, _, err := ReadInt8Tensor(p); err == nil || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadInt8Tensor: %v", err)
			}
			if h, err := ReadTensorHeader(p); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ReadTensorHeader: %+v, %v", h, err)
			}
			if _, err := ReadNPY(p, true); err == nil || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadNPY: %v", err)
			}
		})
	}
	if _, err := ReadTensor(filepath.Join(dir, "missing.npy")); err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("missing file: %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

// TestReadTensorTrailingBytes: bytes after the payload are ignored, as
// np.load does.
func TestReadTensorTrailingBytes(t *testing.T) {
	p := writeFile(t, t.TempDir(), "t.npy", npyFile(1, dictFor("|i1", false, "(3,)"), false, []byte{1, 2, 0xfd, 9, 9}))
	v, shape, err := ReadInt8Tensor(p)
	if err != nil || len(v) != 3 || v[0] != 1 || v[1] != 2 || v[2] != -3 || len(shape) != 1 || shape[0] != 3 {
		t.Errorf("ReadInt8Tensor = %v %v %v", v, shape, err)
	}
}

// TestFortranOrder: Fortran-ordered files (as numpy writes a transposed
// view) are read in C order by every reader: int8 tensors in 2 and 3
// dimensions, float tensors, error maps and LUTs; a 1-D Fortran file is the
// same as a C-ordered one.
func TestFortranOrder(t *testing.T) {
	dir := t.TempDir()
	// The 2x3 matrix [[1 2 3] [4 5 6]] stored column by column.
	f2 := writeFile(t, dir, "f2.npy", npyFile(1, dictFor("|i1", true, "(2, 3)"), false, []byte{1, 4, 2, 5, 3, 6}))
	if v, shape, err := ReadInt8Tensor(f2); err != nil || fmt.Sprint(v, shape) != "[1 2 3 4 5 6] [2 3]" {
		t.Errorf("ReadInt8Tensor of a Fortran 2-D file: %v %v %v", v, shape, err)
	}
	ten, err := ReadTensor(f2)
	if err != nil || !ten.Fortran {
		t.Fatalf("ReadTensor: %v fortran=%v", err, ten != nil && ten.Fortran)
	}
	if v := ten.Float64(); fmt.Sprint(v) != "[1 2 3 4 5 6]" {
		t.Errorf("Float64 = %v", v)
	}
	// A 2x3x2 array a[i,j,k] = 100*i + 10*j + k, big-endian int16, stored
	// with i fastest, then j, then k.
	var raw []byte
	var want []string
	for k := range 2 {
		for j := range 3 {
			for i := range 2 {
				raw = binary.BigEndian.AppendUint16(raw, uint16(100*i+10*j+k))
			}
		}
	}
	for i := range 2 {
		for j := range 3 {
			for k := range 2 {
				want = append(want, fmt.Sprint(100*i+10*j+k))
			}
		}
	}
	f3 := writeFile(t, dir, "f3.npy", npyFile(1, dictFor(">i2", true, "(2, 3, 2)"), false, raw))
	if ten, err := ReadTensor(f3); err != nil || fmt.Sprint(ten.Float64()) != "["+strings.Join(want, " ")+"]" {
		t.Errorf("3-D Fortran file: %v %v, want %v", ten.Float64(), err, want)
	}
	f1 := writeFile(t, dir, "f1.npy", npyFile(1, dictFor("|i1", true, "(3,)"), false, []byte{7, 8, 9}))
	if v, _, err := ReadInt8Tensor(f1); err != nil || fmt.Sprint(v) != "[7 8 9]" {
		t.Errorf("1-D Fortran file: %v %v", v, err)
	}
	// An error map and its LUT stored in Fortran order read back equal.
	em, err := FromFunc(2, 3, false, func(a, b int64) int64 { return a*b + a - 2*b })
	if err != nil {
		t.Fatal(err)
	}
	var fraw []byte
	for b := range 8 {
		for a := range 4 {
			e, _ := em.Error(int64(a), int64(b))
			fraw = binary.LittleEndian.AppendUint32(fraw, uint32(e))
		}
	}
	m := writeFile(t, dir, "m.npy", npyFile(1, dictFor("<i4", true, "(4, 8)"), false, fraw))
	back, err := ReadNPY(m, false)
	if err != nil || fmt.Sprint(back.Errors()) != fmt.Sprint(em.Errors()) {
		t.Errorf("ReadNPY of a Fortran file: %v %v, want %v", back, err, em.Errors())
	}
	em8, err := FromFunc(8, 8, true, func(a, b int64) int64 { return a*b + a - 2*b })
	if err != nil {
		t.Fatal(err)
	}
	lut, err := em8.LUT()
	if err != nil {
		t.Fatal(err)
	}
	var lraw []byte
	for j := range 256 {
		for i := range 256 {
			lraw = binary.LittleEndian.AppendUint32(lraw, uint32(lut[i<<8|j]))
		}
	}
	l := writeFile(t, dir, "l.npy", npyFile(1, dictFor("<i4", true, "(256, 256)"), false, lraw))
	lem, err := ReadLUT(l)
	if err != nil {
		t.Fatal(err)
	}
	lut2, _ := lem.LUT()
	if fmt.Sprint(lut2) != fmt.Sprint(lut) {
		t.Errorf("ReadLUT of a Fortran file differs")
	}
}

// TestReadNPYBigEndian reads an error map stored as big-endian int32 (as
// numpy writes arr.astype('>i4')) and compares it with the map it encodes.
func TestReadNPYBigEndian(t *testing.T) {
	em, err := FromFunc(2, 3, true, func(a, b int64) int64 { return a*b + a - 2*b })
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	for _, e := range em.Errors() {
		raw = binary.BigEndian.AppendUint32(raw, uint32(e))
	}
	p := writeFile(t, t.TempDir(), "be.npy", npyFile(1, dictFor(">i4", false, "(4, 8)"), false, raw))
	back, err := ReadNPY(p, true)
	if err != nil {
		t.Fatal(err)
	}
	for a := int64(-2); a < 2; a++ {
		for b := int64(-4); b < 4; b++ {
			if e, _ := back.Error(a, b); e != a-2*b {
				t.Fatalf("error(%d, %d) = %d, want %d", a, b, e, a-2*b)
			}
		}
	}
	p2 := writeFile(t, t.TempDir(), "i8.npy", npyFile(1, dictFor("<i8", false, "(4, 8)"), false, make([]byte, 8*32)))
	if _, err := ReadNPY(p2, true); err == nil || !strings.Contains(err.Error(), "want int32 data") {
		t.Errorf("ReadNPY of int64 data: %v", err)
	}
}

// FuzzReadTensor: ReadTensor and its conversions never panic, and a tensor
// holds exactly the product of its shape in elements.
func FuzzReadTensor(f *testing.F) {
	f.Add(npyFile(1, dictFor("|i1", false, "(2, 3)"), false, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(npyFile(2, dictFor(">f4", true, "(1, 2)"), false, encodeVals("f4", binary.BigEndian, []float64{1, 2.5})))
	f.Add(npyFile(3, dictFor("<u8", false, "()"), false, make([]byte, 8)))
	f.Add([]byte("\x93NUMPY\x01\x00\x08\x00{'descr'"))
	f.Add(npyFile(1, dictFor("<i4", false, "(2,)"), true, make([]byte, 8)))
	for _, d := range npyHeaderSeeds {
		f.Add(npyFile(1, d, false, make([]byte, 16)))
	}
	// The files numpy reads with unusual headers or in Fortran order.
	files, _ := filepath.Glob(filepath.Join("testdata", "npy", "*.npy"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "x.npy")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ten, err := ReadTensor(p)
		if err != nil {
			return
		}
		n := 1
		for _, s := range ten.Shape {
			n *= s
		}
		if ten.Len() != n || len(ten.Float64()) != n {
			t.Fatalf("shape %v: Len %d, %d float values", ten.Shape, ten.Len(), len(ten.Float64()))
		}
		if v, err := ten.Int8(); err == nil && len(v) != n {
			t.Fatalf("shape %v: %d int8 values", ten.Shape, len(v))
		}
		ReadNPY(p, true)
		ReadLUT(p)
	})
}

// TestInt32sUnaligned checks the copying path of int32s, taken for a
// payload that is not 4-byte aligned (and on big-endian machines).
func TestInt32sUnaligned(t *testing.T) {
	buf := make([]byte, 1+12)
	for _, off := range []int{0, 1} {
		raw := buf[off : off+12]
		for i, v := range []int32{-1, 1 << 30, 7} {
			binary.LittleEndian.PutUint32(raw[4*i:], uint32(v))
		}
		ten := &Tensor{TensorHeader: TensorHeader{Dtype: "<i4", Shape: []int{3}}, raw: raw}
		if got := fmt.Sprint(ten.int32s()); got != "[-1 1073741824 7]" {
			t.Errorf("offset %d: int32s = %s", off, got)
		}
	}
	if got := (&Tensor{TensorHeader: TensorHeader{Dtype: "<i4", Shape: []int{0}}}).int32s(); got == nil || len(got) != 0 {
		t.Errorf("empty tensor: %v", got)
	}
}

// TestZeroTensor: the methods of a Tensor not made by ReadTensor do not
// panic and report no values.
func TestZeroTensor(t *testing.T) {
	for _, ten := range []*Tensor{{}, {TensorHeader: TensorHeader{Dtype: "<c8", Shape: []int{2}}}, {TensorHeader: TensorHeader{Dtype: "x"}}} {
		if ten.Len() != 0 || len(ten.Float64()) != 0 {
			t.Errorf("%+v: Len %d, Float64 %v", ten, ten.Len(), ten.Float64())
		}
		if v, err := ten.Int8(); err == nil || len(v) != 0 {
			t.Errorf("%+v: Int8 = %v, %v; want an error", ten, v, err)
		}
	}
}

// TestReadTensorHeader reads the header of a valid file.
func TestReadTensorHeader(t *testing.T) {
	p := writeFile(t, t.TempDir(), "h.npy", npyFile(2, dictFor(">f4", true, "(3, 1, 2)"), false, make([]byte, 24)))
	h, err := ReadTensorHeader(p)
	if err != nil || h.Dtype != ">f4" || fmt.Sprint(h.Shape) != "[3 1 2]" || !h.Fortran {
		t.Errorf("ReadTensorHeader = %+v, %v", h, err)
	}
}
