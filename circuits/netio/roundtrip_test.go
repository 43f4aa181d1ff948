package netio_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/nettest"
	"github.com/axmul/axmul/internal/testshared"
)

// writeExts are the formats every netlist goes through and back.
var writeExts = []string{".v", ".blif", ".aag", ".aig"}

// roundTrip writes n in the format of ext and reads it back as Open does.
func roundTrip(t testing.TB, n *circuits.Netlist, ext string) *circuits.Netlist {
	t.Helper()
	var buf bytes.Buffer
	if err := netio.Write(&buf, n, ext); err != nil {
		t.Fatalf("%s: write %s: %v", n.File, ext, err)
	}
	f, ok := netio.FormatOf("x" + ext)
	if !ok {
		t.Fatalf("no format for %s", ext)
	}
	back, err := f.Parse("written"+ext, buf.Bytes(), netio.Options{})
	if err != nil {
		t.Fatalf("%s: read back %s: %v\n%s", n.File, ext, err, head(buf.String()))
	}
	return netio.GroupBits(back)
}

func head(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

// TestRoundTripShared sends every shared EvoApprox netlist (the *_pdk45.v
// standard-cell twins with gscl45nm.lib) through every writer and back and
// compares the truth tables: all pairs up to 16 operand bits, 2^14 seeded
// pairs above. Under -short, every 7th file.
func TestRoundTripShared(t *testing.T) {
	root := testshared.Dir(t, "evoapprox")
	lib, err := liberty.ParseFile(testshared.Dir(t, "cells", "gscl45nm.lib"))
	if err != nil {
		t.Fatal(err)
	}
	cells := verilog.LibertyCells(lib)
	files, err := netio.List(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 929 {
		t.Fatalf("found %d netlists under %s, want 929", len(files), root)
	}
	var r verilog.Reader
	checked := 0
	for i, file := range files {
		if testing.Short() && i%7 != 0 {
			continue
		}
		orig, err := netio.Open(file, netio.Options{Cells: cells, Reader: &r})
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		table, err := nettest.NewTable(orig, 16, 256, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range writeExts {
			back := roundTrip(t, orig, ext)
			if err := table.Check(back); err != nil {
				t.Errorf("%s via %s: %v", filepath.Base(file), ext, err)
			}
		}
		checked++
	}
	t.Logf("%d netlists x %s", checked, strings.Join(writeExts, " "))
}

// TestRoundTripBuiltin sends the circuits of the built-in generators
// (gen/param) through every writer and back.
func TestRoundTripBuiltin(t *testing.T) {
	for i, s := range param.Builtin() {
		src, err := s.Generate()
		if err != nil {
			t.Fatal(err)
		}
		orig, err := verilog.Parse(s.Name+".v", src, verilog.Options{})
		if err != nil {
			t.Fatal(err)
		}
		table, err := nettest.NewTable(orig, 16, 256, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range writeExts {
			if err := table.Check(roundTrip(t, orig, ext)); err != nil {
				t.Errorf("%s via %s: %v", s.Name, ext, err)
			}
		}
	}
}
