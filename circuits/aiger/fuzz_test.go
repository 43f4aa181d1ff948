package aiger_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/aiger"
)

// FuzzParse checks that no input makes Parse panic, that every netlist it
// accepts is valid, and that both writers' output of it reads back.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.a?g", "testdata/errors/*.a?g", "../../testdata/foreign/*.a?g"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			// Small seeds: the fuzzer minimises inputs that find new
			// coverage, which takes minutes on large ones.
			f.Add(src[:min(len(src), 2048)])
		}
	}
	f.Add([]byte(fullAdder))
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := aiger.Parse("fuzz.aig", src, aiger.Options{Verbose: func(string) {}})
		if err != nil {
			return
		}
		if n == nil {
			t.Fatal("nil netlist without error")
		}
		if verr := n.Validate(); verr != nil {
			t.Fatalf("accepted an invalid netlist: %v", verr)
		}
		for _, write := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return aiger.Write(b, n) },
			func(b *bytes.Buffer) error { return aiger.WriteASCII(b, n) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				return // names the symbol table cannot hold
			}
			if _, err := aiger.Parse("back", buf.Bytes(), aiger.Options{}); err != nil {
				t.Fatalf("written netlist does not read back: %v\n%q", err, buf.String())
			}
		}
	})
}
