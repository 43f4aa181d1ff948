package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/testshared"
	"github.com/axmul/axmul/selection"
)

// TestEvoApproxSelectEndToEnd runs the main job on real data: a bundle of
// the 37 unsigned 8x8 EvoApproxLib v2022 circuits, then selection on a
// small committed model whose three layers tolerate nothing (max_noise 0),
// anything (max_noise 1000) and something in between (0.05).
func TestEvoApproxSelectEndToEnd(t *testing.T) {
	root := testshared.Root()
	if root == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	src := filepath.Join(root, "evoapprox", "v2022")
	if _, err := os.Stat(src); err != nil {
		t.Fatalf("AXMUL_SHARED is set but %v", err)
	}
	tmp := t.TempDir()
	lib, res := filepath.Join(tmp, "LIB"), filepath.Join(tmp, "result.json")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gen", "--from", src, "--filter", "mul8u", "-o", lib}, &stdout, &stderr); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), ": 37 circuits, 0 failed") {
		t.Errorf("gen: %s", stdout.String())
	}
	stdout.Reset()
	args := []string{"select", "--model", "testdata/evomodel/model.json", "--library", lib, "--samples", "all", "-o", res}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("select: exit %d: %s", code, stderr.String())
	}
	t.Log(stdout.String())
	r, err := selection.ReadResult(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := gen.OpenBundle(lib)
	if err != nil {
		t.Fatal(err)
	}
	layers, err := selection.LoadModel("testdata/evomodel/model.json")
	if err != nil {
		t.Fatal(err)
	}
	// Operand values the first layer uses (all rows are sampled).
	var xs, ws [256]bool
	for _, v := range layers[0].Features {
		xs[int(v)+128] = true
	}
	for _, v := range layers[0].Weights {
		ws[int(v)+128] = true
	}
	power := map[string]float64{}
	exact := map[string]bool{} // error 0 on every operand pair the first layer uses
	for _, e := range b.Entries() {
		p, ok := e.Published["power_mw"]
		if !ok {
			t.Fatalf("%s has no published power", e.Name)
		}
		power[e.Name] = p.Value
		em, err := b.Int8Map(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		exact[e.Name] = true
		for x := -128; x < 128; x++ {
			for w := -128; w < 128; w++ {
				if d, _ := em.Error(int64(x), int64(w)); xs[x+128] && ws[w+128] && d != 0 {
					exact[e.Name] = false
				}
			}
		}
	}
	if len(power) != 37 {
		t.Fatalf("%d multipliers in the bundle, want 37", len(power))
	}
	// Hand-checkable choices: for max_noise 0 the cheapest multiplier that
	// is exact on the layer's operands, for max_noise 1000 the cheapest of
	// all (ties go to the later name).
	cheapest := func(keep func(string) bool) string {
		best := ""
		for n, p := range power {
			if keep(n) && (best == "" || p < power[best] || (p == power[best] && n > best)) {
				best = n
			}
		}
		return best
	}
	wantExact := cheapest(func(n string) bool { return exact[n] })
	wantAny := cheapest(func(string) bool { return true })
	if len(r.Layers) != 3 {
		t.Fatalf("%d layers", len(r.Layers))
	}
	if got := r.Layers[0].MultiplierName; got != wantExact {
		t.Errorf("exact_only: chose %s, want the cheapest exact multiplier %s", got, wantExact)
	}
	if got := r.Layers[1].MultiplierName; got != wantAny {
		t.Errorf("anything: chose %s, want the cheapest multiplier %s", got, wantAny)
	}
	// In between: the choice fits, every cheaper multiplier does not, and
	// it is neither extreme.
	l := r.Layers[2]
	if l.MulStds[l.MultiplierName] > l.MaxStd {
		t.Errorf("between: %s predicted %g > max_std %g", l.MultiplierName, l.MulStds[l.MultiplierName], l.MaxStd)
	}
	for n, std := range l.MulStds {
		if power[n] < power[l.MultiplierName] && std <= l.MaxStd {
			t.Errorf("between: %s is cheaper (%g < %g mW) and fits (%g <= %g)", n, power[n], power[l.MultiplierName], std, l.MaxStd)
		}
	}
	if l.MultiplierName == wantExact || l.MultiplierName == wantAny {
		t.Errorf("between: chose %s, an extreme", l.MultiplierName)
	}
	// Pinned outcome of this data (regression check of the whole pipeline).
	want := []string{"mul8u_12KA", "mul8u_TD3", "mul8u_BG1"}
	for i, w := range want {
		if r.Layers[i].MultiplierName != w {
			t.Errorf("layer %s: chose %s, pinned %s", r.Layers[i].Name, r.Layers[i].MultiplierName, w)
		}
	}
	// Deployment of that result writes one LUT per layer.
	out := filepath.Join(tmp, "deploy")
	stdout.Reset()
	if code := run(context.Background(), []string{"deploy", "--result", res, "--library", lib, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("deploy: exit %d: %s", code, stderr.String())
	}
	a, err := selection.ReadAssignment(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Layers) != 3 || a.Layers[2].MultiplierName != l.MultiplierName {
		t.Errorf("assignment %+v", a.Layers)
	}
}
