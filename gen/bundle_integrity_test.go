package gen

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestBundleTampered changes one byte of each kind of stored file after
// the digest was recorded: the bundle opens (headers are intact), and the
// reader of that file refuses it naming the file; the untouched files
// still read.
func TestBundleTampered(t *testing.T) {
	src, _ := buildTiny(t, BuildOptions{Builtin: true, Filter: "_trunc4"}) // mul8u_trunc4 and mul8s_trunc4
	tests := []struct {
		name, file string
		read       func(b *Bundle) error
	}{
		{"native map", "maps/mul8u_trunc4.npy", func(b *Bundle) error { _, err := b.ErrorMap("mul8u_trunc4"); return err }},
		{"int8 map", "int8/mul8u_trunc4.npy", func(b *Bundle) error { _, err := b.Int8Map("mul8u_trunc4"); return err }},
		{"lut", "lut/mul8u_trunc4.npy", func(b *Bundle) error { _, err := b.LUT("mul8u_trunc4"); return err }},
		{"signed map read as int8 map", "maps/mul8s_trunc4.npy", func(b *Bundle) error { _, err := b.Int8Map("mul8s_trunc4"); return err }},
	}
	readAll := func(b *Bundle) []error {
		var errs []error
		for _, tc := range tests {
			errs = append(errs, tc.read(b))
		}
		return errs
	}
	for i, err := range readAll(mustOpenBundle(t, src)) {
		if err != nil {
			t.Fatalf("untouched bundle, %s: %v", tests[i].name, err)
		}
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "lib")
			copyBundleDir(t, src, dir)
			p := filepath.Join(dir, filepath.FromSlash(tc.file))
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)-3] ^= 1 // one bit of the last element
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			b, err := OpenBundle(dir)
			if err != nil {
				t.Fatal(err)
			}
			for j, err := range readAll(b) {
				switch {
				case j == i && (err == nil || !strings.Contains(err.Error(), p+" was changed after the bundle was built")):
					t.Errorf("%s: error %v, want one naming %s", tests[j].name, err, p)
				case j != i && err != nil:
					t.Errorf("%s: %v", tests[j].name, err)
				}
			}
		})
	}
}

// TestLibraryLUTTampered: the selection library of a bundle hands deploy
// the stored LUT (selection.LUTSource), equal to the table of the int8 map
// for every candidate, signed and unsigned, and refuses a LUT file changed
// after the build, naming it.
func TestLibraryLUTTampered(t *testing.T) {
	src, _ := buildTiny(t, BuildOptions{Builtin: true, Filter: "_trunc4"})
	sl, err := mustOpenBundle(t, src).Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	lib := sl.(*Library)
	cands, _ := lib.Candidates()
	signed := 0
	for _, c := range cands {
		if strings.HasPrefix(c.Name, "mul8s_") {
			signed++
		}
	}
	if signed == 0 || signed == len(cands) {
		t.Fatalf("candidates %v, want signed and unsigned ones", cands)
	}
	for _, c := range cands {
		got, err := lib.LUT(c.Name)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		em, err := lib.ErrorMap(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := em.LUT()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: stored LUT differs from the int8 map's table", c.Name)
		}
	}
	if _, err := lib.LUT("mul8u_nonesuch"); err == nil {
		t.Error("LUT of a name that is not a candidate: no error")
	}
	dir := filepath.Join(t.TempDir(), "lib")
	copyBundleDir(t, src, dir)
	p := filepath.Join(dir, "lut", "mul8u_trunc4.npy")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sl, err = mustOpenBundle(t, dir).Library("gates")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sl.(*Library).LUT("mul8u_trunc4"); err == nil || !strings.Contains(err.Error(), p+" was changed after the bundle was built") {
		t.Errorf("tampered LUT: error %v, want one naming %s", err, p)
	}
	if _, err := sl.(*Library).LUT("mul8s_trunc4"); err != nil {
		t.Errorf("untouched LUT: %v", err)
	}
}

// TestBundleSourceRoot builds from a relative source folder and checks
// that the index records the way from the bundle to it, that per-layer
// power finds the netlists from any working directory and after moving
// bundle and sources together, and that a bundle whose sources are gone
// says so.
func TestBundleSourceRoot(t *testing.T) {
	base := t.TempDir()
	src := writeEvoDir(t, "mul8u_trunc4")
	if err := os.Rename(src, filepath.Join(base, "nets")); err != nil {
		t.Fatal(err)
	}
	tiny := hwTinyLib(t) // read before leaving the package folder
	t.Chdir(base)
	if err := os.Mkdir("out", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), BuildOptions{Source: "nets", Out: filepath.Join("out", "lib")}); err != nil {
		t.Fatal(err)
	}
	layer := layerOf("l", []int8{1, -2, 3, -4}, []int8{2, 5})
	power := func(dir string) (float64, error) {
		t.Helper()
		b, err := OpenBundle(dir)
		if err != nil {
			t.Fatal(err)
		}
		if b.Source().Root != "../../nets" {
			t.Errorf("source.root %q, want ../../nets", b.Source().Root)
		}
		sl, err := b.Library("gates")
		if err != nil {
			t.Fatal(err)
		}
		lib := sl.(*Library)
		if err := lib.EnableLayerPower(LayerPowerOptions{Liberty: tiny, Vectors: 1024, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		return lib.LayerMetric(&layer, "mul8u_trunc4")
	}
	want, err := power(filepath.Join("out", "lib"))
	if err != nil || !(want > 0) {
		t.Fatalf("power %g, %v", want, err)
	}
	// Another working directory.
	t.Chdir(filepath.Join(base, "out"))
	if got, err := power("lib"); err != nil || got != want {
		t.Errorf("from out/: %g, %v; want %g", got, err, want)
	}
	// Bundle and sources moved together.
	moved := t.TempDir()
	for _, d := range []string{"nets", "out"} {
		if err := os.Rename(filepath.Join(base, d), filepath.Join(moved, d)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(moved)
	if got, err := power(filepath.Join(moved, "out", "lib")); err != nil || got != want {
		t.Errorf("moved: %g, %v; want %g", got, err, want)
	}
	// Sources gone.
	if err := os.RemoveAll(filepath.Join(moved, "nets")); err != nil {
		t.Fatal(err)
	}
	_, err = power(filepath.Join(moved, "out", "lib"))
	wantErr := regexp.MustCompile(`the netlists it was built from are gone: source folder \S*/nets does not exist \(index.json source.root "../../nets" is relative to the bundle\)`)
	if err == nil || !wantErr.MatchString(err.Error()) {
		t.Errorf("sources gone: %v", err)
	}
}

// TestMergeSourceRoot merges parts built in folders of different depths
// into a third place: the merged index leads from there to the sources,
// and equals a whole build written to the same place.
func TestMergeSourceRoot(t *testing.T) {
	base := t.TempDir()
	opts := BuildOptions{Source: tinyDir}
	parts := []string{filepath.Join(base, "p0"), filepath.Join(base, "deep", "er", "p1")}
	for i, p := range parts {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Shard, o.Shards, o.Out = i, len(parts), p
		if _, err := Build(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	merged := filepath.Join(base, "m", "lib")
	if err := os.Mkdir(filepath.Dir(merged), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(context.Background(), parts, merged); err != nil {
		t.Fatal(err)
	}
	idx, err := ReadIndex(merged)
	if err != nil {
		t.Fatal(err)
	}
	if !sameDir(t, filepath.Join(merged, filepath.FromSlash(idx.Source.Root)), tinyDir) {
		t.Errorf("merged source.root %q does not lead from %s to %s", idx.Source.Root, merged, tinyDir)
	}
	whole := filepath.Join(base, "w", "lib")
	if err := os.Mkdir(filepath.Dir(whole), 0o755); err != nil {
		t.Fatal(err)
	}
	o := opts
	o.Out = whole
	if _, err := Build(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	sameTree(t, merged, whole)
}
