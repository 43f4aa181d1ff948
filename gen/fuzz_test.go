package gen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzOpenBundle feeds arbitrary bytes as the index.json of a bundle whose
// map files are real (the built-in mul8u_trunc4c): OpenBundle never panics,
// names the index in its errors, and a bundle it accepts gives a library or
// an error.
func FuzzOpenBundle(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "lib")
	if _, err := Build(context.Background(), BuildOptions{Builtin: true, Filter: "mul8u_trunc4c", Out: dir}); err != nil {
		f.Fatal(err)
	}
	index := filepath.Join(dir, IndexFile)
	good, err := os.ReadFile(index)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(append(append([]byte(nil), good...), "\n}"...))
	f.Add([]byte(strings.Replace(string(good), `"a_bits": 8`, `"a_bits": 30`, 1)))
	f.Add([]byte(strings.Replace(string(good), `"maps/`, `"../`, 1)))
	f.Add([]byte(`{"format": "axmul-library", "version": 1, "multipliers": [{"name": "x", "a_bits": 8, "b_bits": 8, "files": {}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(index, data, 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := OpenBundle(dir)
		if err != nil {
			if !strings.Contains(err.Error(), index) {
				t.Fatalf("error %q does not name the index", err)
			}
			return
		}
		if lib, err := b.Library("gates"); err == nil {
			lib.Candidates()
		}
	})
}
