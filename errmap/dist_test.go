package errmap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
)

func TestNewDist(t *testing.T) {
	d, err := NewDist([]int8{-128, 0, 0, 127, 5, 0, -128, 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]float64{-128: 2.0 / 8, 0: 3.0 / 8, 127: 1.0 / 8, 5: 2.0 / 8}
	for v := -128; v <= 127; v++ {
		if d.P(v) != want[v] || d[v+128] != want[v] {
			t.Errorf("P(%d) = %v, want %v", v, d.P(v), want[v])
		}
	}
	if d.P(128) != 0 || d.P(-129) != 0 || d.Sum() != 1 {
		t.Errorf("P out of range or Sum %v", d.Sum())
	}
	if _, err := NewDist(nil); err == nil {
		t.Error("empty: no error")
	}
}

func writeNPY(t *testing.T, path string, v any) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := npy.Write(f, v); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadInt8Tensor(t *testing.T) {
	dir := t.TempDir()
	want := []int8{-128, -1, 0, 1, 127, 3}
	cases := []struct {
		name  string
		v     any
		shape []int
		vals  []int8
		bad   string // substring of the expected error ("" = ok)
	}{
		{"int8", want, []int{6}, want, ""},
		{"int16_2d", [][]int16{{-128, -1, 0}, {1, 127, 3}}, []int{2, 3}, want, ""},
		{"int32_3d", [][][]int32{{{-128, -1}, {0, 1}, {127, 3}}}, []int{1, 3, 2}, want, ""},
		{"int64", []int64{-128, -1, 0, 1, 127, 3}, []int{6}, want, ""},
		{"uint8", []uint8{0, 1, 127}, []int{3}, []int8{0, 1, 127}, ""},
		{"float32", []float32{-128, -1, 0, 1, 127, 3}, []int{6}, want, ""},
		{"float64", [][]float64{{-128, -1, 0}, {1, 127, 3}}, []int{2, 3}, want, ""},
		{"uint8_range", []uint8{0, 200}, nil, nil, "flat index 1"},
		{"int16_range", []int16{0, 5, -129}, nil, nil, "flat index 2"},
		{"int64_range", []int64{128}, nil, nil, "flat index 0"},
		{"float_frac", []float64{1, 2, 2.5}, nil, nil, "flat index 2"},
		{"float_nan", []float32{1, float32(nan())}, nil, nil, "flat index 1"},
		{"float_range", []float64{127.0, 127.5, 300}, nil, nil, "flat index 1"},
		{"uint16", []uint16{1, 2}, nil, nil, "unsupported dtype"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".npy")
			writeNPY(t, path, c.v)
			vals, shape, err := ReadInt8Tensor(path)
			if c.bad != "" {
				if err == nil || !strings.Contains(err.Error(), c.bad) || !strings.Contains(err.Error(), path) {
					t.Fatalf("error %v, want one naming %s and %q", err, path, c.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(shape) != len(c.shape) {
				t.Fatalf("shape %v, want %v", shape, c.shape)
			}
			for i := range shape {
				if shape[i] != c.shape[i] {
					t.Fatalf("shape %v, want %v", shape, c.shape)
				}
			}
			if len(vals) != len(c.vals) {
				t.Fatalf("values %v, want %v", vals, c.vals)
			}
			for i := range vals {
				if vals[i] != c.vals[i] {
					t.Fatalf("values %v, want %v", vals, c.vals)
				}
			}
		})
	}
	d, shape, err := ReadDist(filepath.Join(dir, "int16_2d.npy"))
	if err != nil || len(shape) != 2 || d.P(-128) != 1.0/6 || d.P(3) != 1.0/6 || d.P(2) != 0 {
		t.Errorf("ReadDist: %v %v %v", d.P(-128), shape, err)
	}
	if _, _, err := ReadInt8Tensor(filepath.Join(dir, "nope.npy")); err == nil {
		t.Error("missing file: no error")
	}
}

func nan() float64 { var z float64; return z / z }
