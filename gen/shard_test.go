package gen

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen/cache"
)

// treeFiles returns every file below dir by slash path with its bytes.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameTree fails unless the folders hold the same files with the same bytes.
func sameTree(t *testing.T, got, want string) {
	t.Helper()
	g, w := treeFiles(t, got), treeFiles(t, want)
	for name, data := range w {
		gd, ok := g[name]
		switch {
		case !ok:
			t.Errorf("%s: missing %s", got, name)
		case !bytes.Equal(gd, data):
			t.Errorf("%s: %s differs from %s's", got, name, want)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: extra file %s", got, name)
		}
	}
}

// buildShards builds n parts of opts into dir/part-i and returns their paths.
func buildShards(t *testing.T, dir string, n int, opts BuildOptions) []string {
	t.Helper()
	var parts []string
	names := map[string]int{}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		o := opts
		o.Shard, o.Shards = i, n
		o.Out = filepath.Join(dir, "part-"+string(rune('0'+i)))
		if _, err := Build(context.Background(), o); err != nil {
			t.Fatalf("shard %d/%d: %v", i, n, err)
		}
		idx, err := ReadIndex(o.Out)
		if err != nil {
			t.Fatal(err)
		}
		if idx.Part == nil || idx.Part.Index != i || idx.Part.Count != n {
			t.Fatalf("shard %d/%d: part %+v", i, n, idx.Part)
		}
		for _, c := range idx.Part.Circuits {
			names[c]++
		}
		parts = append(parts, o.Out)
	}
	for c, k := range names {
		if k != 1 {
			t.Errorf("%s is in %d shards", c, k)
		}
	}
	return parts
}

// checkShardsMerge builds opts whole and in n shards, merges the parts and
// compares the bundles byte for byte.
func checkShardsMerge(t *testing.T, n int, opts BuildOptions) {
	t.Helper()
	dir := t.TempDir()
	whole := opts
	whole.Out = filepath.Join(dir, "whole")
	wsum, err := Build(context.Background(), whole)
	if err != nil {
		t.Fatal(err)
	}
	parts := buildShards(t, dir, n, opts)
	merged := filepath.Join(dir, "merged")
	msum, err := Merge(context.Background(), parts, merged)
	if err != nil {
		t.Fatal(err)
	}
	if msum.Circuits != wsum.Circuits {
		t.Errorf("merged %d circuits, whole build %d", msum.Circuits, wsum.Circuits)
	}
	sameTree(t, merged, whole.Out)
}

func TestShardsMergeTiny(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 7} { // 7 > circuits: some parts are empty
		checkShardsMerge(t, n, BuildOptions{Source: tinyDir})
	}
}

func TestShardsMergeBuiltin(t *testing.T) {
	checkShardsMerge(t, 4, BuildOptions{Builtin: true})
}

func TestShardsMergeShared(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the EvoApprox libraries several times")
	}
	t.Run("8b", func(t *testing.T) {
		checkShardsMerge(t, 4, BuildOptions{Source: sharedDir(t, "evoapprox/8b")})
	})
	t.Run("v2022", func(t *testing.T) {
		// 8xN and a few 12x12 circuits (16x16 ones sample 2^24 pairs each
		// and would only make the test slow).
		// A 12x12 map is 64 MiB: five of them keep the test's I/O small.
		checkShardsMerge(t, 4, BuildOptions{Source: sharedDir(t, "evoapprox/v2022"), Filter: "mul12s_2P"})
		checkShardsMerge(t, 4, BuildOptions{Source: sharedDir(t, "evoapprox/v2022"), Filter: "mul8"})
	})
}

func TestShardBalance(t *testing.T) {
	// The longest-processing-time rule never leaves a shard empty while
	// another has two or more circuits of similar cost.
	dir := t.TempDir()
	parts := buildShards(t, dir, 3, BuildOptions{Builtin: true})
	for _, p := range parts {
		idx, _ := ReadIndex(p)
		if len(idx.Part.Circuits) == 0 {
			t.Errorf("%s: empty part", p)
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	parts := buildShards(t, dir, 3, BuildOptions{Source: tinyDir})
	other := buildShards(t, filepath.Join(dir, "other"), 3, BuildOptions{Source: tinyDir, Filter: "mul"})
	whole, _ := buildTiny(t, BuildOptions{})
	for _, tc := range []struct {
		name  string
		parts []string
		want  string
	}{
		{"none", nil, "no parts"},
		{"missing", parts[:2], "missing shards 2/3"},
		{"twice", []string{parts[0], parts[1], parts[1]}, "shard 1/3 given twice"},
		{"other inputs", []string{parts[0], other[1], parts[2]}, "other inputs or options"},
		{"whole bundle", []string{whole}, "whole bundle, not a part"},
		{"not a bundle", []string{dir}, "index.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "lib")
			_, err := Merge(context.Background(), tc.parts, out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Error("output written despite the error")
			}
		})
	}
	if _, _, err := ParseShard("3/3"); err == nil {
		t.Error("ParseShard accepted 3/3")
	}
	if i, n, err := ParseShard("2/5"); err != nil || i != 2 || n != 5 {
		t.Errorf("ParseShard(2/5) = %d, %d, %v", i, n, err)
	}
}

// TestShardKilledRerun: a shard cancelled mid-run leaves nothing behind; its
// rerun gives a part with which the merge equals the whole build.
func TestShardKilledRerun(t *testing.T) {
	dir := t.TempDir()
	opts := BuildOptions{Builtin: true, Shard: 1, Shards: 2, Out: filepath.Join(dir, "part-1"), Jobs: 1}
	ctx, cancel := context.WithCancel(context.Background())
	o := opts
	o.Progress = func(done, total int, _ string) {
		if done == 2 {
			cancel()
		}
	}
	if _, err := Build(ctx, o); err == nil {
		t.Fatal("cancelled shard reported success")
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Fatalf("cancelled shard left %v", left)
	}
	parts := buildShards(t, dir, 2, BuildOptions{Builtin: true})
	merged := filepath.Join(dir, "merged")
	if _, err := Merge(context.Background(), parts, merged); err != nil {
		t.Fatal(err)
	}
	whole, _ := buildTiny(t, BuildOptions{Builtin: true})
	sameTree(t, merged, whole)
}

// TestBuildCache: a second build takes every record from the cache and
// writes the same bundle; a changed netlist is the only one simulated
// again; a corrupt entry is reported and recomputed.
func TestBuildCache(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	if err := copyTree(tinyDir, src); err != nil {
		t.Fatal(err)
	}
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := buildTiny(t, BuildOptions{Source: src})
	first, s1 := buildTiny(t, BuildOptions{Source: src, Cache: c})
	if s1.CacheHits != 0 || s1.CacheMisses != 4 {
		t.Fatalf("first build: %d hits, %d misses; want 0, 4", s1.CacheHits, s1.CacheMisses)
	}
	sameTree(t, first, plain)
	second, s2 := buildTiny(t, BuildOptions{Source: src, Cache: c})
	if s2.CacheHits != 4 || s2.CacheMisses != 0 {
		t.Fatalf("second build: %d hits, %d misses; want 4, 0", s2.CacheHits, s2.CacheMisses)
	}
	sameTree(t, second, plain)

	// Options that change results miss.
	if _, s := buildTiny(t, BuildOptions{Source: src, Cache: c, Seed: 9}); s.CacheMisses != 4 {
		t.Errorf("another seed: %d misses, want 4", s.CacheMisses)
	}
	// One changed netlist: one miss.
	p := filepath.Join(src, "mul2u_exact.v")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(data, []byte("// changed\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, s := buildTiny(t, BuildOptions{Source: src, Cache: c}); s.CacheHits != 3 || s.CacheMisses != 1 {
		t.Errorf("one file changed: %d hits, %d misses; want 3, 1", s.CacheHits, s.CacheMisses)
	}
	// Corrupt every entry: warnings, recomputed, same bundle.
	var n int
	filepath.WalkDir(c.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".entry") {
			data, _ := os.ReadFile(p)
			data[len(data)/2] ^= 0xff
			os.WriteFile(p, data, 0o644)
			n++
		}
		return nil
	})
	if n == 0 {
		t.Fatal("no cache entries found")
	}
	os.WriteFile(p, data, 0o644) // back to the original bytes
	again, s3 := buildTiny(t, BuildOptions{Source: src, Cache: c})
	if s3.CacheHits != 0 || len(s3.Warnings) < 4 {
		t.Errorf("corrupt entries: %d hits, warnings %q", s3.CacheHits, s3.Warnings)
	}
	sameTree(t, again, plain)

	// Cells without an identity: the cache is not used.
	if _, s := buildTiny(t, BuildOptions{Source: src, Cache: c, Cells: nilResolver{}}); s.CacheHits+s.CacheMisses != 0 {
		t.Errorf("Cells without CellsID used the cache: %+v", s)
	}
}

// nilResolver knows no cells.
type nilResolver struct{}

func (nilResolver) CellFunction(string) (*verilog.CellFunc, bool) { return nil, false }

// TestMergeProgress: MergeProgress reports every multiplier once, counting
// up to their number, and writes what Merge writes.
func TestMergeProgress(t *testing.T) {
	dir := t.TempDir()
	parts := buildShards(t, dir, 3, BuildOptions{Builtin: true, Filter: "trunc"})
	plain := filepath.Join(dir, "plain")
	sum, err := Merge(context.Background(), parts, plain)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	withBar := filepath.Join(dir, "progress")
	if _, err := MergeProgress(context.Background(), parts, withBar, func(done, total int, name string) {
		if total != sum.Circuits || name == "" {
			t.Errorf("progress(%d, %d, %q), want total %d and a name", done, total, name, sum.Circuits)
		}
		got = append(got, done)
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != sum.Circuits || got[len(got)-1] != sum.Circuits {
		t.Errorf("progress calls %v, want 1..%d", got, sum.Circuits)
	}
	sameTree(t, withBar, plain)
}

// TestIncludeNotCached: a netlist that `includes another file is never
// answered from the cache (the digest covers only its own bytes), so a
// change in the included file shows in the next build.
func TestIncludeNotCached(t *testing.T) {
	dir := t.TempDir()
	src, inc := filepath.Join(dir, "src"), filepath.Join(dir, "inc")
	for _, d := range []string{src, inc} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, text string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(src, "mul4u_inc.v"), "`include \"drop.vh\"\n"+
		"module mul4u_inc(input [3:0] A, input [3:0] B, output [7:0] O);\n"+
		"  assign O = (A * B) & ~(`DROP);\nendmodule\n")
	write(filepath.Join(inc, "drop.vh"), "`define DROP 0\n")
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := BuildOptions{Source: src, Cache: c, IncludeDirs: []string{inc}}
	first, s1 := buildTiny(t, opts)
	if s1.CacheHits != 0 || s1.CacheMisses != 0 {
		t.Errorf("first build: %d hits, %d misses; want no cache use", s1.CacheHits, s1.CacheMisses)
	}
	if e := mustOpenBundle(t, first).Entries()[0]; e.Metrics.MAE != 0 {
		t.Fatalf("DROP 0: MAE %g, want 0", e.Metrics.MAE)
	}
	write(filepath.Join(inc, "drop.vh"), "`define DROP 1\n")
	second, s2 := buildTiny(t, opts)
	if s2.CacheHits != 0 {
		t.Errorf("second build: %d cache hits, want 0", s2.CacheHits)
	}
	// Bit 0 of every odd product dropped: 64 of 256 pairs off by one.
	if e := mustOpenBundle(t, second).Entries()[0]; e.Metrics.MAE != 0.25 {
		t.Errorf("DROP 1: MAE %g, want 0.25 (the changed include)", e.Metrics.MAE)
	}
	if Cacheable([]byte("module m; endmodule")) != true || Cacheable([]byte("`include \"x.v\"")) != false {
		t.Error("Cacheable")
	}
}
