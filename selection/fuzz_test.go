package selection

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadTensors feeds arbitrary bytes to the .npy readers used by
// LoadModel: they must return an error or values, never panic, and values
// must match the element count of the shape.
func FuzzReadTensors(f *testing.F) {
	for _, name := range []string{"conv1_features.npy", "conv1_outputs.npy", "conv2_features.npy", "fc_weights.npy"} {
		data, err := os.ReadFile(filepath.Join(testModelDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\x93NUMPY\x01\x00\x08\x00{'descr'"))
	f.Add([]byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "x.npy")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if vals, shape, err := readFloatTensor(path); err == nil {
			n := 1
			for _, s := range shape {
				n *= s
			}
			if n != len(vals) {
				t.Errorf("%d values for shape %v", len(vals), shape)
			}
		}
		readInt8Tensor(path)
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
