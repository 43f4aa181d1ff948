package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// seconds matches wall times in the output ("0.25 s").
var seconds = regexp.MustCompile(`\b\d+\.\d\d s\b`)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// TestGolden runs axmul in-process on testdata/<case>.args (one argument a
// line) and compares stdout, stderr and the exit status with
// <case>.stdout, <case>.stderr and <case>.exit (0 when absent).
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.args")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".args")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(c)
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			// A fresh, empty cache for every case: gen's summary counts hits.
			t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, ".cache"))
			var args []string
			for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					args = append(args, strings.ReplaceAll(l, "$TMP", tmp))
				}
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			base := strings.TrimSuffix(c, ".args")
			check := func(ext, got string) {
				path := base + ext
				if *update {
					if got == "" && ext != ".stdout" {
						os.Remove(path)
						return
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if got != string(want) {
					t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
				}
			}
			// Wall times vary from run to run.
			out := seconds.ReplaceAllString(strings.ReplaceAll(stdout.String(), tmp, "$TMP"), "N.NN s")
			check(".stdout", out)
			check(".stderr", strings.ReplaceAll(stderr.String(), tmp, "$TMP"))
			exit := ""
			if code != 0 {
				exit = strconv.Itoa(code) + "\n"
			}
			check(".exit", exit)
		})
	}
}
