package blif_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/blif"
)

// FuzzParse checks that no input makes Parse panic, that every netlist it
// accepts is valid, and that the writer's output of it reads back.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.blif", "testdata/errors/*.blif", "../../testdata/foreign/*.blif"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			// Seeds stay small: the fuzzer minimises every input that
			// finds new coverage, which takes minutes on a 30 KB file.
			f.Add(src[:min(len(src), 2048)])
		}
	}
	f.Add([]byte(".model m\n.inputs a b\n.outputs y\n.subckt s a=a b=b y=y\n.end\n.model s\n.inputs a b\n.outputs y\n.names a b y\n1- 0\n.end\n"))
	f.Add([]byte(".model m\n.inputs a b c\n.outputs s co\n.gate FA A=a B=b C=c S=s CO=co\n"))
	cells := tinyCells(&testing.T{})
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := blif.Parse("fuzz.blif", src, blif.Options{Cells: cells, Verbose: func(string) {}})
		if err != nil {
			return
		}
		if n == nil {
			t.Fatal("nil netlist without error")
		}
		if verr := n.Validate(); verr != nil {
			t.Fatalf("accepted an invalid netlist: %v", verr)
		}
		var buf bytes.Buffer
		if err := blif.Write(&buf, n); err != nil {
			return // port names BLIF cannot write back (e.g. with '=')
		}
		if _, err := blif.Parse("back.blif", buf.Bytes(), blif.Options{}); err != nil {
			t.Fatalf("written netlist does not read back: %v\n%s", err, buf.String())
		}
	})
}
