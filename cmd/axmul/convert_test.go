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

// TestConvertPorts: with --ports (and --tie) convert writes ports A, B and
// O, so the written files simulate without flags to what sim gives on the
// original with them.
func TestConvertPorts(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		src   string
		flags []string
	}{
		{"../../testdata/foreign/ports-abp.v", []string{"--ports", "a,b,p"}},
		{"../../testdata/foreign/clk-en.v", []string{"--tie", "clk=0", "--tie", "en=1"}},
	} {
		// The records name the source ports (a, b, p; ties): the written
		// files call them A, B, O and have no ties left.
		strip := func(recs []map[string]any) []map[string]any {
			for _, r := range recs {
				delete(r, "ports")
				delete(r, "tied")
				delete(r, "ties")
			}
			return recs
		}
		want := strip(simJSON(t, append(append([]string{}, tc.flags...), tc.src)...))
		for _, ext := range []string{".v", ".blif", ".aig"} {
			out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(tc.src), ".v")+ext)
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"convert"}, tc.flags...), tc.src, "-o", out)
			if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
				t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
			}
			if got := strip(simJSON(t, out)); mustJSON(t, got) != mustJSON(t, want) {
				t.Errorf("%s: sim gives\n%s\nwant\n%s", out, mustJSON(t, got), mustJSON(t, want))
			}
		}
	}
}
