package verilog

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var errorComment = regexp.MustCompile(`// ERROR "((?:[^"\\]|\\.)*)"`)

// TestErrorFiles parses every testdata/verilog/errors/*.v file and checks
// that the errors reported are exactly those announced by the
// // ERROR "regexp" comments, on the same lines.
func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "errors", "*.v"))
	behav, _ := filepath.Glob(filepath.Join(testdataDir, "behav", "errors", "*.v"))
	files = append(files, behav...)
	if err != nil || len(files) == 0 {
		t.Fatalf("no error files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int]*regexp.Regexp{}
			for i, line := range strings.Split(string(src), "\n") {
				if m := errorComment.FindStringSubmatch(line); m != nil {
					re, err := regexp.Compile(m[1])
					if err != nil {
						t.Fatalf("line %d: %v", i+1, err)
					}
					want[i+1] = re
				}
			}
			_, err = Parse(f, src, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			got := map[int]bool{}
			for _, e := range list {
				if e.Pos.Filename != f {
					t.Errorf("error without the file position: %v", e)
					continue
				}
				re, ok := want[e.Pos.Line]
				if !ok {
					t.Errorf("unexpected error: %v", e)
					continue
				}
				if !re.MatchString(e.Msg) {
					t.Errorf("%v: does not match %q", e, re)
				}
				got[e.Pos.Line] = true
			}
			for line, re := range want {
				if !got[line] {
					t.Errorf("%s:%d: missing error %q", f, line, re)
				}
			}
			// The message format is file:line:col: msg.
			if first := strings.SplitN(err.Error(), "\n", 2)[0]; !regexp.MustCompile(`^.+\.v:\d+:\d+: `).MatchString(first) {
				t.Errorf("error %q not in file:line:col form", first)
			}
		})
	}
}

// TestErrorCap checks that a file full of errors reports at most
// MaxErrors syntax errors without panicking.
func TestErrorCap(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("module m(a);\n")
	for i := 0; i < 100; i++ {
		sb.WriteString("  assign = ;\n")
	}
	sb.WriteString("endmodule\n")
	_, err := Parse("cap.v", []byte(sb.String()), Options{})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	if len(list) != MaxErrors {
		t.Errorf("%d errors, want %d", len(list), MaxErrors)
	}
}

// TestLimits checks the guards against hostile input.
func TestLimits(t *testing.T) {
	deep := "module m(output y); assign y = " + strings.Repeat("(", 1000) + "1'b0" + strings.Repeat(")", 1000) + "; endmodule"
	wide := "module m(output y); wire [200000:0] w; assign y = 1'b0; endmodule"
	rep := "module m(output [3:0] y); assign y = {1000000{{1000000{1'b1}}}}; endmodule"
	for _, tc := range []struct{ name, src, want string }{
		{"deep", deep, "nested too deeply"},
		{"wide", wide, "too wide"},
		{"replication", rep, "too wide"},
	} {
		_, err := Parse(tc.name+".v", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
