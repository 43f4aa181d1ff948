package main

import (
	"bytes"
	"context"
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
