package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the tests away from the user's cache: gen caches by
// default under the user cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "axmul-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestGenCacheShardMergeCLI(t *testing.T) {
	tmp := t.TempDir()
	c := filepath.Join(tmp, "cache")
	out := runOK(t, "gen", "--builtin", "--filter", "mul8u", "--cache", c, "-o", filepath.Join(tmp, "a"))
	if !strings.Contains(out, "(cache: 0 hits, ") {
		t.Errorf("first gen: %q", out)
	}
	out = runOK(t, "gen", "--builtin", "--filter", "mul8u", "--cache", c, "-o", filepath.Join(tmp, "b"))
	if !strings.Contains(out, " 0 simulated)") || strings.Contains(out, "(cache: 0 hits") {
		t.Errorf("second gen simulated again: %q", out)
	}
	stat := runOK(t, "cache", "--cache", c, "stat")
	if !strings.Contains(stat, " records, ") || strings.Contains(stat, ": 0 records") {
		t.Errorf("cache stat: %q", stat)
	}
	var parts []string
	for i := range 3 {
		p := filepath.Join(tmp, "part"+string(rune('0'+i)))
		out := runOK(t, "gen", "--builtin", "--filter", "mul8u", "--no-cache", "--shard", string(rune('0'+i))+"/3", "-o", p)
		if !strings.Contains(out, "wrote part ") {
			t.Errorf("shard %d: %q", i, out)
		}
		parts = append(parts, p)
	}
	merged := filepath.Join(tmp, "merged")
	runOK(t, append([]string{"merge", "-o", merged}, parts...)...)
	for _, f := range []string{"index.json", "lut/mul8u_trunc2.npy"} {
		a, err1 := os.ReadFile(filepath.Join(tmp, "a", f))
		m, err2 := os.ReadFile(filepath.Join(merged, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, m) {
			t.Errorf("%s: merged differs from the whole build (%v, %v)", f, err1, err2)
		}
	}
	runOK(t, "cache", "--cache", c, "prune", "--max-size", "1K")
	if s := runOK(t, "cache", "--cache", c, "clear"); !strings.Contains(s, "removed") {
		t.Errorf("clear: %q", s)
	}
	if s := runOK(t, "cache", "--cache", c, "stat"); !strings.Contains(s, ": 0 records, 0 B") {
		t.Errorf("stat after clear: %q", s)
	}
}

func TestScaleUsageErrors(t *testing.T) {
	tmp := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"gen", "--builtin", "-o", tmp + "/x", "--shard", "4/4"}, exitUsage, "--shard"},
		{[]string{"gen", "--builtin", "-o", tmp + "/x", "--shard", "a"}, exitUsage, "want i/N"},
		{[]string{"gen", "--builtin", "-o", tmp + "/x", "--shard", "0/65537"}, exitUsage, "0 <= i < N <= 65536"},
		{[]string{"gen", "--builtin", "-o", tmp + "/x", "--cache", tmp, "--no-cache"}, exitUsage, "exclusive"},
		{[]string{"merge", "-o", tmp + "/m"}, exitUsage, "part folders"},
		{[]string{"merge", tmp}, exitUsage, "-o LIBDIR"},
		{[]string{"merge", "-o", tmp + "/m", tmp}, exitError, "index.json"},
		{[]string{"cache"}, exitUsage, "stat, prune, clear"},
		{[]string{"cache", "--cache", tmp, "prune"}, exitUsage, "--max-size"},
		{[]string{"cache", "--cache", tmp, "prune", "--max-size", "-1"}, exitUsage, "non-negative"},
		{[]string{"cache", "--cache", tmp, "stat", "--max-size", "1"}, exitUsage, "for prune"},
		{[]string{"cache", "--cache", tmp, "frobnicate"}, exitUsage, "unknown cache action"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("axmul %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr.String(), tc.code, tc.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1024", 1024, true}, {"1K", 1024, true}, {"500M", 500 << 20, true}, {"2G", 2 << 30, true},
		{"2GiB", 2 << 30, true}, {"3kb", 3072, true}, {"1T", 1 << 40, true},
		{"", 0, false}, {"-5", 0, false}, {"1.5G", 0, false}, {"9999999999T", 0, false}, {"G", 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// runCapture runs axmul in-process and returns stdout, stderr and the code.
func runCapture(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// TestSimHwCacheAndShards: sim and hw give the same output from the cache
// as computed (-v counts the hits), a changed netlist is recomputed, and
// the shards of a folder together give the records of the whole folder.
func TestSimHwCacheAndShards(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	runOK(t, "gen", "--builtin", "--filter", "mul8u_t", "--no-cache", "-o", filepath.Join(tmp, "lib"))
	if err := os.CopyFS(src, os.DirFS(filepath.Join(tmp, "lib", "src"))); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(src, "*.v"))
	if len(files) < 3 {
		t.Fatalf("%d netlists", len(files))
	}
	const lib = "../../circuits/hw/testdata/tiny.lib" // a small Liberty library the hw tests use
	c := filepath.Join(tmp, "cache")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"sim", []string{"sim", "--format", "json"}},
		{"hw", []string{"hw", "--format", "json", "--vectors", "256", "--liberty", lib}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{}, tc.args...), "--cache", c, "-v", src)
			out1, err1, code := runCapture(args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, err1)
			}
			if !strings.Contains(err1, " 0 hits, ") {
				t.Errorf("first run: %q", err1)
			}
			out2, err2, _ := runCapture(args...)
			if out2 != out1 {
				t.Errorf("cached output differs:\n%s\nvs\n%s", out2, out1)
			}
			if !strings.Contains(err2, fmt.Sprintf(" %d hits, 0 computed", len(files))) {
				t.Errorf("second run: %q", err2)
			}
			nocache, _, _ := runCapture(append(append([]string{}, tc.args...), "--no-cache", src)...)
			if nocache != out1 {
				t.Errorf("--no-cache output differs from the cached one")
			}
			// Shards together: every record once, same records.
			var union []map[string]any
			for i := range 3 {
				out, stderr, code := runCapture(append(append([]string{}, tc.args...), "--no-cache", "--shard", fmt.Sprintf("%d/3", i), src)...)
				if code != 0 {
					t.Fatalf("shard %d: %s", i, stderr)
				}
				var recs []map[string]any
				if err := json.Unmarshal([]byte(out), &recs); err != nil {
					t.Fatal(err)
				}
				union = append(union, recs...)
			}
			var whole []map[string]any
			json.Unmarshal([]byte(out1), &whole)
			if len(union) != len(whole) {
				t.Fatalf("shards hold %d records, the whole run %d", len(union), len(whole))
			}
			byName := map[string]string{}
			for _, r := range whole {
				b, _ := json.Marshal(r)
				byName[r["name"].(string)] = string(b)
			}
			for _, r := range union {
				b, _ := json.Marshal(r)
				if byName[r["name"].(string)] != string(b) {
					t.Errorf("shard record of %v differs from the whole run's", r["name"])
				}
			}
		})
	}
	// A changed netlist is computed again, the others come from the cache.
	data, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], append(data, []byte("// changed\n")...), 0o644)
	_, stderr, _ := runCapture("sim", "--cache", c, "-v", src)
	if !strings.Contains(stderr, fmt.Sprintf(" %d hits, 1 computed", len(files)-1)) {
		t.Errorf("after a change: %q", stderr)
	}
}

// TestSimIncludeNotCached: sim and hw over a folder never answer a netlist
// that `includes another file from the cache (gen.Cacheable), so a
// change in the included file shows in the next run.
func TestSimIncludeNotCached(t *testing.T) {
	tmp := t.TempDir()
	src, inc := filepath.Join(tmp, "src"), filepath.Join(tmp, "inc")
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
	write(filepath.Join(src, "mul4u_plain.v"), "module mul4u_plain(input [3:0] A, input [3:0] B, output [7:0] O);\n"+
		"  assign O = A * B;\nendmodule\n")
	c := filepath.Join(tmp, "cache")
	args := []string{"sim", "--format", "json", "--cache", c, "-v", "-I", inc, src}
	write(filepath.Join(inc, "drop.vh"), "`define DROP 0\n")
	out1, err1, code := runCapture(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, err1)
	}
	write(filepath.Join(inc, "drop.vh"), "`define DROP 1\n")
	out2, err2, code := runCapture(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, err2)
	}
	if !strings.Contains(err2, " 1 hits, 0 computed") {
		t.Errorf("second run: %q, want the plain netlist as the only hit", err2)
	}
	if out1 == out2 {
		t.Errorf("the changed include did not change the output:\n%s", out2)
	}
	if !strings.Contains(out2, `"mae": 0.25`) {
		t.Errorf("second run: want MAE 0.25 (bit 0 dropped) in\n%s", out2)
	}
}

// TestSimDefineInCacheKey: the same netlist read with another --define is
// not answered with the other run's record (sim and hw cache keys include
// the macros).
func TestSimDefineInCacheKey(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "module mul4u_def(input [3:0] A, input [3:0] B, output [7:0] O);\n" +
		"`ifdef DROP\n  assign O = (A * B) & 8'hfe;\n`else\n  assign O = A * B;\n`endif\nendmodule\n"
	if err := os.WriteFile(filepath.Join(src, "mul4u_def.v"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(tmp, "cache")
	plain := runOK(t, "sim", "--format", "json", "--cache", c, src)
	dropped := runOK(t, "sim", "--format", "json", "--cache", c, "--define", "DROP", src)
	if !strings.Contains(plain, `"mae": 0,`) || !strings.Contains(dropped, `"mae": 0.25`) {
		t.Errorf("without --define:\n%s\nwith --define DROP (want MAE 0.25):\n%s", plain, dropped)
	}
}
