package netio_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/internal/cputime"
	"github.com/axmul/axmul/internal/testshared"
)

// BenchmarkRead parses the same circuits in every format from memory: the
// original EvoApprox Verilog and what the writers make of it. ns/gate (wall)
// and cpu-ns/gate (process CPU time, GC included) divide by the gate count
// of the netlist read from the original file, so the formats compare on the
// same circuit.
func BenchmarkRead(b *testing.B) {
	root := testshared.Dir(b, "evoapprox", "v2022")
	for _, name := range []string{"8x8_unsigned/mul8u_0AB.v", "12x12_signed/mul12s_2PQ.v", "16x16_unsigned/mul16u_7G2.v"} {
		path := filepath.Join(root, name)
		orig, err := netio.Open(path, netio.Options{})
		if err != nil {
			b.Fatal(err)
		}
		srcs := map[string][]byte{}
		if srcs[".v(orig)"], err = readFile(path); err != nil {
			b.Fatal(err)
		}
		for _, ext := range writeExts {
			var buf bytes.Buffer
			if err := netio.Write(&buf, orig, ext); err != nil {
				b.Fatal(err)
			}
			srcs[ext] = buf.Bytes()
		}
		gates := float64(len(orig.Gates))
		for _, ext := range []string{".v(orig)", ".v", ".blif", ".aag", ".aig"} {
			src := srcs[ext]
			parse := func() (*circuits.Netlist, error) {
				if ext == ".v(orig)" {
					return verilog.Parse(path, src, verilog.Options{})
				}
				f, _ := netio.FormatOf("x" + ext)
				return f.Parse("x"+ext, src, netio.Options{})
			}
			b.Run("net="+filepath.Base(name)+"/format="+ext, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(src)))
				cpu0, cpuOK := cputime.Process()
				for b.Loop() {
					if _, err := parse(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/gates, "ns/gate")
				// CPU time (GC included) is steadier than wall time on a
				// shared machine.
				if cpu1, ok := cputime.Process(); ok && cpuOK {
					b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N)/gates, "cpu-ns/gate")
				}
			})
		}
	}
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
