package liberty

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics and that it returns either a
// library or an error, seeded from the testdata files.
func FuzzParse(f *testing.F) {
	for _, pat := range []string{"testdata/*.lib", "testdata/errors/*.lib"} {
		files, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lib, err := Parse("fuzz.lib", src)
		if lib == nil && err == nil {
			t.Fatal("nil library without error")
		}
		if lib != nil {
			for _, c := range lib.Cells {
				for _, p := range c.Pins {
					_ = p.Function.String()
					for _, tm := range p.Timing {
						_ = tm.CellRise.Lookup(0.5, 0.5)
					}
				}
			}
		}
	})
}

// FuzzParseFunction checks that ParseFunction never panics and that what it
// accepts survives a round trip through String.
func FuzzParseFunction(f *testing.F) {
	for _, s := range []string{"(!((S A) + (!S B)))", "((A^B)^C)", "A'B+C", "D[0] | 1", "(A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseFunction(s)
		if err != nil {
			return
		}
		checkRoundTrip(t, e)
	})
}
