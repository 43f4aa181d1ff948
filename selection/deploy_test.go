package selection

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
)

// readLUTFile reads an int32 [256, 256] .npy file with npyio directly.
func readLUTFile(t *testing.T, path string) []int32 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	if s := r.Header.Descr.Shape; len(s) != 2 || s[0] != 256 || s[1] != 256 {
		t.Fatalf("%s: shape %v, want [256 256]", path, s)
	}
	var lut []int32
	if err := r.Read(&lut); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return lut
}

func sampleDeployResult() *MatchingInfo {
	return &MatchingInfo{MetricMax: 10, OpCount: 3, Layers: []LayerInfo{
		{Name: "features.0", MultiplierName: "exact", MultiplierPerformanceMetric: 10, OpCount: 1},
		{Name: "features/3", MultiplierName: "sgn4", MultiplierPerformanceMetric: 3, OpCount: 1},
		{Name: "fc", MultiplierName: "sgn4", MultiplierPerformanceMetric: 3, OpCount: 1},
	}}
}

func TestDeploy(t *testing.T) {
	lib := sgnLibrary(t)
	res := sampleDeployResult()
	dir := filepath.Join(t.TempDir(), "deploy")
	if err := Deploy(dir, res, lib); err != nil {
		t.Fatal(err)
	}
	asg, err := ReadAssignment(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"00_features.0.npy", "01_features_3.npy", "02_fc.npy"}
	for i, al := range asg.Layers {
		if al.Name != res.Layers[i].Name || al.MultiplierName != res.Layers[i].MultiplierName || al.LUT != wantFiles[i] {
			t.Errorf("layer %d: %+v, want %s/%s/%s", i, al, res.Layers[i].Name, res.Layers[i].MultiplierName, wantFiles[i])
		}
		lut := readLUTFile(t, filepath.Join(dir, al.LUT))
		// TorchApprox layout: index [i, j] holds the product of the int8
		// operands with bit patterns i and j; sgn4 adds 4·sgn(w).
		for bi := range 256 {
			for bj := range 256 {
				x, w := int32(int8(uint8(bi))), int32(int8(uint8(bj)))
				want := x * w
				if al.MultiplierName == "sgn4" {
					if w >= 0 {
						want += 4
					} else {
						want -= 4
					}
				}
				if got := lut[bi<<8|bj]; got != want {
					t.Fatalf("%s: lut[%d,%d] = %d, want %d", al.LUT, bi, bj, got, want)
				}
			}
		}
	}
	if asg.Result.RelativeEnergyConsumption() != res.RelativeEnergyConsumption() {
		t.Errorf("assignment result differs from the deployed one")
	}
	// No temporary folders are left beside the deployment.
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the deployment", len(entries))
	}
	// A second deployment into the now non-empty folder is refused.
	if err := Deploy(dir, res, lib); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("redeploy: error %v, want 'not empty'", err)
	}
	// An existing empty folder is accepted.
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Deploy(empty, res, lib); err != nil {
		t.Errorf("deploy into an empty folder: %v", err)
	}
}

func TestDeployRefusesUnknownMultiplier(t *testing.T) {
	res := sampleDeployResult()
	res.Layers[2].MultiplierName = "mul8s_missing"
	parent := t.TempDir()
	dir := filepath.Join(parent, "deploy")
	err := Deploy(dir, res, sgnLibrary(t))
	if err == nil || !strings.Contains(err.Error(), `layers[2] (fc): multiplier_name "mul8s_missing" is not in the library`) {
		t.Fatalf("error %v, want one naming the missing multiplier", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 0 {
		t.Errorf("refused deployment left %d entries behind", len(entries))
	}
	if err := Deploy(dir, nil, sgnLibrary(t)); err == nil {
		t.Error("Deploy(nil result) succeeded")
	}
	bad := sampleDeployResult()
	bad.MetricMax = 0
	if err := Deploy(dir, bad, sgnLibrary(t)); err == nil {
		t.Error("Deploy of an invalid result succeeded")
	}
}

// lutLibrary stores LUTs that differ from its maps, to show which is used.
type lutLibrary struct {
	MapLibrary
	short bool
}

func (l *lutLibrary) LUT(name string) ([]int32, error) {
	if l.short {
		return make([]int32, 10), nil
	}
	lut := make([]int32, 1<<16)
	for i := range lut {
		lut[i] = int32(i) - 7
	}
	return lut, nil
}

func TestDeployUsesStoredLUT(t *testing.T) {
	lib := &lutLibrary{MapLibrary: *sgnLibrary(t)}
	dir := filepath.Join(t.TempDir(), "d")
	if err := Deploy(dir, sampleDeployResult(), lib); err != nil {
		t.Fatal(err)
	}
	lut := readLUTFile(t, filepath.Join(dir, "02_fc.npy"))
	for i, v := range lut {
		if v != int32(i)-7 {
			t.Fatalf("lut[%d] = %d, want the stored %d", i, v, i-7)
		}
	}
	lib.short = true
	if err := Deploy(filepath.Join(t.TempDir(), "d"), sampleDeployResult(), lib); err == nil || !strings.Contains(err.Error(), "65536") {
		t.Errorf("short LUT: error %v", err)
	}
}

// TestDeployNPYVersion: deploy writes its LUTs as .npy version 1.0 with the
// data 64-byte aligned, like every other .npy axmul writes (it used to
// write version 2.0 with an unaligned 88-byte header).
func TestDeployNPYVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deploy")
	if err := Deploy(dir, sampleDeployResult(), sgnLibrary(t)); err != nil {
		t.Fatal(err)
	}
	asg, err := ReadAssignment(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, al := range asg.Layers {
		b, err := os.ReadFile(filepath.Join(dir, al.LUT))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 10 || string(b[:8]) != "\x93NUMPY\x01\x00" {
			t.Fatalf("%s: preamble %q, want version 1.0", al.LUT, b[:min(len(b), 8)])
		}
		if off := 10 + int(b[8]) + int(b[9])<<8; off%64 != 0 || len(b)-off != 4*65536 {
			t.Errorf("%s: data at offset %d, file of %d bytes", al.LUT, off, len(b))
		}
	}
}
