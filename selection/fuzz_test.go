package selection

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadModel feeds arbitrary bytes as the outputs and the features of a
// valid manifest: LoadModel must return an error or a valid layer, never
// panic. (The .npy reader itself is fuzzed in errmap.)
func FuzzLoadModel(f *testing.F) {
	for _, name := range []string{"conv1_features.npy", "conv1_outputs.npy", "conv2_features.npy", "fc_weights.npy"} {
		data, err := os.ReadFile(filepath.Join(testModelDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(encodeNPY("i1", []int{2, 2}, []float64{1, 2, 3, 4}))
	f.Add([]byte("\x93NUMPY\x01\x00\x08\x00{'descr'"))
	f.Add([]byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f"))
	dir := f.TempDir()
	files := map[string][]byte{
		"f.npy": encodeNPY("i1", []int{2, 2}, []float64{1, 2, 3, 4}),
		"w.npy": encodeNPY("i1", []int{2, 1}, []float64{1, 1}),
		"model.json": []byte(`{"layers": [{"name": "a", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy", "outputs": "x.npy"},
			{"name": "b", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "x.npy", "weights": "w.npy"}]}`),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "x.npy"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		layers, err := LoadModel(filepath.Join(dir, "model.json"))
		if err != nil {
			return
		}
		for i := range layers {
			if err := layers[i].Validate(); err != nil {
				t.Errorf("LoadModel returned an invalid layer: %v", err)
			}
		}
	})
}

// FuzzResultJSON checks that decoding never panics and that whatever
// decodes re-encodes and decodes to the same encoding.
func FuzzResultJSON(f *testing.F) {
	data, _ := json.Marshal(sampleResult())
	f.Add(data)
	f.Add([]byte(`{"metric_max": 1, "opcount": 1, "layers": [{"name": "a", "multiplier_name": "m"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m MatchingInfo
		if json.Unmarshal(data, &m) != nil {
			return
		}
		enc, err := json.Marshal(&m)
		if err != nil {
			t.Fatalf("decoded result does not encode: %v", err)
		}
		var back MatchingInfo
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		enc2, _ := json.Marshal(&back)
		if string(enc) != string(enc2) {
			t.Fatalf("encoding not stable:\n%s\n%s", enc, enc2)
		}
	})
}

// FuzzManifestJSON feeds arbitrary bytes as model.json (beside valid
// features and weights files): LoadModel never panics, its errors name the
// manifest, and what it accepts is a valid model.
func FuzzManifestJSON(f *testing.F) {
	for _, s := range []string{
		`{"layers": [{"name": "a", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy"}]}`,
		`{"info": {"exporter": "x"}, "layers": [{"name": "a", "fan_in": 2, "opcount": 4, "max_noise": 0.1, "features": "f.npy", "weights": "w.npy"}]}`,
		`{"layers": [{"name": "a", "fan_in": 2, "opcount": 4, "max_noise": 1e308, "features": "f.npy", "weights": "w.npy"}]} x`,
		`{"layers": [{"name": "a", "fan_in": "2"}], "info": 3}`,
		`{"layers": []}`,
	} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile(filepath.Join(testModelDir, "model.json")); err == nil {
		f.Add(data)
	}
	dir := f.TempDir()
	files := map[string][]byte{
		"f.npy": encodeNPY("i1", []int{2, 2}, []float64{1, 2, 3, 4}),
		"w.npy": encodeNPY("i1", []int{2, 1}, []float64{1, 1}),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	model := filepath.Join(dir, "model.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(model, data, 0o644); err != nil {
			t.Fatal(err)
		}
		layers, err := LoadModel(model)
		if err != nil {
			if !strings.Contains(err.Error(), model) {
				t.Fatalf("error %q does not name the manifest", err)
			}
			return
		}
		for i := range layers {
			if err := layers[i].Validate(); err != nil {
				t.Errorf("LoadModel returned an invalid layer: %v", err)
			}
		}
	})
}

// FuzzReadResult feeds arbitrary bytes as a result file: ReadResult never
// panics, names the file in its errors, and what it accepts encodes again.
func FuzzReadResult(f *testing.F) {
	data, _ := json.Marshal(sampleResult())
	f.Add(data)
	f.Add(append(data, " }"...))
	f.Add([]byte(`{"metric_max": 1, "opcount": 1, "layers": [{"name": "a", "multiplier_name": "m", "extra": 1}]}`))
	p := filepath.Join(f.TempDir(), "r.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadResult(p)
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("accepted result does not encode: %v", err)
		}
	})
}
