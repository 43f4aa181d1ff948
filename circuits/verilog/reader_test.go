package verilog

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// TestReaderSameAsParseFile parses files of different sizes, some of them
// failing, one after the other with one Reader: every netlist and error
// must equal what ParseFile gives, whatever the Reader parsed before.
func TestReaderSameAsParseFile(t *testing.T) {
	dir := t.TempDir()
	srcs := []struct{ name, src string }{
		{"big.v", `module big(input [3:0] A, input [3:0] B, output [7:0] O);
  wire [15:0] N;
  assign N[0] = A[0] & B[0];
  assign N[1] = A[1] ^ B[1];
  assign N[2] = N[0] | N[1];
  PDKGENHAX1 h(.A(A[2]), .B(B[2]), .YS(N[3]), .YC(N[4]));
  assign O = {N[4], N[3], N[2], N[1], N[0], A[3], B[3], 1'b0};
endmodule
module PDKGENHAX1(input A, input B, output YS, output YC);
  assign YS = A ^ B;
  assign YC = A & B;
endmodule
`},
		{"small.v", "module small(input a, output y); assign y = ~a; endmodule\n"},
		{"undriven.v", "module u(input a, output [1:0] y); assign y[0] = a; endmodule\n"},
		{"multi.v", "module m(input a, input b, output y); assign y = a; assign y = b; endmodule\n"},
		{"syntax.v", "module s(input a, output y); assign y = ; endmodule\n"},
		{"loop.v", "module l(output y); wire p, q; assign p = q; assign q = p; assign y = p; endmodule\n"},
	}
	var files []string
	for _, s := range srcs {
		f := filepath.Join(dir, s.name)
		if err := os.WriteFile(f, []byte(s.src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	files = append(files, filepath.Join(dir, "missing.v"), dir)
	if testshared.Root() != "" {
		shared := sharedDir(t)
		more, _ := filepath.Glob(filepath.Join(shared, "8b", "mul8_00*.v"))
		v2022, _ := filepath.Glob(filepath.Join(shared, "v2022", "*", "mul*[0-9A-Z].v"))
		for i := 0; i < len(v2022); i += 29 {
			more = append(more, v2022[i])
		}
		files = append(files, more...)
	}
	var r Reader
	// Twice round, big and small files interleaved.
	for round := range 2 {
		for i := range files {
			f := files[(i*5+round)%len(files)]
			want, wantErr := ParseFile(f, Options{})
			got, gotErr := r.ParseFile(f, Options{})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Reader netlist differs from ParseFile's", f)
			}
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Errorf("%s: Reader error %v, ParseFile error %v", f, gotErr, wantErr)
			}
		}
	}
}
