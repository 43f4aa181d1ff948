package errmap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// npyHeader parses a .npy file's header independently of npyio.
func npyHeader(t *testing.T, path string) (dict string, dataOff int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x93NUMPY")) {
		t.Fatalf("%s: no numpy magic", path)
	}
	major := b[6]
	var hlen, off int
	switch major {
	case 1:
		hlen, off = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		hlen, off = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		t.Fatalf("%s: version %d", path, major)
	}
	return string(b[off : off+hlen]), off + hlen
}

func checkHeader(t *testing.T, path, shape string, n int) []int32 {
	t.Helper()
	dict, off := npyHeader(t, path)
	for _, re := range []string{`'descr':\s*'<i4'`, `'fortran_order':\s*False`, `'shape':\s*` + regexp.QuoteMeta(shape)} {
		if !regexp.MustCompile(re).MatchString(dict) {
			t.Errorf("%s: header %q does not match %s", path, dict, re)
		}
	}
	if !strings.HasSuffix(dict, "\n") {
		t.Errorf("%s: header does not end in a newline", path)
	}
	b, _ := os.ReadFile(path)
	if len(b)-off != 4*n {
		t.Fatalf("%s: %d data bytes, want %d", path, len(b)-off, 4*n)
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(b[off+4*i:]))
	}
	return out
}

func TestErrorMapNPYRoundTrip(t *testing.T) {
	dir := t.TempDir()
	um, _ := randomUnsigned8(t, 5)
	sm, _ := FromFunc(3, 5, true, func(a, b int64) int64 { return a*b - a + 2*b })
	for _, c := range []struct {
		name  string
		em    *ErrorMap
		shape string
	}{{"u8x8", um, "(256, 256)"}, {"s3x5", sm, "(8, 32)"}} {
		path := filepath.Join(dir, c.name+".npy")
		if err := c.em.WriteNPY(path); err != nil {
			t.Fatal(err)
		}
		data := checkHeader(t, path, c.shape, len(c.em.Errors()))
		// Element [i, j] is the error of A = lo_A + i, B = lo_B + j.
		alo, _ := c.em.ARange()
		blo, _ := c.em.BRange()
		nb := 1 << c.em.BBits()
		for k, v := range data {
			e, _ := c.em.Error(alo+int64(k/nb), blo+int64(k%nb))
			if int64(v) != e {
				t.Fatalf("%s: file[%d] = %d, want %d", c.name, k, v, e)
			}
		}
		back, err := ReadNPY(path, c.em.Signed())
		if err != nil {
			t.Fatal(err)
		}
		if back.ABits() != c.em.ABits() || back.BBits() != c.em.BBits() || back.Signed() != c.em.Signed() {
			t.Fatalf("%s: read back as %dx%d signed=%v", c.name, back.ABits(), back.BBits(), back.Signed())
		}
		for k := range c.em.Products() {
			if back.Products()[k] != c.em.Products()[k] || back.Errors()[k] != c.em.Errors()[k] {
				t.Fatalf("%s: entry %d differs after round trip", c.name, k)
			}
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 1+btoi(c.name == "s3x5") {
			t.Errorf("stray files after atomic write: %v", ents)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestLUT(t *testing.T) {
	dir := t.TempDir()
	um, m := randomUnsigned8(t, 9)
	path := filepath.Join(dir, "lut.npy")
	if err := um.WriteLUT(path); err != nil {
		t.Fatal(err)
	}
	data := checkHeader(t, path, "(256, 256)", 65536)
	for i := range 256 {
		for j := range 256 {
			// Independent decoding: i < 128 is value i, else i - 256.
			x, w := i, j
			if x >= 128 {
				x -= 256
			}
			if w >= 128 {
				w -= 256
			}
			sx, sw, ax, aw := 1, 1, x, w
			if x < 0 {
				sx, ax = -1, -x
			}
			if w < 0 {
				sw, aw = -1, -w
			}
			want := int64(sx*sw) * m[ax][aw]
			if int64(data[i*256+j]) != want {
				t.Fatalf("lut[%d][%d] = %d, want %d", i, j, data[i*256+j], want)
			}
		}
	}
	back, err := ReadLUT(path)
	if err != nil {
		t.Fatal(err)
	}
	im, _ := um.Int8()
	for k := range im.Products() {
		if back.Products()[k] != im.Products()[k] || back.Errors()[k] != im.Errors()[k] {
			t.Fatalf("LUT round trip differs at %d", k)
		}
	}
	small, _ := FromFunc(4, 4, false, func(a, b int64) int64 { return a * b })
	if err := small.WriteLUT(filepath.Join(dir, "x.npy")); err == nil {
		t.Error("LUT of a 4x4 map: no error")
	}
}

func TestReadNPYErrors(t *testing.T) {
	dir := t.TempDir()
	em, _ := FromFunc(2, 3, false, func(a, b int64) int64 { return a * b })
	p := filepath.Join(dir, "m.npy")
	if err := em.WriteNPY(p); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadLUT(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("ReadLUT of a [4 8] file: %v", err)
	}
	if _, err := ReadNPY(filepath.Join(dir, "missing.npy"), false); err == nil {
		t.Error("missing file: no error")
	}
	bad := filepath.Join(dir, "bad.npy")
	os.WriteFile(bad, []byte("not numpy"), 0o644)
	if _, err := ReadNPY(bad, false); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("garbage file: %v", err)
	}
	if err := em.WriteNPY(filepath.Join(dir, "nodir", "x.npy")); err == nil {
		t.Error("write into a missing directory: no error")
	}
}

// TestWriteInt32NPYFormat: every .npy axmul writes is format version 1.0
// with the data starting at a multiple of 64 bytes (numpy's rule), reads
// back with ReadTensor, and numpy loads it to the same values (when
// numpy is installed).
func TestWriteInt32NPYFormat(t *testing.T) {
	dir := t.TempDir()
	shapes := [][2]int{{1, 1}, {3, 5}, {256, 256}, {100000, 1}, {0, 7}, {12345678, 0}}
	py := ""
	for _, s := range shapes {
		rows, cols := s[0], s[1]
		data := make([]int32, rows*cols)
		for i := range data {
			data[i] = int32(i*2654435761) ^ int32(i)
		}
		var buf bytes.Buffer
		if err := WriteInt32NPY(&buf, data, rows, cols); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		p := filepath.Join(dir, fmt.Sprintf("w%dx%d.npy", rows, cols))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if string(b[:8]) != "\x93NUMPY\x01\x00" {
			t.Errorf("%v: preamble %q, want version 1.0", s, b[:8])
		}
		if off := 10 + int(binary.LittleEndian.Uint16(b[8:10])); off%64 != 0 || len(b)-off != 4*len(data) {
			t.Errorf("%v: data at offset %d of %d bytes", s, off, len(b))
		}
		ten, err := ReadTensor(p)
		if err != nil || ten.Dtype != "<i4" || !slices.Equal(ten.Shape, []int{rows, cols}) || !slices.Equal(ten.int32s(), data) {
			t.Errorf("%v: read back %v, %v", s, ten, err)
		}
		if py == "" {
			py = numpyPythonOrEmpty()
		}
		if py != "" {
			// numpy's own view: version, dtype, shape, and a checksum of
			// the values in C order.
			var sum int64
			for i, v := range data {
				sum += int64(v) * int64(i%1000+1)
			}
			out, err := exec.Command(py, "-c", `import sys, numpy as np
from numpy.lib import format as f
with open(sys.argv[1], "rb") as fh:
    v = f.read_magic(fh)
a = np.load(sys.argv[1], allow_pickle=False)
w = (np.arange(a.size) % 1000 + 1).astype(np.int64)
print(v, a.dtype.str, a.shape, int((a.ravel().astype(np.int64) * w).sum()))`, p).CombinedOutput()
			want := fmt.Sprintf("(1, 0) <i4 (%d, %d) %d\n", rows, cols, sum)
			if err != nil || string(out) != want {
				t.Errorf("%v: numpy says %q (%v), want %q", s, out, err, want)
			}
		}
	}
	if py == "" {
		t.Log("no python3 with numpy: numpy cross-check skipped")
	}
	if err := WriteInt32NPY(io.Discard, make([]int32, 5), 2, 3); err == nil {
		t.Error("WriteInt32NPY accepted a shape that does not match the data")
	}
}

// numpyPythonOrEmpty returns a python3 that can import numpy, or "".
func numpyPythonOrEmpty() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import numpy").Run() == nil {
			return p
		}
	}
	return ""
}
