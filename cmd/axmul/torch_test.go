package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// torchPython returns a python3 that can import torch and numpy, or skips
// the test. /usr/bin/python3 (Debian's python3-torch) comes first: a pyenv
// shim on PATH may lack torch.
func torchPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil {
			if exec.Command(p, "-c", "import torch, numpy").Run() == nil {
				return p
			}
		}
	}
	t.Skip("no python3 with torch and numpy (apt-get install python3-torch python3-numpy; .ci/run installs them): PyTorch export test skipped")
	return ""
}

// tinyCNN is a 3-layer CNN (conv, conv, linear) with fixed seeds, and the
// script that saves one input batch for it.
const tinyCNN = `import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 4, 3, padding=1)
        self.c2 = nn.Conv2d(4, 8, 3, stride=2)
        self.fc = nn.Linear(8 * 3 * 3, 10)

    def forward(self, x):
        x = torch.relu(self.c1(x))
        x = torch.relu(self.c2(x))
        return self.fc(x.flatten(1))


def build():
    torch.manual_seed(0)
    return Net()


if __name__ == "__main__":
    import sys
    torch.manual_seed(1)
    torch.save(torch.randn(16, 1, 8, 8), sys.argv[1])
`

// TestExportLayersTorch runs scripts/export_layers.py with the real torch
// on a tiny 3-layer CNN, then 'axmul select' (in-process) on the exported
// model; issue 13 item 15: the export used to be rejected ("fortran_order
// True is not supported"). Checks: the files are C order, axmul reads
// features and weights so that features @ weights equals the outputs numpy
// computed, every chosen multiplier's predicted std is within the layer's
// max_std, and the same export with the weights re-saved in Fortran order
// gives the identical result.
func TestExportLayersTorch(t *testing.T) {
	py := torchPython(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tinycnn.py"), []byte(tinyCNN), 0o644); err != nil {
		t.Fatal(err)
	}
	batch := filepath.Join(dir, "batch.pt")
	pyRun := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(py, args...)
		cmd.Env = append(os.Environ(), "PYTHONPATH="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", py, args, err, out)
		}
		return string(out)
	}
	pyRun(filepath.Join(dir, "tinycnn.py"), batch)
	out := filepath.Join(dir, "export")
	script, err := filepath.Abs("../../scripts/export_layers.py")
	if err != nil {
		t.Fatal(err)
	}
	if msg := pyRun(script, "--model", "tinycnn:build", "--input", batch, "--out", out); !strings.Contains(msg, "wrote 3 layers") {
		t.Fatalf("export: %s", msg)
	}
	model := filepath.Join(out, "model.json")

	// The script writes C order.
	for _, name := range []string{"c1_features.npy", "c1_weights.npy", "c2_weights.npy", "fc_weights.npy"} {
		h, err := errmap.ReadTensorHeader(filepath.Join(out, name))
		if err != nil || h.Fortran {
			t.Errorf("%s: %+v, %v; want C order", name, h, err)
		}
	}
	layers, err := selection.LoadModel(model)
	if err != nil {
		t.Fatal(err)
	}
	wantFanIn := map[string]int{"c1": 9, "c2": 36, "fc": 72}
	if len(layers) != 3 {
		t.Fatalf("%d layers", len(layers))
	}
	for _, l := range layers {
		if l.FanIn != wantFanIn[l.Name] {
			t.Errorf("layer %s: fan_in %d, want %d", l.Name, l.FanIn, wantFanIn[l.Name])
		}
		// features @ weights in exact integers against numpy's outputs.
		for r := range l.Rows() {
			for o := range l.Out {
				s := 0
				for k := range l.FanIn {
					s += int(l.Features[r*l.FanIn+k]) * int(l.Weights[k*l.Out+o])
				}
				if float64(s) != l.Outputs[r*l.Out+o] {
					t.Fatalf("layer %s: row %d out %d: features @ weights = %d, numpy's outputs %v", l.Name, r, o, s, l.Outputs[r*l.Out+o])
				}
			}
		}
	}

	selectOn := func(model, res string) *selection.MatchingInfo {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"select", "--model", model, "-o", res}, &stdout, &stderr); code != 0 {
			t.Fatalf("select exit %d: %s", code, stderr.String())
		}
		m, err := selection.ReadResult(res)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	res := selectOn(model, filepath.Join(dir, "r1.json"))
	if len(res.Layers) != 3 {
		t.Fatalf("result has %d layers", len(res.Layers))
	}
	for i, l := range res.Layers {
		pred := l.MulStds[l.MultiplierName]
		if l.Name != layers[i].Name || !(l.MaxStd > 0) || math.IsInf(l.MaxStd, 0) || !(pred <= l.MaxStd) {
			t.Errorf("layer %s: max_std %v, %s predicted %v", l.Name, l.MaxStd, l.MultiplierName, pred)
		}
	}
	if r := res.RelativeEnergyConsumption(); !(r > 0 && r <= 1) {
		t.Errorf("relative energy %v, want in (0, 1]", r)
	}

	// The weights re-saved as numpy saves a transposed view (Fortran
	// order), as the export script did before: same result.
	pyRun("-c", fmt.Sprintf(`import glob, numpy as np
for p in glob.glob(%q):
    np.save(p, np.asfortranarray(np.load(p)))`, filepath.Join(out, "*_weights.npy")))
	if h, err := errmap.ReadTensorHeader(filepath.Join(out, "c2_weights.npy")); err != nil || !h.Fortran {
		t.Fatalf("re-saved weights: %+v, %v; want fortran_order True", h, err)
	}
	selectOn(model, filepath.Join(dir, "r2.json"))
	r1, _ := os.ReadFile(filepath.Join(dir, "r1.json"))
	r2, _ := os.ReadFile(filepath.Join(dir, "r2.json"))
	if !bytes.Equal(r1, r2) {
		t.Errorf("result with Fortran-ordered weights differs:\n%s\n%s", r1, r2)
	}
}
