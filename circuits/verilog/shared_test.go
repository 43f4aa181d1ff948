package verilog

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/internal/testshared"
)

// sharedDir returns $AXMUL_SHARED/evoapprox, skipping the test when the
// variable is unset and failing it when the data is missing.
func sharedDir(t testing.TB) string {
	t.Helper()
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	dir := filepath.Join(root, "evoapprox")
	if _, err := os.Stat(filepath.Join(dir, "v2022", "metrics.csv")); err != nil {
		t.Fatalf("AXMUL_SHARED=%s: %v", root, err)
	}
	return dir
}

func sharedLib(t testing.TB) *liberty.Library {
	t.Helper()
	root := testshared.Root()
	lib, err := liberty.ParseFile(filepath.Join(root, "cells", "gscl45nm.lib"))
	if err != nil {
		t.Fatalf("gscl45nm.lib: %v", err)
	}
	return lib
}

// readCSV returns the rows of a CSV file keyed by their first column.
func readCSV(t testing.TB, path string) (header []string, rows map[string][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rows = map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]] = r
	}
	return recs[0], rows
}

func column(t testing.TB, header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

// mulIO returns the two input ports and the output port of a multiplier.
func mulIO(t testing.TB, nl *circuits.Netlist) (a, b, o circuits.Port) {
	t.Helper()
	in, out := nl.InputPorts(), nl.OutputPorts()
	if len(in) != 2 || len(out) != 1 {
		t.Fatalf("%s: want 2 inputs and 1 output, got %v", nl.Name, nl)
	}
	return in[0], in[1], out[0]
}

// mulEval evaluates a multiplier netlist on pairs (a, b) and returns the raw
// output words (the output bits as an unsigned integer).
func mulEval(t testing.TB, nl *circuits.Netlist, as, bs []uint64) []uint64 {
	t.Helper()
	pa, pb, po := mulIO(t, nl)
	s := newTestSim(t, nl)
	out := make([]uint64, len(as))
	for k := 0; k < len(as); k += 64 {
		end := min(k+64, len(as))
		res := s.run(map[string][]uint64{pa.Name: pack(as[k:end], pa.Width()), pb.Name: pack(bs[k:end], pb.Width())})
		for j := k; j < end; j++ {
			out[j] = unpack(res[po.Name], j-k)
		}
	}
	return out
}

// exactProduct is the reference a*b on the output width (two's complement
// for signed operands), computed with Go integer multiplication.
func exactProduct(a, b uint64, na, nb, no int, signed bool) uint64 {
	mask := uint64(1)<<uint(no) - 1
	if !signed {
		return a * b & mask
	}
	sa := int64(a<<(64-uint(na))) >> (64 - uint(na))
	sb := int64(b<<(64-uint(nb))) >> (64 - uint(nb))
	return uint64(sa*sb) & mask
}

func toSigned(v uint64, n int) int64 { return int64(v<<(64-uint(n))) >> (64 - uint(n)) }

// operandPairs returns every pair for small multipliers and seeded random
// pairs otherwise.
func operandPairs(na, nb int, samples int, seed uint64) (as, bs []uint64, exhaustive bool) {
	if na+nb <= 16 {
		for a := uint64(0); a < 1<<uint(na); a++ {
			for b := uint64(0); b < 1<<uint(nb); b++ {
				as, bs = append(as, a), append(bs, b)
			}
		}
		return as, bs, true
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for i := 0; i < samples; i++ {
		as = append(as, r.Uint64()&(1<<uint(na)-1))
		bs = append(bs, r.Uint64()&(1<<uint(nb)-1))
	}
	// Include the corners.
	corners := []uint64{0, 1, 1<<uint(na) - 1, 1 << uint(na-1)}
	for _, a := range corners {
		for _, b := range []uint64{0, 1, 1<<uint(nb) - 1, 1 << uint(nb-1)} {
			as, bs = append(as, a&(1<<uint(na)-1)), append(bs, b)
		}
	}
	return as, bs, false
}

// printedTolerance is one unit of the last printed digit of s, e.g. "37"
// -> 1, "98.52710" -> 1e-5, "10360.917e2" -> 0.1. The published figures
// are rounded for printing, not always to nearest: mul8s_1KVQ's MAE
// 36.535 is printed as 36 (its MAE% 0.056 agrees with 36.535/2^16), and
// some EvoApprox8b MAEs differ from the exact mean by one unit in the
// fifth decimal, as single-precision arithmetic would.
func printedTolerance(s string) float64 {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		exp, _ = strconv.Atoi(s[i+1:])
	}
	dec := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		dec = len(mant) - i - 1
	}
	return math.Pow(10, float64(exp-dec))
}

type v2022Circuit struct {
	name, path string
	na, nb     int
	signed     bool
	mae        string
	wce        string
	pdk45      bool
}

func v2022Circuits(t testing.TB, dir string) []v2022Circuit {
	header, rows := readCSV(t, filepath.Join(dir, "v2022", "metrics.csv"))
	cg, ca, cb, cs, cm := column(t, header, "group"), column(t, header, "a_bits"), column(t, header, "b_bits"), column(t, header, "signed"), column(t, header, "MAE")
	cw := column(t, header, "WCE")
	var cs2 []v2022Circuit
	for name, r := range rows {
		na, _ := strconv.Atoi(r[ca])
		nb, _ := strconv.Atoi(r[cb])
		c := v2022Circuit{name: name, path: filepath.Join(dir, "v2022", r[cg], name+".v"), na: na, nb: nb, signed: r[cs] == "1", mae: r[cm], wce: r[cw]}
		if _, err := os.Stat(strings.TrimSuffix(c.path, ".v") + "_pdk45.v"); err == nil {
			c.pdk45 = true
		}
		cs2 = append(cs2, c)
	}
	sort.Slice(cs2, func(i, j int) bool { return cs2[i].name < cs2[j].name })
	return cs2
}

// parallel runs f on every item with two workers.
func parallel[T any](items []T, f func(T)) {
	var wg sync.WaitGroup
	ch := make(chan T)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range ch {
				f(it)
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
}

// TestSharedAllFilesParse checks that every .v file of the shared data
// parses, elaborates and validates (pdk45 netlists with gscl45nm.lib).
func TestSharedAllFilesParse(t *testing.T) {
	dir := sharedDir(t)
	lib := sharedLib(t)
	files, _ := filepath.Glob(filepath.Join(dir, "v2022", "*", "*.v"))
	f8, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	files = append(files, f8...)
	if len(files) != 338+86+505 {
		t.Errorf("found %d .v files, want %d", len(files), 338+86+505)
	}
	parallel(files, func(f string) {
		nl, err := ParseFile(f, Options{Cells: LibertyCells(lib), Verbose: func(string) {}})
		if err != nil {
			t.Errorf("%v", err)
			return
		}
		if err := nl.Validate(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if len(nl.InputPorts()) != 2 || len(nl.OutputPorts()) != 1 {
			t.Errorf("%s: unexpected ports %v", f, nl)
		}
		for _, g := range nl.Gates {
			if g.Pos == "" && g.Kind != circuits.Const0 && g.Kind != circuits.Const1 || g.Pos != "" && !strings.HasPrefix(g.Pos, f+":") {
				t.Errorf("%s: %v gate with position %q", f, g.Kind, g.Pos)
				break
			}
		}
	})
}

// TestSharedV2022Function checks the v2022 circuits against A*B: the exact
// ones (MAE 0) must equal it; for exhaustively checked ones the mean
// absolute error must match the published MAE to its printed precision.
// Each *_pdk45.v netlist, elaborated with gscl45nm.lib, must equal its
// plain twin on the same inputs.
func TestSharedV2022Function(t *testing.T) {
	dir := sharedDir(t)
	lib := sharedLib(t)
	circuits := v2022Circuits(t, dir)
	if len(circuits) != 338 {
		t.Errorf("metrics.csv lists %d circuits, want 338", len(circuits))
	}
	var mu sync.Mutex
	exact, twins := 0, 0
	parallel(circuits, func(c v2022Circuit) {
		nl, err := ParseFile(c.path, Options{})
		if err != nil {
			t.Errorf("%v", err)
			return
		}
		pa, pb, po := mulIO(t, nl)
		if pa.Width() != c.na || pb.Width() != c.nb || po.Width() != c.na+c.nb {
			t.Errorf("%s: ports %v, want %d x %d bits", c.name, nl, c.na, c.nb)
			return
		}
		h := uint64(0)
		for _, ch := range c.name {
			h = h*31 + uint64(ch)
		}
		as, bs, exhaustive := operandPairs(c.na, c.nb, 3000, h)
		got := mulEval(t, nl, as, bs)
		var sumErr, wce float64
		mismatch := 0
		for i := range as {
			want := exactProduct(as[i], bs[i], c.na, c.nb, c.na+c.nb, c.signed)
			if got[i] != want {
				mismatch++
			}
			var d float64
			if c.signed {
				d = float64(toSigned(got[i], po.Width()) - toSigned(want, po.Width()))
			} else {
				d = float64(got[i]) - float64(want)
			}
			sumErr += math.Abs(d)
			wce = max(wce, math.Abs(d))
		}
		mae, _ := strconv.ParseFloat(c.mae, 64)
		if mae == 0 {
			if mismatch > 0 {
				t.Errorf("%s: exact multiplier differs from A*B on %d of %d inputs", c.name, mismatch, len(as))
			}
			mu.Lock()
			exact++
			mu.Unlock()
		} else if exhaustive {
			got := sumErr / float64(len(as))
			if tol := printedTolerance(c.mae); math.Abs(got-mae) > tol+1e-9 {
				t.Errorf("%s: MAE %.6g, published %s", c.name, got, c.mae)
			}
			if want, _ := strconv.ParseFloat(c.wce, 64); wce != want {
				t.Errorf("%s: WCE %g, published %s", c.name, wce, c.wce)
			}
		}
		if !c.pdk45 {
			return
		}
		pdk, err := ParseFile(strings.TrimSuffix(c.path, ".v")+"_pdk45.v", Options{Cells: LibertyCells(lib)})
		if err != nil {
			t.Errorf("%v", err)
			return
		}
		checkCells(t, pdk, lib)
		got2 := mulEval(t, pdk, as, bs)
		for i := range as {
			if got2[i] != got[i] {
				t.Errorf("%s_pdk45: %d*%d = %d, plain twin gives %d", c.name, as[i], bs[i], got2[i], got[i])
				break
			}
		}
		mu.Lock()
		twins++
		mu.Unlock()
	})
	t.Logf("%d exact circuits equal A*B, %d pdk45 twins agree", exact, twins)
	if twins != 86 {
		t.Errorf("checked %d pdk45 twins, want 86", twins)
	}
}

// TestShared8b checks every EvoApprox8b multiplier exhaustively: the five
// accurate architectures equal A*B and every circuit's mean absolute error
// equals the published MAE (printed with 5 decimals). Since about 400 of
// the files rely on the EvoApprox compatibility rule, this checks the rule.
func TestShared8b(t *testing.T) {
	dir := sharedDir(t)
	header, rows := readCSV(t, filepath.Join(dir, "8b", "metrics.csv"))
	cm, cw, cn := column(t, header, "MAE"), column(t, header, "WCE"), column(t, header, "nodes")
	files, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	if len(files) != 505 {
		t.Errorf("found %d files, want 505", len(files))
	}
	as, bs, _ := operandPairs(8, 8, 0, 0)
	var mu sync.Mutex
	compatFiles, accurate := 0, 0
	parallel(files, func(f string) {
		name := strings.TrimSuffix(filepath.Base(f), ".v")
		var notes []string
		nl, err := ParseFile(f, Options{Verbose: func(m string) { notes = append(notes, m) }})
		if err != nil {
			t.Errorf("%v", err)
			return
		}
		for _, n := range notes {
			if !strings.Contains(n, "evoapprox compat: ") || !strings.HasPrefix(n, f+":") {
				t.Errorf("unexpected note %q", n)
			}
		}
		got := mulEval(t, nl, as, bs)
		var sum, wce float64
		for i := range as {
			d := math.Abs(float64(got[i]) - float64(as[i]*bs[i]))
			sum += d
			wce = max(wce, d)
		}
		mae := sum / float64(len(as))
		row, ok := rows[name]
		if !ok {
			t.Errorf("%s not in metrics.csv", name)
			return
		}
		want, _ := strconv.ParseFloat(row[cm], 64)
		if math.Abs(mae-want) > printedTolerance(row[cm])+1e-9 {
			t.Errorf("%s: MAE %.5f, published %s", name, mae, row[cm])
		}
		if w, _ := strconv.ParseFloat(row[cw], 64); w != wce {
			t.Errorf("%s: WCE %g, published %s", name, wce, row[cw])
		}
		// Every node of the published circuit is one recorded cell.
		if nodes, _ := strconv.Atoi(row[cn]); len(nl.Cells) != nodes {
			t.Errorf("%s: %d cells recorded, published %d nodes", name, len(nl.Cells), nodes)
		}
		for _, c := range nl.Cells {
			if !builtinHas(c.Type) {
				t.Errorf("%s: cell %s of unknown type %s", name, c.Name, c.Type)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(notes) > 0 {
			compatFiles++
		}
		if !strings.HasPrefix(name, "mul8_") || len(name) > 8 && name[5] >= 'A' && name[5] <= 'Z' {
			accurate++
			if mae != 0 {
				t.Errorf("%s: accurate architecture has MAE %g", name, mae)
			}
		}
	})
	t.Logf("%d files used the compatibility rule, %d accurate architectures", compatFiles, accurate)
	if accurate != 5 {
		t.Errorf("checked %d accurate architectures, want 5", accurate)
	}
}

// TestSharedCompatModules checks the compatibility rule against the files
// that do define a mangled cell module: its body must compute the same
// function as the built-in cell the rule maps its name to.
func TestSharedCompatModules(t *testing.T) {
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "8b", "*.v"))
	checked := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mods, err := Modules(f, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mods {
			if !strings.HasPrefix(m.Name, "PDKGEN") && !strings.Contains(m.Name, "PDKGE") {
				continue
			}
			cell, err := compatResolve(m.Name, func(s string) bool { return builtinHas(s) })
			if err != nil || cell == "" {
				t.Errorf("%s: module %s resolves to no cell (%v)", f, m.Name, err)
				continue
			}
			inFile, err := Parse(f, src, Options{Top: m.Name})
			if err != nil {
				t.Errorf("%s: %v", m.Name, err)
				continue
			}
			ref, err := Parse("builtin", []byte(builtinCellsSource), Options{Top: cell})
			if err != nil {
				t.Fatal(err)
			}
			if d := sameFunction(t, inFile, ref); d != "" {
				t.Errorf("%s: module %s differs from built-in %s: %s", f, m.Name, cell, d)
			}
			checked[m.Name] = cell
		}
	}
	t.Logf("in-file cell modules agree with the rule: %v", checked)
	if checked["PDKGEPDKGENNAND2X1"] != "AND2X1" || checked["PDKGENXPDKGENNPDKGENOR2X1"] != "XNOR2X1" {
		t.Errorf("unexpected resolutions %v", checked)
	}
}

func builtinHas(name string) bool {
	for _, n := range BuiltinCells() {
		if n == name {
			return true
		}
	}
	return false
}

// sameFunction compares two small netlists with the same port names on
// all inputs; it returns "" or a description of the first difference.
func sameFunction(t testing.TB, x, y *circuits.Netlist) string {
	in := x.InputPorts()
	n := 0
	for _, p := range in {
		n += p.Width()
	}
	if n > 16 {
		t.Fatalf("sameFunction: %d input bits", n)
	}
	for v := uint64(0); v < 1<<uint(n); v++ {
		vals := map[string]uint64{}
		off := 0
		for _, p := range in {
			vals[p.Name] = v >> uint(off) & (1<<uint(p.Width()) - 1)
			off += p.Width()
		}
		ox, oy := evalOnce(t, x, vals), evalOnce(t, y, vals)
		for _, p := range x.OutputPorts() {
			if ox[p.Name] != oy[p.Name] {
				return "inputs " + strconv.FormatUint(v, 2) + ": " + p.Name
			}
		}
		if len(ox) != len(oy) {
			return "different outputs"
		}
	}
	return ""
}

// checkCells checks the recorded cell instances of a netlist: library
// types, one net per library pin, output pins driven by gates of the cell.
func checkCells(t *testing.T, nl *circuits.Netlist, lib *liberty.Library) {
	t.Helper()
	if len(nl.Cells) == 0 {
		t.Errorf("%s: no cells recorded", nl.File)
		return
	}
	driver := make([]int, nl.NumNets)
	for gi, g := range nl.Gates {
		driver[g.Out] = gi
	}
	perCell := make([]int, len(nl.Cells))
	for _, g := range nl.Gates {
		if g.Cell >= 0 {
			perCell[g.Cell]++
		}
	}
	for ci, c := range nl.Cells {
		lc := lib.Cell(c.Type)
		if lc == nil {
			t.Errorf("%s: cell %s has type %s, not in the library", nl.File, c.Name, c.Type)
			continue
		}
		if len(c.Pins) != len(lc.Pins) {
			t.Errorf("%s: cell %s pins %v, library has %d", nl.File, c.Name, c.Pins, len(lc.Pins))
		}
		for _, o := range c.Outputs {
			if g := nl.Gates[driver[c.Pins[o]]]; g.Cell != int32(ci) {
				t.Errorf("%s: cell %s output %s not driven by the cell", nl.File, c.Name, o)
			}
		}
		if perCell[ci] == 0 {
			t.Errorf("%s: cell %s has no gates", nl.File, c.Name)
		}
	}
}
