package selection

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeManifestCase writes a two-row, fan_in 2, out 1 layer (features
// [[1,2],[3,4]], weights [[1],[1]]) plus extra files, and model.json with
// the given layers JSON.
func writeManifestCase(t *testing.T, layersJSON string, extra map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"f.npy":      encodeNPY("i1", []int{2, 2}, []float64{1, 2, 3, 4}),
		"w.npy":      encodeNPY("i1", []int{2, 1}, []float64{1, 1}),
		"o.npy":      encodeNPY("i4", []int{2}, []float64{3, 7}),
		"model.json": []byte(`{"layers": ` + layersJSON + `}`),
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "model.json")
}

func TestLoadModelErrors(t *testing.T) {
	const ok = `{"name": "l", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy", "outputs": "o.npy"}`
	with := func(old, new string) string { return "[" + strings.Replace(ok, old, new, 1) + "]" }
	tests := []struct {
		name   string
		layers string
		extra  map[string][]byte
		want   []string // substrings of the error
		is     error
	}{
		{"missing features file", with(`"f.npy"`, `"nope.npy"`), nil, []string{"layers[0] (l): features:", "nope.npy"}, fs.ErrNotExist},
		{"missing outputs file", with(`"o.npy"`, `"nope.npy"`), nil, []string{"outputs:", "nope.npy"}, fs.ErrNotExist},
		{"fan_in mismatch", with(`"fan_in": 2`, `"fan_in": 3`), nil, []string{"features:", "f.npy", "last dimension must equal fan_in 3"}, nil},
		{"weights shape", "[" + ok + "]", map[string][]byte{"w.npy": encodeNPY("i1", []int{2}, []float64{1, 1})}, []string{"weights:", "w.npy", "shape [2]"}, nil},
		{"weights fan_in", "[" + ok + "]", map[string][]byte{"w.npy": encodeNPY("i1", []int{1, 2}, []float64{1, 1})}, []string{"weights:", "want [fan_in=2, out]"}, nil},
		{"outputs count", "[" + ok + "]", map[string][]byte{"o.npy": encodeNPY("i4", []int{3}, []float64{1, 2, 3})}, []string{"outputs:", "o.npy", "want rows·out"}, nil},
		{"non-integer features", "[" + ok + "]", map[string][]byte{"f.npy": encodeNPY("f4", []int{2, 2}, []float64{1, 2.5, 3, 4})}, []string{"features:", "f.npy", "flat index 1"}, nil},
		{"features out of range", "[" + ok + "]", map[string][]byte{"f.npy": encodeNPY("i2", []int{2, 2}, []float64{1, 2, 300, 4})}, []string{"features:", "flat index 2"}, nil},
		{"weights out of range", "[" + ok + "]", map[string][]byte{"w.npy": encodeNPY("f8", []int{2, 1}, []float64{-129, 1})}, []string{"weights:", "w.npy"}, nil},
		{"outputs NaN", "[" + ok + "]", map[string][]byte{"o.npy": encodeNPY("f8", []int{2}, []float64{1, nanValue()})}, []string{"outputs:", "not finite"}, nil},
		{"negative max_noise", with(`"max_noise": 0.1`, `"max_noise": -0.1`), nil, []string{"layers[0] (l): max_noise"}, nil},
		{"negative opcount", with(`"opcount": 4`, `"opcount": -4`), nil, []string{"opcount"}, nil},
		{"missing name", with(`"name": "l", `, ``), nil, []string{"layers[0]: name: missing field"}, errMissing},
		{"missing fan_in", with(`"fan_in": 2, `, ``), nil, []string{"fan_in: missing field"}, errMissing},
		{"missing opcount", with(`"opcount": 4, `, ``), nil, []string{"opcount: missing field"}, errMissing},
		{"missing max_noise", with(`"max_noise": 0.1, `, ``), nil, []string{"max_noise: missing field"}, errMissing},
		{"missing features", with(`"features": "f.npy", `, ``), nil, []string{"features: missing field"}, errMissing},
		{"missing weights", with(`"weights": "w.npy", `, ``), nil, []string{"weights: missing field"}, errMissing},
		{"unknown field", with(`"opcount"`, `"op_count": 1, "opcount"`), nil, []string{"model.json:1:", `unknown field "op_count"`}, nil},
		{"unknown top-level field", "[" + ok + "],\n \"meta\": {}", nil, []string{"model.json:2:2: unknown field \"meta\""}, nil},
		{"trailing garbage", "[" + ok + "]}\n{\"layers\": []", nil, []string{"model.json:2:1: trailing data after the JSON value"}, nil},
		{"info not an object", "[" + ok + "], \"info\": [1]", nil, []string{"model.json:1:", "field info: want an object"}, nil},
		{"max_noise overflows max_std", with(`"max_noise": 0.1`, `"max_noise": 1e308`), nil, []string{"layers[0] (l): max_noise: 1e+308 times std(outputs) 2 overflows"}, nil},
		{"string fan_in", with(`"fan_in": 2`, `"fan_in": "2"`), nil, []string{"model.json:1:", "field layers.fan_in: want an integer, got string"}, nil},
		{"no layers", `[]`, nil, []string{"field layers: no layers"}, nil},
		{"duplicate", "[" + ok + "," + ok + "]", nil, []string{"layers[1]: duplicate layer name"}, nil},
		{"bad json", `[{`, nil, []string{"model.json:1:"}, nil},
		{"wrong type", "[\n" + strings.Replace(ok, `"fan_in": 2`, `"fan_in": "two"`, 1) + "]", nil, []string{"model.json:2:", "fan_in"}, nil},
		{"fan_in zero", with(`"fan_in": 2`, `"fan_in": 0`), nil, []string{"fan_in: must be"}, nil},
		{"unsupported dtype", "[" + ok + "]", map[string][]byte{"o.npy": bytes.Replace(encodeNPY("f8", []int{2}, []float64{1, 2}), []byte("'<f8'"), []byte("'<c8'"), 1)}, []string{"outputs:", "unsupported dtype"}, nil},
		{"header without newline", "[" + ok + "]", map[string][]byte{"o.npy": []byte("\x93NUMPY\x01\x00\x08\x00{'descr'")}, []string{"outputs:", "o.npy"}, nil},
		{"features header without newline", "[" + ok + "]", map[string][]byte{"f.npy": []byte("\x93NUMPY\x01\x00\x08\x00{'descr'")}, []string{"features:", "f.npy"}, nil},
		{"not npy", "[" + ok + "]", map[string][]byte{"o.npy": []byte("hello")}, []string{"outputs:", "o.npy"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeManifestCase(t, tc.layers, tc.extra)
			_, err := LoadModel(path)
			if err == nil {
				t.Fatal("LoadModel succeeded")
			}
			for _, w := range append(tc.want, "model.json") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %v", err, tc.is)
			}
		})
	}
	if _, err := LoadModel(filepath.Join(t.TempDir(), "model.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing manifest: error %v, want fs.ErrNotExist", err)
	}
}

// TestLoadModelInfo: an exporter's top-level "info" object is accepted and
// ignored.
func TestLoadModelInfo(t *testing.T) {
	const ok = `{"name": "l", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy"}`
	path := writeManifestCase(t, "["+ok+"],\n \"info\": {\"exporter\": \"scripts/export_layers.py\", \"torch\": \"1.13\", \"nested\": {\"a\": [1]}}", nil)
	layers, err := LoadModel(path)
	if err != nil || len(layers) != 1 || layers[0].Name != "l" {
		t.Fatalf("LoadModel = %v, %v", layers, err)
	}
}

func TestLoadModelValid(t *testing.T) {
	const ok = `{"name": "l", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy"%s}`
	for _, outputs := range []string{"", `, "outputs": "o.npy"`} {
		path := writeManifestCase(t, "["+strings.Replace(ok, "%s", outputs, 1)+"]", nil)
		layers, err := LoadModel(path)
		if err != nil {
			t.Fatal(err)
		}
		l := layers[0]
		if l.Name != "l" || l.FanIn != 2 || l.Out != 1 || l.Rows() != 2 || l.OpCount != 4 || l.MaxNoise != 0.1 {
			t.Errorf("layer %+v", l)
		}
		// outputs [1+2, 3+4] = [3, 7]: population std 2.
		if std, err := l.OutputStd(); err != nil || std != 2 {
			t.Errorf("std(outputs) = %v, %v; want 2", std, err)
		}
	}
}

// TestLoadModelOutputDtypes reads the outputs [3, 7] (population std 2)
// in every integer and float dtype, both byte orders, and as a Fortran-ordered
// [2, 1] array (outputs may be in any order).
func TestLoadModelOutputDtypes(t *testing.T) {
	const layer = `[{"name": "l", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy", "outputs": "o.npy"}]`
	// False -> True shortens the header dict by one byte; a space after
	// the closing brace keeps the header length.
	fortran := bytes.Replace(encodeNPY("i4", []int{2, 1}, []float64{3, 7}), []byte("'fortran_order': False"), []byte("'fortran_order': True"), 1)
	fortran = bytes.Replace(fortran, []byte("}"), []byte("} "), 1)
	cases := map[string][]byte{"fortran": fortran}
	for _, dt := range []string{"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", ">i2", ">u2", ">i4", ">u4", ">i8", ">u8", ">f4", ">f8"} {
		cases[dt] = encodeNPY(dt, []int{2}, []float64{3, 7})
	}
	for name, data := range cases {
		path := writeManifestCase(t, layer, map[string][]byte{"o.npy": data})
		layers, err := LoadModel(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := layers[0].Outputs; len(got) != 2 || got[0] != 3 || got[1] != 7 {
			t.Errorf("%s: outputs %v, want [3 7]", name, got)
		}
	}
	// A payload shorter than the shape is an error naming the file.
	data := encodeNPY("i4", []int{2}, []float64{3, 7})
	path := writeManifestCase(t, layer, map[string][]byte{"o.npy": data[:len(data)-2]})
	if _, err := LoadModel(path); err == nil || !strings.Contains(err.Error(), "o.npy") || !strings.Contains(err.Error(), "outputs:") {
		t.Errorf("short payload: error %v", err)
	}
}
