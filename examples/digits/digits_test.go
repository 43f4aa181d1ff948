package digits

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/axmul/axmul/internal/testshared"
)

// torchPython returns a Python interpreter that imports torch, numpy and
// sklearn, or "" when there is none.
func torchPython() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import torch, numpy, sklearn").Run() == nil {
			return p
		}
	}
	return ""
}

type runResult struct {
	Int8Accuracy float64 `json:"int8_accuracy"`
	Control      struct {
		Int8Accuracy   float64 `json:"int8_accuracy"`
		ApproxAccuracy float64 `json:"approx_accuracy"`
	} `json:"control"`
	Runs []struct {
		Lam            float64  `json:"lam"`
		Library        string   `json:"library"`
		Criterion      string   `json:"criterion"`
		Orientation    string   `json:"orientation"`
		ApproxAccuracy float64  `json:"approx_accuracy"`
		EnergyVsExact  *float64 `json:"energy_vs_exact"`
		RelEnergy      float64  `json:"relative_energy"`
	} `json:"runs"`
}

// TestDigitsEndToEnd trains the CNN, learns tolerances, selects, deploys and
// evaluates with real torch. Checks: the exact-control deployment (max_noise
// 0) reproduces the exact int8 accuracy through the LUTs bit for bit; every
// approximate deployment saves energy; with the EvoApprox v2022 mul8u library
// at least one noise setting saves >= 30 % energy against the exact
// multiplier within 1 percentage point of the exact int8 accuracy;
// --orientation best never raises the relative energy (std and channel
// criteria); where the std criterion loses more than 5 points the channel
// criterion loses no more.
func TestDigitsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network: not in -short")
	}
	py := torchPython()
	if py == "" {
		t.Skip("no python3 with torch, numpy and sklearn (apt-get install python3-torch python3-sklearn python3-numpy)")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "axmul")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/axmul").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	args := []string{"run.py", "--axmul", bin, "--work", work, "--lams", "0.01,0.3", "--finetune", "2"}
	shared := testshared.Root()
	if shared != "" {
		testshared.Dir(t, "evoapprox", "v2022")
		args = append(args, "--shared", shared)
	} else {
		args = append(args, "--shared", filepath.Join(work, "no-shared"))
	}
	cmd := exec.Command(py, args...)
	out, err := cmd.CombinedOutput()
	t.Logf("run.py:\n%s", out)
	if err != nil {
		t.Fatalf("run.py: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(work, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r runResult
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Int8Accuracy < 0.9 {
		t.Errorf("exact int8 accuracy %.4f: the network did not train", r.Int8Accuracy)
	}
	if r.Control.ApproxAccuracy != r.Int8Accuracy || r.Control.Int8Accuracy != r.Int8Accuracy {
		t.Errorf("exact control through LUTs: accuracy %.6f, exact int8 %.6f: the LUT path is not exact",
			r.Control.ApproxAccuracy, r.Int8Accuracy)
	}
	if len(r.Runs) == 0 {
		t.Fatal("no runs")
	}
	met := false
	for _, run := range r.Runs {
		if run.RelEnergy >= 1 {
			t.Errorf("lam %g %s: relative energy %.3f: nothing saved", run.Lam, run.Library, run.RelEnergy)
		}
		if run.Library == "v2022 mul8u" && run.EnergyVsExact != nil && *run.EnergyVsExact <= 0.7 &&
			r.Int8Accuracy-run.ApproxAccuracy <= 0.01 {
			met = true
		}
	}
	if shared != "" && !met {
		t.Errorf("no v2022 mul8u run saves >= 30 %% energy within 1 pp of exact int8 accuracy")
	}
	// --orientation best never costs energy, under either criterion.
	energyA := map[string]float64{}
	for _, run := range r.Runs {
		if run.Orientation == "A" {
			energyA[fmt.Sprint(run.Lam, run.Library, run.Criterion)] = run.RelEnergy
		}
	}
	nBest := 0
	for _, run := range r.Runs {
		if run.Orientation != "best" {
			continue
		}
		nBest++
		a, ok := energyA[fmt.Sprint(run.Lam, run.Library, run.Criterion)]
		if !ok || run.RelEnergy > a {
			t.Errorf("lam %g %s %s: relative energy %.4f with --orientation best, %.4f (found %t) with A", run.Lam, run.Library, run.Criterion, run.RelEnergy, a, ok)
		}
	}
	if nBest == 0 {
		t.Error("no --orientation best runs")
	}
	// Where the std criterion loses accuracy, the channel criterion loses
	// no more (it sees the channels a circuit zeroes).
	loss := map[string]float64{}
	for _, run := range r.Runs {
		if run.Orientation == "A" {
			loss[fmt.Sprint(run.Lam, run.Library, run.Criterion)] = r.Int8Accuracy - run.ApproxAccuracy
		}
	}
	for _, run := range r.Runs {
		if run.Criterion != "std" || run.Orientation != "A" {
			continue
		}
		ch, ok := loss[fmt.Sprint(run.Lam, run.Library, "channel")]
		if ok && r.Int8Accuracy-run.ApproxAccuracy > 0.05 && ch > r.Int8Accuracy-run.ApproxAccuracy {
			t.Errorf("lam %g %s: channel criterion loses %.4f, std %.4f", run.Lam, run.Library, ch, r.Int8Accuracy-run.ApproxAccuracy)
		}
	}
}
