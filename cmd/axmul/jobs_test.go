package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/internal/testshared"
)

// TestSimBitIdenticalJobs checks that `axmul sim --format json` prints the
// same bytes for --jobs 1, 2 and 7 and under every simulation kernel this
// CPU offers, on real netlists: mul8s_1KV9 (whose MRE% used to differ in
// the last digits between runs), a signed and an unsigned 12x12 circuit
// (1024 blocks each), an EvoApprox8b circuit (the max(1, |exact|) MRE
// convention) and a sampled 16x16 circuit (64 seeded blocks). With a single
// file all workers go to that file, so its blocks are spread over 1, 2 or 7
// goroutines.
func TestSimBitIdenticalJobs(t *testing.T) {
	root := testshared.Dir(t, "evoapprox")
	files := []string{
		"v2022/8x8_signed/mul8s_1KV9.v",
		"v2022/12x12_signed/mul12s_2PP.v",
		"v2022/12x12_unsigned/mul12u_2BR.v",
		"8b/mul8_000.v",
		"v2022/16x16_unsigned/mul16u_0Z6.v",
	}
	kernels := sim.Kernels()
	t.Logf("simulation kernels run: %v", kernels)
	for _, f := range files {
		path := filepath.Join(root, f)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("missing shared netlist: %v", err)
		}
		var want string
		for _, k := range kernels {
			for _, jobs := range []int{1, 2, 7} {
				restore, err := sim.SetKernel(k)
				if err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				args := []string{"sim", "--format", "json", "--samples", fmt.Sprint(1 << 20), "--jobs", fmt.Sprint(jobs), path}
				code := run(context.Background(), args, &stdout, &stderr)
				restore()
				if code != 0 {
					t.Fatalf("%s kernel=%s --jobs %d: exit %d: %s", f, k, jobs, code, stderr.String())
				}
				got := stdout.String()
				if want == "" {
					want = got
					continue
				}
				if got != want {
					t.Errorf("%s: kernel=%s --jobs %d prints\n%s\nkernel=%s --jobs 1 printed\n%s", f, k, jobs, got, kernels[0], want)
				}
			}
		}
	}
}

// TestGenHwBitIdenticalJobs checks that `axmul gen` writes the same
// index.json, error maps and LUTs, and that `axmul hw` prints the same
// estimates, for --jobs 1, 2 and 7 under every simulation kernel, on the
// 13 v2022 8x8 signed circuits.
func TestGenHwBitIdenticalJobs(t *testing.T) {
	dir := testshared.Dir(t, "evoapprox", "v2022", "8x8_signed")
	lib := filepath.Join(testshared.Root(), "cells", "gscl45nm.lib")
	if _, err := os.Stat(lib); err != nil {
		t.Fatalf("missing shared Liberty file: %v", err)
	}
	var wantGen map[string][]byte
	var wantHw string
	for _, k := range sim.Kernels() {
		for _, jobs := range []int{1, 2, 7} {
			restore, err := sim.SetKernel(k)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "lib")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"gen", "--from", dir, "--jobs", fmt.Sprint(jobs), "-o", out}, &stdout, &stderr)
			if code != 0 {
				restore()
				t.Fatalf("gen kernel=%s --jobs %d: exit %d: %s", k, jobs, code, stderr.String())
			}
			stdout.Reset()
			code = run(context.Background(), []string{"hw", "--liberty", lib, "--jobs", fmt.Sprint(jobs), dir}, &stdout, &stderr)
			restore()
			if code != 0 {
				t.Fatalf("hw kernel=%s --jobs %d: exit %d: %s", k, jobs, code, stderr.String())
			}
			files := map[string][]byte{}
			err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				rel, _ := filepath.Rel(out, p)
				files[rel] = b
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if wantGen == nil {
				wantGen, wantHw = files, stdout.String()
				t.Logf("gen wrote %d files", len(files))
				continue
			}
			if len(files) != len(wantGen) {
				t.Errorf("gen kernel=%s --jobs %d: %d files, want %d", k, jobs, len(files), len(wantGen))
			}
			for name, b := range wantGen {
				if !bytes.Equal(files[name], b) {
					t.Errorf("gen kernel=%s --jobs %d: %s differs", k, jobs, name)
				}
			}
			if got := stdout.String(); got != wantHw {
				t.Errorf("hw kernel=%s --jobs %d prints\n%s\nwant\n%s", k, jobs, got, wantHw)
			}
		}
	}
}
