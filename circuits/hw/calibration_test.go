package hw_test

import (
	"os"
	"testing"

	"github.com/axmul/axmul/circuits/hw/internal/calib"
)

// TestCalibrationEvoApprox8x8 compares area, delay and power estimates with
// the published PDK45 figures of the EvoApprox v2022 8x8 multipliers.
func TestCalibrationEvoApprox8x8(t *testing.T) {
	shared := os.Getenv("AXMUL_SHARED")
	if shared == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	plain, pdk, err := calib.Run(shared, calib.Vectors)
	if err != nil {
		t.Fatal(err)
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
		for _, metric := range []string{"area", "delay", "power"} {
			s := calib.Compare(calib.Columns(set.rows, metric))
			t.Logf("%s %-5s: n=%d Spearman %.3f Pearson %.3f median |rel err| %.3f median est/pub %.3f", set.name, metric, s.N, s.Spearman, s.Pearson, s.MedianRelErr, s.MedianRatio)
		}
	}
}
