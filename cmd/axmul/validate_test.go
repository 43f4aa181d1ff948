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

	"github.com/axmul/axmul/selection"
)

// TestSelectValidateDeployChain drives select, validate and deploy as a
// script would: the result's choices and orientations are validated from
// the JSON report and deployed with the recorded ports.
func TestSelectValidateDeployChain(t *testing.T) {
	tmp := t.TempDir()
	res := filepath.Join(tmp, "r.json")
	model := "../../testdata/model/model.json"
	runOK(t, "select", "--model", model, "--orientation", "best", "--samples", "all", "-o", res)
	r, err := selection.ReadResult(res)
	if err != nil {
		t.Fatal(err)
	}
	rep := filepath.Join(tmp, "v.json")
	out := runOK(t, "validate", "--model", model, "--result", res, "--samples", "all", "--format", "json", "-o", rep)
	var fromStdout, fromFile validationReport
	if err := json.Unmarshal([]byte(out), &fromStdout); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &fromFile); err != nil {
		t.Fatal(err)
	}
	if len(fromFile.Validations) != len(r.Layers) || len(fromStdout.Validations) != len(r.Layers) {
		t.Fatalf("%d/%d validations for %d layers", len(fromFile.Validations), len(fromStdout.Validations), len(r.Layers))
	}
	for i, v := range fromFile.Validations {
		l := r.Layers[i]
		if v.Layer != l.Name || v.Multiplier != l.MultiplierName || v.ActivationPort != l.Port() || !v.Chosen {
			t.Errorf("validation %d: %s/%s/%s, result %s/%s/%s", i, v.Layer, v.Multiplier, v.ActivationPort, l.Name, l.MultiplierName, l.Port())
		}
		// The prediction is the selection's (same samples and seed).
		if v.PredictedStd != l.MulStds[l.MultiplierName] {
			t.Errorf("layer %s: predicted %v, result %v", l.Name, v.PredictedStd, l.MulStds[l.MultiplierName])
		}
		if w := fromStdout.Validations[i]; v.Layer != w.Layer || v.MeasuredStd != w.MeasuredStd || v.MeasuredMean != w.MeasuredMean {
			t.Errorf("stdout and file reports differ at %d", i)
		}
	}
	// select --validate prints the same validation table as validate
	// --result on the result it writes.
	sel := runOK(t, "select", "--model", model, "--orientation", "best", "--samples", "all", "--validate", "-o", filepath.Join(tmp, "r2.json"))
	val := runOK(t, "validate", "--model", model, "--result", res, "--samples", "all")
	table := func(s string) string {
		i := strings.Index(s, "layer  multiplier")
		if i < 0 {
			t.Fatalf("no validation table in:\n%s", s)
		}
		s = s[i:]
		if j := strings.Index(s, "\nwrote "); j >= 0 {
			s = s[:j+1]
		}
		return s
	}
	if a, b := table(sel), table(val); a != b || strings.Count(a, "\n") < len(r.Layers)+1 {
		t.Errorf("select --validate table:\n%s\nvalidate --result table:\n%s", a, b)
	}
	dir := filepath.Join(tmp, "deploy")
	runOK(t, "deploy", "--result", res, "-o", dir)
	asg, err := selection.ReadAssignment(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, al := range asg.Layers {
		if al.ActivationPort != r.Layers[i].Port() {
			t.Errorf("layer %s: deployed port %s, result %s", al.Name, al.ActivationPort, r.Layers[i].Port())
		}
	}
	// A port that contradicts the result is refused.
	var stdout, stderr bytes.Buffer
	r.Layers[0].ActivationPort = selection.PortB
	data, _ = json.Marshal(r)
	os.WriteFile(res, data, 0o644)
	if code := run(context.Background(), []string{"deploy", "--result", res, "--activation-port", "A", "-o", filepath.Join(tmp, "d2")}, &stdout, &stderr); code != 1 {
		t.Errorf("deploy with a contradicting port: exit %d, %s", code, stderr.String())
	}
}

// TestPlotCommands draws both figures in both formats and decodes the PNGs.
func TestPlotCommands(t *testing.T) {
	tmp := t.TempDir()
	res, rep := filepath.Join(tmp, "r.json"), filepath.Join(tmp, "v.json")
	runOK(t, "select", "-o", res)
	runOK(t, "validate", "--result", res, "--multipliers", "all", "-o", rep)
	for _, ext := range []string{"svg", "png"} {
		v, l := filepath.Join(tmp, "v."+ext), filepath.Join(tmp, "l."+ext)
		mae, demo := filepath.Join(tmp, "mae."+ext), filepath.Join(tmp, "demo."+ext)
		runOK(t, "plot", "validate", rep, "-o", v)
		runOK(t, "plot", "library", "--model", "../../testdata/model/model.json", "--layer", "conv2", "-o", l)
		runOK(t, "plot", "library", "-o", mae)
		runOK(t, "plot", "library", "--layer", "fc", "-o", demo) // the built-in demo model's layer
		for _, p := range []string{v, l, mae, demo} {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if ext == "png" {
				if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
			} else if !bytes.Contains(data, []byte("</svg>")) {
				t.Fatalf("%s: not SVG", p)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"plot", "validate", rep, "-o", filepath.Join(tmp, "x.gif")}, &stdout, &stderr); code != 1 {
		t.Errorf("plot to .gif: exit %d", code)
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"plot", "library", "--model", "../../testdata/model/model.json", "-o", filepath.Join(tmp, "x.svg")}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "--model needs --layer") {
		t.Errorf("plot library --model without --layer: exit %d, %s", code, stderr.String())
	}
}
