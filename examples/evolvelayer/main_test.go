package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// TestCompareShort runs the comparison for a few hundred generations on
// the demo model's fc layer: the evolved circuits fit the layer (their
// written Verilog re-simulated), the baseline is select's choice, and the
// report, table and plot are written.
func TestCompareShort(t *testing.T) {
	evo := testshared.Dir(t, "evoapprox", "v2022", "8x8_unsigned")
	lib := filepath.Join(testshared.Dir(t, "cells"), "gscl45nm.lib")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-layers", "fc", "-evoapprox", evo, "-liberty", lib, "-time", "0", "-generations", "300", "-runs", "2", "-front", "0.5", "-out", out}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	t.Logf("%s", stdout.String())
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Layers) != 1 || rep.Layers[0].Layer != "fc" {
		t.Fatalf("layers %+v", rep.Layers)
	}
	lr := rep.Layers[0]
	if lr.Baseline.Name == "" || lr.Baseline.PredictedStd > lr.MaxStd || len(lr.EvoApprox) < 30 {
		t.Errorf("baseline %+v, %d EvoApprox circuits", lr.Baseline, len(lr.EvoApprox))
	}
	for _, e := range lr.EvoApprox {
		if e.PredictedStd <= lr.MaxStd && e.PowerMW < lr.Baseline.PowerMW {
			t.Errorf("%s fits (%.4g <= %.4g) with less power than the baseline %s", e.Name, e.PredictedStd, lr.MaxStd, lr.Baseline.Name)
		}
	}
	if len(lr.Evolved) != 3 {
		t.Fatalf("%d evolved circuits, want 3", len(lr.Evolved))
	}
	for _, e := range lr.Evolved {
		if e.Target != lr.MaxStd && e.Target != lr.MaxStd/2 {
			t.Errorf("%s: target %v", e.Name, e.Target)
		}
		if e.PredictedStd > e.Target || !(e.PowerMW > 0) || !(e.MeasuredStd > 0) || e.Generations != 300 {
			t.Errorf("evolved %+v", e)
		}
		if _, err := os.Stat(filepath.Join(out, e.File)); err != nil {
			t.Error(err)
		}
	}
	f, err := os.Open(filepath.Join(out, lr.Plot))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := image.Decode(f); err != nil {
		t.Errorf("plot: %v", err)
	}
	if !strings.Contains(stdout.String(), "| fc |") {
		t.Errorf("no table row for fc:\n%s", stdout.String())
	}
	if err := run(context.Background(), []string{"-replot", "-out", out}, &stdout, &stderr); err != nil {
		t.Errorf("-replot: %v", err)
	}
	if err := run(context.Background(), []string{"-time", "0", "-out", out}, &stdout, &stderr); err == nil {
		t.Error("-time 0 without -generations accepted")
	}
}
