package yosysjson

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse checks that no input makes Parse panic and that module
// templates change no netlist it accepts, seeded with the small
// Yosys-written netlists of testdata (mul2*.json), the hand-written ones of
// the tests and the crashers found so far (testdata/fuzz).
func FuzzParse(f *testing.F) {
	// Real Yosys output, the small files only: seeds of hundreds of
	// kilobytes slow the fuzzer to a crawl.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if len(src) <= 16<<10 {
			f.Add(src)
		}
	}
	f.Add([]byte(twoLevel))
	f.Add([]byte(`{"modules": {"m": {"ports": {"A": {"direction": "input", "bits": [2]}, "O": {"direction": "output", "bits": ["x"]}}}}}`))
	f.Add([]byte(`{"modules": {"a": {"cells": {"u": {"type": "b", "connections": {}}}}, "b": {"cells": {"u": {"type": "a", "connections": {}}}}}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		nl, err := Parse("fuzz.json", src, Options{})
		if err == nil && nl == nil {
			t.Fatal("nil netlist without an error")
		}
		if err == nil {
			if verr := nl.Validate(); verr != nil {
				t.Fatalf("netlist accepted but invalid: %v", verr)
			}
			plain, perr := parse("fuzz.json", src, Options{}, false)
			if perr != nil || !reflect.DeepEqual(nl, plain) {
				t.Fatalf("templates change the netlist (%v)", perr)
			}
		}
	})
}
