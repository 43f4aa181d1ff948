package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen/param"
)

// tinyDir holds the hand-checkable netlists of the bundle tests.
const tinyDir = "testdata/bundle"

// buildTiny builds the tiny bundle into a fresh folder and returns it.
func buildTiny(t *testing.T, opts BuildOptions) (string, *BuildSummary) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "lib")
	opts.Out = out
	if opts.Source == "" && !opts.Builtin {
		opts.Source = tinyDir
	}
	sum, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return out, sum
}

// tinyRef gives, for each tiny netlist, its shape and an independent Go
// reference of the approximate product.
var tinyRef = map[string]struct {
	file       string
	aBits      int
	bBits      int
	product    func(a, b int64) int64
	hasFigures bool
}{
	"mul2u_apx": {"mul2u_apx.v", 2, 2, func(a, b int64) int64 {
		if a == 3 && b == 3 {
			return 7 // the middle column ORs instead of adding: 1+2+4
		}
		return a * b
	}, true},
	"mul2u_exact": {"mul2u_exact.v", 2, 2, func(a, b int64) int64 { return a * b }, true},
	"mul3x2u_tr1": {"mul3x2u_tr1.v", 3, 2, func(a, b int64) int64 { return a * b &^ 1 }, false},
	"plainmul":    {"extra/plainmul.v", 2, 2, func(a, b int64) int64 { return a * b }, false},
}

// TestBuildTinyIndex checks the index of the tiny bundle against values
// worked out by hand (see the comments of the netlists).
func TestBuildTinyIndex(t *testing.T) {
	var calls []int
	out, sum := buildTiny(t, BuildOptions{Jobs: 2, Progress: func(done, total int, name string) {
		if total != 4 {
			t.Errorf("progress total %d, want 4", total)
		}
		calls = append(calls, done) // serialised by Build
	}})
	if sum.Circuits != 4 || len(sum.Failures) != 0 {
		t.Fatalf("summary %+v, want 4 circuits and no failure", sum)
	}
	if !slices.Equal(calls, []int{1, 2, 3, 4}) {
		t.Errorf("progress done values %v, want 1..4", calls)
	}
	data, err := os.ReadFile(filepath.Join(out, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	var idx BundleIndex
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Format != "axmul-library" || idx.Version != 2 {
		t.Errorf("format %q version %d", idx.Format, idx.Version)
	}
	// The root is relative to the bundle: it leads from out to tinyDir.
	if back := filepath.Join(out, filepath.FromSlash(idx.Source.Root)); !sameDir(t, back, tinyDir) || filepath.IsAbs(idx.Source.Root) {
		t.Errorf("source.root %q leads from %s to %s, want %s", idx.Source.Root, out, back, tinyDir)
	}
	if want := (BundleSource{Kind: SourceEvoApprox, Root: idx.Source.Root, Library: "bundle", Layout: "flat"}); idx.Source != want {
		t.Errorf("source %+v, want %+v", idx.Source, want)
	}
	var names []string
	for _, e := range idx.Multipliers {
		names = append(names, e.Name)
	}
	if want := []string{"mul2u_apx", "mul2u_exact", "mul3x2u_tr1", "plainmul"}; !slices.Equal(names, want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	mre3x2 := 100 * (1 + 1.0/3 + 1.0/5 + 1.0/7) * (1 + 1.0/3) / 21 // odd a, odd b: |e| = 1 over a*b; 21 pairs with a*b != 0
	tests := []struct {
		name  string
		want  EntryMetrics
		gates int
	}{
		// One wrong pair of 16: (3,3) gives 7, e = -2; 9 pairs have a*b != 0.
		{"mul2u_apx", EntryMetrics{MAE: 2.0 / 16, MSE: 4.0 / 16, WCE: 2, EPPct: 100.0 / 16, MREPct: 100 * (2.0 / 9) / 9, WCREPct: 100 * 2.0 / 9,
			MAEPct: 100 * (2.0 / 16) / 16, WCEPct: 100 * 2.0 / 16, MeanError: -2.0 / 16, StdError: math.Sqrt(4.0/16 - 1.0/64), MREZero: "exclude"}, 5},
		{"mul2u_exact", EntryMetrics{MREZero: "exclude"}, -1},
		// Odd a (4 of 8) and odd b (2 of 4): 8 of 32 pairs have e = -1.
		{"mul3x2u_tr1", EntryMetrics{MAE: 8.0 / 32, MSE: 8.0 / 32, WCE: 1, EPPct: 25, MREPct: mre3x2, WCREPct: 100,
			MAEPct: 100 * (8.0 / 32) / 32, WCEPct: 100.0 / 32, MeanError: -8.0 / 32, StdError: math.Sqrt(8.0/32 - 1.0/16), MREZero: "exclude"}, -1},
		{"plainmul", EntryMetrics{MREZero: "exclude"}, -1},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := idx.Multipliers[i]
			ref := tinyRef[tc.name]
			src, err := os.ReadFile(filepath.Join(tinyDir, ref.file))
			if err != nil {
				t.Fatal(err)
			}
			digest := sha256.Sum256(src)
			if e.File != ref.file || e.SHA256 != hex.EncodeToString(digest[:]) {
				t.Errorf("file %s sha256 %s, want %s %x", e.File, e.SHA256, ref.file, digest)
			}
			if e.ABits != ref.aBits || e.BBits != ref.bBits || e.Signed {
				t.Errorf("shape %dx%d signed %v, want %dx%d unsigned", e.ABits, e.BBits, e.Signed, ref.aBits, ref.bBits)
			}
			if tc.gates >= 0 && e.Gates != tc.gates { // mul2u_apx: 4 ANDs and 1 OR
				t.Errorf("gates %d, want %d", e.Gates, tc.gates)
			}
			if !e.Exhaustive || e.Pairs != 1<<(ref.aBits+ref.bBits) || e.Seed != 0 {
				t.Errorf("exhaustive %v pairs %d seed %d", e.Exhaustive, e.Pairs, e.Seed)
			}
			if !metricsClose(e.Metrics, tc.want) {
				t.Errorf("metrics\n got %+v\nwant %+v", e.Metrics, tc.want)
			}
			want := "maps/" + tc.name + ".npy"
			mapData, err := os.ReadFile(filepath.Join(out, want))
			if err != nil {
				t.Fatal(err)
			}
			mapDigest := sha256.Sum256(mapData)
			if e.Files != (EntryFiles{ErrorMap: want, ErrorMapSHA256: hex.EncodeToString(mapDigest[:])}) {
				t.Errorf("files %+v, want only error map %s with sha256 %x", e.Files, want, mapDigest)
			}
			if (len(e.Published) > 0) != ref.hasFigures {
				t.Errorf("published %v", e.Published)
			}
		})
	}
	// Published figures of mul2u_apx exactly as its header prints them.
	want := map[string]PublishedFigure{
		"power_mw": {Value: 0.006, Text: "0.006", Unit: "mW"},
		"area_um2": {Value: 7.25, Text: "7.25", Unit: "um2"},
	}
	if got := idx.Multipliers[0].Published; len(got) != len(want) || got["power_mw"] != want["power_mw"] || got["area_um2"] != want["area_um2"] {
		t.Errorf("mul2u_apx published %+v, want %+v", got, want)
	}
	if got := idx.Multipliers[1].Published["mae"]; got != (PublishedFigure{Value: 0, Text: "0", Unit: ""}) {
		t.Errorf("mul2u_exact published mae %+v", got)
	}
}

// metricsClose compares metrics; float sums of relative errors may differ
// from the hand values in the last bits (1e-12 relative is far below any
// printed precision and far above the rounding of a few dozen terms).
func metricsClose(a, b EntryMetrics) bool {
	cl := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y)) }
	return cl(a.MAE, b.MAE) && cl(a.MSE, b.MSE) && a.WCE == b.WCE && cl(a.EPPct, b.EPPct) && cl(a.MREPct, b.MREPct) &&
		cl(a.WCREPct, b.WCREPct) && cl(a.MAEPct, b.MAEPct) && cl(a.WCEPct, b.WCEPct) && cl(a.MeanError, b.MeanError) &&
		cl(a.StdError, b.StdError) && a.MREZero == b.MREZero
}

// TestBundleRoundTrip checks that the stored maps equal maps computed from
// the Go references, independently of the simulator.
func TestBundleRoundTrip(t *testing.T) {
	out, _ := buildTiny(t, BuildOptions{})
	b, err := OpenBundle(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries()) != len(tinyRef) {
		t.Fatalf("%d entries", len(b.Entries()))
	}
	for name, ref := range tinyRef {
		em, err := b.ErrorMap(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := errmap.FromFunc(ref.aBits, ref.bBits, false, ref.product)
		if err != nil {
			t.Fatal(err)
		}
		if !sameErrMap(em, want) {
			t.Errorf("%s: stored map differs from the reference", name)
		}
		if _, err := b.LUT(name); err == nil || !strings.Contains(err.Error(), "no int8 LUT") {
			t.Errorf("%s: LUT of a non-8x8 circuit: %v", name, err)
		}
	}
	if _, err := b.ErrorMap("nope"); err == nil {
		t.Error("unknown name: no error")
	}
}

func sameErrMap(a, b *errmap.ErrorMap) bool {
	return a.ABits() == b.ABits() && a.BBits() == b.BBits() && a.Signed() == b.Signed() &&
		slices.Equal(a.Errors(), b.Errors()) && slices.Equal(a.Products(), b.Products())
}

// TestBuildDeterministic builds the same input twice into different
// folders and once over an existing bundle: the index bytes are equal.
func TestBuildDeterministic(t *testing.T) {
	for _, opts := range []BuildOptions{{Source: tinyDir, Jobs: 3}, {Builtin: true, Filter: "_trunc4", Jobs: 2}} {
		out1, _ := buildTiny(t, opts)
		opts.Jobs = 1
		out2, _ := buildTiny(t, opts)
		i1, _ := os.ReadFile(filepath.Join(out1, IndexFile))
		i2, _ := os.ReadFile(filepath.Join(out2, IndexFile))
		if len(i1) == 0 || !bytes.Equal(i1, i2) {
			t.Fatalf("indexes differ:\n%s\n%s", i1, i2)
		}
		opts.Out = out1
		if _, err := Build(context.Background(), opts); err != nil {
			t.Fatalf("rebuild over an existing bundle: %v", err)
		}
		i3, _ := os.ReadFile(filepath.Join(out1, IndexFile))
		if !bytes.Equal(i1, i3) {
			t.Fatal("rebuilt index differs")
		}
		for _, e := range mustOpenBundle(t, out1).Entries() {
			for _, f := range []string{e.Files.ErrorMap, e.Files.Int8LUT, e.Files.Int8ErrorMap} {
				if f == "" {
					continue
				}
				a, _ := os.ReadFile(filepath.Join(out1, f))
				b, _ := os.ReadFile(filepath.Join(out2, f))
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("%s differs between builds", f)
				}
			}
		}
	}
}

func mustOpenBundle(t *testing.T, dir string) *Bundle {
	t.Helper()
	b, err := OpenBundle(dir)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBuildAtomic checks that a failing build leaves neither the bundle
// nor its temporary folder, that KeepGoing leaves the failure out, and that
// a folder that is not a bundle is never replaced.
func TestBuildAtomic(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "lib")
	sum, err := Build(context.Background(), BuildOptions{Source: "testdata/broken", Out: out})
	if err == nil || !strings.Contains(err.Error(), "1 of 2 circuits failed") || !strings.Contains(err.Error(), "mul2u_bad") {
		t.Fatalf("error %v", err)
	}
	if len(sum.Failures) != 1 || sum.Failures[0].Name != "mul2u_bad" || sum.Failures[0].File != "mul2u_bad.v" {
		t.Errorf("failures %+v", sum.Failures)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Fatalf("failed build left %v", ents)
	}

	sum, err = Build(context.Background(), BuildOptions{Source: "testdata/broken", Out: out, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Circuits != 1 || len(sum.Failures) != 1 {
		t.Errorf("summary %+v", sum)
	}
	if es := mustOpenBundle(t, out).Entries(); len(es) != 1 || es[0].Name != "mul2u_good" {
		t.Errorf("entries %+v", es)
	}
	// A failing rebuild keeps the old bundle as it was.
	before, _ := os.ReadFile(filepath.Join(out, IndexFile))
	if _, err := Build(context.Background(), BuildOptions{Source: "testdata/broken", Out: out}); err == nil {
		t.Fatal("no error")
	}
	after, _ := os.ReadFile(filepath.Join(out, IndexFile))
	if !bytes.Equal(before, after) {
		t.Error("failed rebuild changed the bundle")
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 1 {
		t.Errorf("failed rebuild left %v", ents)
	}

	// Not a bundle: refused, untouched.
	other := filepath.Join(parent, "other")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "keep.txt"), []byte("x"), 0o644)
	if _, err := Build(context.Background(), BuildOptions{Source: tinyDir, Out: other}); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("replacing a non-bundle folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "keep.txt")); err != nil {
		t.Error(err)
	}

	// A cancelled build fails and leaves nothing either.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cout := filepath.Join(parent, "cancelled")
	if _, err := Build(ctx, BuildOptions{Source: tinyDir, Out: cout}); err == nil {
		t.Error("cancelled build: no error")
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 2 {
		t.Errorf("cancelled build left %v", ents)
	}
}

// TestBuildOptionsErrors is a table of option mistakes.
func TestBuildOptionsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		opts BuildOptions
		want string
	}{
		{"no out", BuildOptions{Source: tinyDir}, "no output folder"},
		{"no source", BuildOptions{Out: filepath.Join(dir, "a")}, "exactly one of"},
		{"both", BuildOptions{Out: filepath.Join(dir, "a"), Source: tinyDir, Builtin: true}, "exactly one of"},
		{"missing source", BuildOptions{Out: filepath.Join(dir, "a"), Source: filepath.Join(dir, "none")}, "no such file"},
		{"filter matches nothing", BuildOptions{Out: filepath.Join(dir, "a"), Source: tinyDir, Filter: "zzz"}, `matching filter "zzz"`},
		{"builtin filter matches nothing", BuildOptions{Out: filepath.Join(dir, "a"), Builtin: true, Filter: "zzz"}, "built-in library"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(context.Background(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %v", ents)
	}
}

// TestBuildBuiltin builds built-in 8x8 circuits and checks every stored
// map against the arithmetic models of gen/param, the sources against the
// generators, and that the bundle rebuilds from its own src folder.
func TestBuildBuiltin(t *testing.T) {
	out, sum := buildTiny(t, BuildOptions{Builtin: true, Filter: "_trunc4"})
	if sum.Circuits != 4 {
		t.Fatalf("%d circuits, want 4 (mul8[su]_trunc4[c])", sum.Circuits)
	}
	b := mustOpenBundle(t, out)
	if src := b.Source(); src != (BundleSource{Kind: SourceBuiltin, Root: "src"}) {
		t.Errorf("source %+v", src)
	}
	for _, e := range b.Entries() {
		spec, ok := param.Lookup(e.Name)
		if !ok {
			t.Fatalf("%s is no built-in", e.Name)
		}
		src, err := os.ReadFile(filepath.Join(out, "src", filepath.FromSlash(e.File)))
		if err != nil {
			t.Fatal(err)
		}
		digest := sha256.Sum256(src)
		if !bytes.Equal(src, spec.Verilog()) || e.SHA256 != hex.EncodeToString(digest[:]) {
			t.Errorf("%s: src differs from the generator or its digest", e.Name)
		}
		if e.Description != spec.Description() || e.Signed != spec.Signed {
			t.Errorf("%s: description %q signed %v", e.Name, e.Description, e.Signed)
		}
		model, err := errmap.FromFunc(8, 8, spec.Signed, spec.Model())
		if err != nil {
			t.Fatal(err)
		}
		em, err := b.ErrorMap(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !sameErrMap(em, model) {
			t.Errorf("%s: map differs from the model", e.Name)
		}
		i8, err := b.Int8Map(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		lut, err := b.LUT(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		// Int8 and LUT from the model by the documented definitions:
		// signed as is, unsigned in sign-magnitude.
		f := spec.Model()
		for x := int64(-128); x < 128; x++ {
			for w := int64(-128); w < 128; w++ {
				var p int64
				if spec.Signed {
					p = f(x, w)
				} else {
					p = f(bundleAbs64(x), bundleAbs64(w))
					if (x < 0) != (w < 0) {
						p = -p
					}
				}
				if got, _ := i8.Approx(x, w); got != p {
					t.Fatalf("%s: int8 map (%d, %d) = %d, want %d", e.Name, x, w, got, p)
				}
				if got := lut[int(uint8(x))<<8|int(uint8(w))]; int64(got) != p {
					t.Fatalf("%s: LUT (%d, %d) = %d, want %d", e.Name, x, w, got, p)
				}
			}
		}
		if spec.Signed != (e.Files.Int8ErrorMap == e.Files.ErrorMap) {
			t.Errorf("%s: files %+v", e.Name, e.Files)
		}
		// The files are byte for byte what errmap writes for the model.
		modelI8, _ := model.Int8()
		ref := t.TempDir()
		for _, w := range []struct {
			file  string
			write func(string) error
		}{{e.Files.ErrorMap, model.WriteNPY}, {e.Files.Int8LUT, model.WriteLUT}, {e.Files.Int8ErrorMap, modelI8.WriteNPY}} {
			p := filepath.Join(ref, "x.npy")
			if err := w.write(p); err != nil {
				t.Fatal(err)
			}
			want, _ := os.ReadFile(p)
			got, _ := os.ReadFile(filepath.Join(out, w.file))
			if len(want) == 0 || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from errmap's file of the model", e.Name, w.file)
			}
		}
		mm := model.Metrics(errmap.Options{ZeroExact: errmap.ExcludeZero})
		want := EntryMetrics{MAE: mm.MAE, MSE: mm.MSE, WCE: mm.WCE, EPPct: mm.EP, MREPct: mm.MRE, WCREPct: mm.WCRE,
			MAEPct: mm.MAEPct, WCEPct: mm.WCEPct, MeanError: mm.Mean, StdError: mm.Std, MREZero: "exclude"}
		if !metricsClose(e.Metrics, want) {
			t.Errorf("%s: metrics %+v, model map gives %+v", e.Name, e.Metrics, want)
		}
	}

	// Regenerable from its own sources: same circuits, digests and metrics.
	out2, _ := buildTiny(t, BuildOptions{Source: filepath.Join(out, "src")})
	e1, e2 := b.Entries(), mustOpenBundle(t, out2).Entries()
	if len(e1) != len(e2) {
		t.Fatalf("%d entries from src, want %d", len(e2), len(e1))
	}
	for i := range e1 {
		if e1[i].Name != e2[i].Name || e1[i].SHA256 != e2[i].SHA256 || e1[i].Metrics != e2[i].Metrics || e1[i].Files != e2[i].Files {
			t.Errorf("rebuild from src differs:\n%+v\n%+v", e1[i], e2[i])
		}
	}
}

func bundleAbs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestBundleConcurrentMaps loads maps from many goroutines: each name
// gives one cached map.
func TestBundleConcurrentMaps(t *testing.T) {
	out, _ := buildTiny(t, BuildOptions{Builtin: true, Filter: "mul8u_trunc4"})
	b := mustOpenBundle(t, out)
	lib, err := b.Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	cands, _ := lib.Candidates()
	got := make([]*errmap.ErrorMap, 16)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			em, err := lib.ErrorMap(cands[i%len(cands)].Name)
			if err != nil {
				t.Error(err)
			}
			got[i] = em
		}()
	}
	wg.Wait()
	for i := range got {
		if got[i] == nil || got[i] != got[i%len(cands)] {
			t.Fatalf("map %d not shared", i)
		}
		if !got[i].IsInt8() {
			t.Fatalf("map %d not in the int8 domain", i)
		}
	}
}

// TestOpenBundleErrors damages a bundle in the ways a user might and
// checks that the error names the file and field.
func TestOpenBundleErrors(t *testing.T) {
	src, _ := buildTiny(t, BuildOptions{Builtin: true, Filter: "mul8u_trunc4c"})
	index, err := os.ReadFile(filepath.Join(src, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	small, _ := errmap.FromFunc(2, 2, false, func(a, b int64) int64 { return a * b })
	tests := []struct {
		name   string
		damage func(dir string)
		want   []string
	}{
		{"missing index", func(dir string) { os.Remove(filepath.Join(dir, IndexFile)) }, []string{"index.json", "no such file"}},
		{"bad json", func(dir string) { os.WriteFile(filepath.Join(dir, IndexFile), []byte("{"), 0o644) }, []string{"index.json:1:2: unexpected end of file"}},
		{"trailing garbage", func(dir string) {
			os.WriteFile(filepath.Join(dir, IndexFile), append(slices.Clone(index), "\n}"...), 0o644)
		}, []string{"index.json:", "trailing data after the JSON value"}},
		{"no files", func(dir string) {
			os.WriteFile(filepath.Join(dir, IndexFile), regexp.MustCompile(`"files": \{[^}]*\}`).ReplaceAll(index, []byte(`"files": {}`)), 0o644)
		}, []string{"multipliers[0] (mul8u_trunc4c)", "missing field files.error_map"}},
		{"no files key", func(dir string) {
			os.WriteFile(filepath.Join(dir, IndexFile), regexp.MustCompile(`,\s*"files": \{[^}]*\}`).ReplaceAll(index, nil), 0o644)
		}, []string{"multipliers[0] (mul8u_trunc4c)", "missing field files.error_map"}},
		{"type error", func(dir string) { replaceIndex(dir, index, `"a_bits": 8`, `"a_bits": "8"`) }, []string{"index.json:", "field multipliers.a_bits: want an integer, got string"}},
		{"wrong format", func(dir string) { replaceIndex(dir, index, `"axmul-library"`, `"other"`) }, []string{"index.json", "field format"}},
		{"wrong version", func(dir string) { replaceIndex(dir, index, `"version": 2`, `"version": 7`) }, []string{"index.json", "field version"}},
		{"version 1 with digests", func(dir string) { replaceIndex(dir, index, `"version": 2`, `"version": 1`) }, []string{"multipliers[0] (mul8u_trunc4c)", "field files.error_map_sha256 needs version 2"}},
		{"missing digest", func(dir string) {
			os.WriteFile(filepath.Join(dir, IndexFile), regexp.MustCompile(`"int8_lut_sha256": "[0-9a-f]+",?`).ReplaceAll(index, nil), 0o644)
		}, []string{"multipliers[0] (mul8u_trunc4c)", "field files.int8_lut_sha256 is missing (the digest of lut/mul8u_trunc4c.npy)"}},
		{"bad digest", func(dir string) { replaceIndex(dir, index, `"int8_lut_sha256": "`, `"int8_lut_sha256": "x`) }, []string{"field files.int8_lut_sha256 is \"x", "want 64 lower-case hex digits"}},
		{"missing map", func(dir string) { os.Remove(filepath.Join(dir, "lut", "mul8u_trunc4c.npy")) }, []string{"multipliers[0] (mul8u_trunc4c)", "field files.int8_lut", "no such file"}},
		{"wrong shape", func(dir string) { small.WriteNPY(filepath.Join(dir, "maps", "mul8u_trunc4c.npy")) }, []string{"field files.error_map", "shape [4 4], want [256 256]"}},
		{"escaping path", func(dir string) { replaceIndex(dir, index, `"maps/mul8u_trunc4c.npy"`, `"../x.npy"`) }, []string{"field files.error_map", "not a relative path inside the bundle"}},
		{"empty name", func(dir string) { replaceIndex(dir, index, `"name": "mul8u_trunc4c"`, `"name": ""`) }, []string{"multipliers[0]", "field name is empty"}},
		{"unknown field", func(dir string) { replaceIndex(dir, index, `"gates"`, `"gatez"`) }, []string{"index.json:", `unknown field "gatez"`}},
		{"bad widths", func(dir string) { replaceIndex(dir, index, `"a_bits": 8`, `"a_bits": 0`) }, []string{"fields a_bits, b_bits"}},
		{"bad signed_from", func(dir string) {
			os.WriteFile(filepath.Join(dir, IndexFile), regexp.MustCompile(`"signed_from": "[a-z]+"`).ReplaceAll(index, []byte(`"signed_from": "guess"`)), 0o644)
		}, []string{"multipliers[0] (mul8u_trunc4c)", `field signed_from is "guess"`}},
		{"ports twice", func(dir string) { replaceIndex(dir, index, `"b": "B"`, `"b": "A"`) }, []string{"multipliers[0] (mul8u_trunc4c)", "fields ports.a, ports.b, ports.o", "three different port names"}},
		{"bad o_range", func(dir string) { replaceIndex(dir, index, `"o_range": "[15:0]"`, `"o_range": "[0:15]"`) }, []string{"multipliers[0] (mul8u_trunc4c)", `field o_range is "[0:15]"`}},
		{"bad tie", func(dir string) {
			replaceIndex(dir, index, `"o_range": "[15:0]",`, `"o_range": "[15:0]", "ties": ["en=2"],`)
		}, []string{"multipliers[0] (mul8u_trunc4c)", "field ties", `"en=2"`}},
		{"operand tied", func(dir string) {
			replaceIndex(dir, index, `"o_range": "[15:0]",`, `"o_range": "[15:0]", "ties": ["B=1"],`)
		}, []string{"multipliers[0] (mul8u_trunc4c)", "field ties: B is tied and plays an operand"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "lib")
			copyBundleDir(t, src, dir)
			tc.damage(dir)
			_, err := OpenBundle(dir)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(tc.want[0], "index.json:") && !regexp.MustCompile(`index\.json:\d+:\d+: `).MatchString(err.Error()) {
				t.Errorf("error %q has no line:col", err)
			}
			if strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "struct") {
				t.Errorf("error %q names Go types", err)
			}
		})
	}
}

// sameDir reports whether a and b are the same existing folder.
func sameDir(t *testing.T, a, b string) bool {
	t.Helper()
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(sa, sb)
}

func replaceIndex(dir string, index []byte, old, new string) {
	os.WriteFile(filepath.Join(dir, IndexFile), bytes.Replace(index, []byte(old), []byte(new), 1), 0o644)
}

func copyBundleDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildWide checks a 13x12 circuit (25 operand bits): sampled metrics
// by default, exhaustive ones on request, never a map; the exhaustive MAE
// equals the one summed from the arithmetic model.
func TestBuildWide(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 2^25 pairs")
	}
	s, err := param.NewTruncated(13, 12, false, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, s.Name+".v"), s.Verilog(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := buildTiny(t, BuildOptions{Source: dir, Samples: 1 << 16, Seed: 7})
	e := mustOpenBundle(t, out).Entries()[0]
	// Dropped columns 0..3 hold 1, 2, 3, 4 partial products: |e| <= 49.
	if e.Exhaustive || e.Pairs != 1<<16 || e.Seed != 7 || e.Files != (EntryFiles{}) || e.Metrics.WCE > 49 || e.Metrics.MAE <= 0 {
		t.Errorf("sampled entry %+v", e)
	}
	out, _ = buildTiny(t, BuildOptions{Source: dir, Exhaustive: true})
	e = mustOpenBundle(t, out).Entries()[0]
	f := s.Model()
	var sumAbs int64
	var wce int64
	for a := int64(0); a < 1<<13; a++ {
		for b := int64(0); b < 1<<12; b++ {
			d := bundleAbs64(f(a, b) - a*b)
			sumAbs += d
			wce = max(wce, d)
		}
	}
	if !e.Exhaustive || e.Pairs != 1<<25 || e.Files != (EntryFiles{}) || e.Metrics.MAE != float64(sumAbs)/(1<<25) || e.Metrics.WCE != uint64(wce) {
		t.Errorf("exhaustive entry %+v, want MAE %v WCE %d", e, float64(sumAbs)/(1<<25), wce)
	}
}

// TestBuildRepoLayout builds an upstream-style checkout: the catalogue
// finds the circuit in its pareto folder (once, though it is in two), the
// walk adds an unknown file below multiplers, and the adders beside it are
// not read.
func TestBuildRepoLayout(t *testing.T) {
	root := t.TempDir()
	s, _ := param.Lookup("mul8u_trunc8")
	for _, p := range []string{"multiplers/8x8_unsigned/pareto_pwr_mae", "multiplers/8x8_unsigned/pareto_pwr_wce", "multiplers/custom", "adders"} {
		os.MkdirAll(filepath.Join(root, p), 0o755)
	}
	os.WriteFile(filepath.Join(root, "multiplers/8x8_unsigned/pareto_pwr_mae/mul8u_trunc8.v"), s.Verilog(), 0o644)
	os.WriteFile(filepath.Join(root, "multiplers/8x8_unsigned/pareto_pwr_wce/mul8u_trunc8.v"), s.Verilog(), 0o644)
	exact, _ := os.ReadFile(filepath.Join(tinyDir, "extra", "plainmul.v"))
	os.WriteFile(filepath.Join(root, "multiplers/custom/plainmul.v"), exact, 0o644)
	os.WriteFile(filepath.Join(root, "adders/add2u_x.v"), []byte("module add2u_x (A, B, O);\n input [1:0] A, B;\n output [3:0] O;\n assign O = A + B;\nendmodule\n"), 0o644)
	out, sum := buildTiny(t, BuildOptions{Source: root})
	if sum.Circuits != 2 || len(sum.Failures) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	b := mustOpenBundle(t, out)
	es := b.Entries()
	if es[0].Name != "mul8u_trunc8" || es[0].File != "multiplers/8x8_unsigned/pareto_pwr_mae/mul8u_trunc8.v" ||
		es[1].Name != "plainmul" || es[1].File != "multiplers/custom/plainmul.v" {
		t.Errorf("entries %+v", es)
	}
	if src := b.Source(); src.Kind != SourceEvoApprox || src.Layout != "repo" {
		t.Errorf("source %+v", src)
	}
	// A plain folder, no EvoApprox layout.
	out, _ = buildTiny(t, BuildOptions{Source: filepath.Join(tinyDir, "extra")})
	b = mustOpenBundle(t, out)
	if src := b.Source(); src.Kind != SourceDirectory || !sameDir(t, filepath.Join(out, src.Root), filepath.Join(tinyDir, "extra")) || len(b.Entries()) != 1 || b.Entries()[0].File != "plainmul.v" {
		t.Errorf("plain folder: source %+v entries %+v", src, b.Entries())
	}
}
