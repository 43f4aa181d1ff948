package param

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden Verilog files in testdata")

// The generated text is byte-identical across runs and builds: it is
// compared with files committed in testdata (regenerate with -update after
// an intended change of the generators).
func TestGolden(t *testing.T) {
	must := mustSpec(t)
	for _, s := range []Spec{
		must(NewTruncated(4, 4, false, 2, false)),
		must(NewBAM(4, 3, true, 1, 2)),
		must(NewDRUM(6, 6, true, 3)),
		must(NewMitchell(4, 4, false)),
	} {
		path := filepath.Join("testdata", s.Name+".v")
		got := s.Verilog()
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: generated Verilog differs from %s", s.Name, path)
		}
	}
}

func BenchmarkVerilogBuiltin(b *testing.B) {
	specs := Builtin()
	for b.Loop() {
		for _, s := range specs {
			if s.Verilog() == nil {
				b.Fatal(s.Name)
			}
		}
	}
	b.ReportMetric(float64(len(specs)), "circuits/op")
}

func BenchmarkModel(b *testing.B) {
	for _, name := range []string{"mul8u_exact", "mul8s_trunc4c", "mul8u_drum4", "mul8s_mitchell"} {
		s, _ := Lookup(name)
		model := s.Model()
		b.Run(name, func(b *testing.B) {
			var sink int64
			for b.Loop() {
				for a := int64(0); a < 256; a++ {
					sink += model(a, 77)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*256), "ns/product")
			_ = sink
		})
	}
}
