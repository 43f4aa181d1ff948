package hw_test

import (
	"testing"

	"github.com/axmul/axmul/circuits/hw/internal/calib"
	"github.com/axmul/axmul/internal/testshared"
)

// TestCalibrationEvoApprox8x8 compares area, delay and power estimates with
// gscl45nm against the published PDK45 figures of the 50 EvoApprox v2022
// 8x8 multipliers (signed and unsigned): the behavioural netlists mapped by
// this package, and the 14 standard-cell (_pdk45) netlists as they are.
func TestCalibrationEvoApprox8x8(t *testing.T) {
	shared := testshared.Root()
	if shared == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	plain, pdk, err := calib.Run(shared, calib.Vectors)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != 50 || len(pdk) != 14 {
		t.Errorf("%d plain and %d pdk45 netlists, want 50 and 14", len(plain), len(pdk))
	}
	// Targets. Rank correlation is what selecting the cheapest multiplier
	// needs; the absolute scale of power depends on the activity and clock
	// of the published figures, which the data does not state (our uniform
	// random operands at 1 GHz give about 2.4x the published power), so it
	// is only bounded loosely to catch regressions.
	type target struct {
		metric             string
		minSpearman        float64
		maxMedRel          float64 // median |est-pub|/pub
		minRatio, maxRatio float64 // median est/pub
	}
	targets := []target{
		{"area", 0.95, 0.15, 0.8, 1.2},
		{"delay", 0.7, 0.15, 0.8, 1.2},
		{"power", 0.9, 2, 1.5, 3.5},
	}
	for _, set := range []struct {
		name string
		rows []calib.Row
	}{{"plain", plain}, {"pdk45", pdk}} {
		t.Logf("%s netlists (%d):", set.name, len(set.rows))
		t.Logf("%-12s %6s %9s %9s %7s %7s %7s %7s", "name", "cells", "area", "pub", "delay", "pub", "power", "pub")
		for _, r := range set.rows {
			t.Logf("%-12s %6d %9.1f %9.1f %7.3f %7.2f %7.3f %7.3f", r.Name, r.Cells, r.Area, r.PubArea, r.Delay, r.PubDelay, r.Power, r.PubPower)
		}
		for _, tg := range targets {
			s := calib.Compare(calib.Columns(set.rows, tg.metric))
			t.Logf("%s %-5s: n=%d Spearman %.3f Pearson %.3f median |rel err| %.3f median est/pub %.3f",
				set.name, tg.metric, s.N, s.Spearman, s.Pearson, s.MedianRelErr, s.MedianRatio)
			if s.Spearman < tg.minSpearman {
				t.Errorf("%s %s: Spearman %.3f < %.2f", set.name, tg.metric, s.Spearman, tg.minSpearman)
			}
			if s.MedianRelErr > tg.maxMedRel {
				t.Errorf("%s %s: median relative error %.3f > %.2f", set.name, tg.metric, s.MedianRelErr, tg.maxMedRel)
			}
			if s.MedianRatio < tg.minRatio || s.MedianRatio > tg.maxRatio {
				t.Errorf("%s %s: median est/pub %.3f outside [%.1f, %.1f]", set.name, tg.metric, s.MedianRatio, tg.minRatio, tg.maxRatio)
			}
		}
	}
}

// TestCalibrationEvoApprox8b compares the estimates for the EvoApprox8b
// cell netlists (505 unsigned 8x8 multipliers; every fifth with -short)
// with their published 45 nm (gscl45nm) and
// 180 nm (osu018) figures. These netlists are made of the library's cells,
// so area and delay test the cell data and the timing model directly.
func TestCalibrationEvoApprox8b(t *testing.T) {
	shared := testshared.Root()
	if shared == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	step := 1
	if testing.Short() {
		step = 5
	}
	for _, tc := range []struct{ lib, tech string }{{"gscl45nm.lib", "45"}, {"osu018_stdcells.lib", "180"}} {
		rows, err := calib.Run8b(shared, tc.lib, tc.tech, step, 4096)
		if err != nil {
			t.Fatal(err)
		}
		if want := (505 + step - 1) / step; len(rows) != want {
			t.Errorf("%s: %d circuits, want %d", tc.lib, len(rows), want)
		}
		type target struct {
			metric             string
			minSpearman        float64
			maxMedRel          float64
			minRatio, maxRatio float64
		}
		for _, tg := range []target{
			{"area", 0.99, 0.01, 0.99, 1.01},
			{"delay", 0.98, 0.05, 0.95, 1.05},
			{"power", 0.98, 2, 2, 3.2},
			{"internal", 0.97, 0.15, 0.85, 1.15},
		} {
			s := calib.Compare(calib.Columns(rows, tg.metric))
			t.Logf("8b %s %-8s: n=%d Spearman %.4f Pearson %.4f median |rel err| %.4f median est/pub %.3f",
				tc.tech, tg.metric, s.N, s.Spearman, s.Pearson, s.MedianRelErr, s.MedianRatio)
			if s.Spearman < tg.minSpearman || s.MedianRelErr > tg.maxMedRel || s.MedianRatio < tg.minRatio || s.MedianRatio > tg.maxRatio {
				t.Errorf("8b %s %s outside the targets %+v", tc.tech, tg.metric, tg)
			}
		}
	}
}
