package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// simJSON runs axmul sim --format json and returns the records with the
// file-dependent fields removed.
func simJSON(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), append([]string{"sim", "--format", "json"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("sim %v: exit %d\n%s", args, code, stderr.String())
	}
	var recs []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		delete(r, "file")
		delete(r, "name")
		delete(r, "gates")
		delete(r, "depth")
		// Where signedness came from differs by format (AIGER keeps no
		// module name: "file"); the signedness itself is compared.
		delete(r, "signed_from")
	}
	return recs
}

// TestConvertRoundTrip converts a signed EvoApprox circuit to every format
// and simulates the files: the metrics equal the original's. A directory
// holding the four files is searched for all of them.
func TestConvertRoundTrip(t *testing.T) {
	src := filepath.Join(testshared.Dir(t, "evoapprox", "v2022", "8x8_signed"), "mul8s_1KV8.v")
	dir := t.TempDir()
	want := simJSON(t, src)
	var files []string
	for _, ext := range []string{".v", ".blif", ".aag", ".aig"} {
		out := filepath.Join(dir, "mul8s_1KV8"+ext)
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"convert", src, "-o", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("convert -o %s: exit %d\n%s", out, code, stderr.String())
		}
		if !strings.HasPrefix(stdout.String(), "wrote "+out) {
			t.Errorf("stdout %q", stdout.String())
		}
		files = append(files, out)
		got := simJSON(t, out)
		if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
			t.Errorf("%s: sim gives\n%s\nwant\n%s", ext, g, w)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	all := simJSON(t, dir)
	if len(all) != len(files) {
		t.Errorf("sim DIR found %d netlists, want %d", len(all), len(files))
	}
	if _, err := os.Stat(filepath.Join(dir, "mul8s_1KV8.blif")); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
