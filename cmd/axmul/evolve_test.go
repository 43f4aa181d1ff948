package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/selection"
)

// TestEvolveFlagErrors: bad flags exit 2 with a message naming the flag,
// before any work (nothing is written).
func TestEvolveFlagErrors(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	full := func(extra ...string) []string {
		return append([]string{"evolve", "--metric", "mae", "--max", "10", "--generations", "5", "-o", out}, extra...)
	}
	notDir := filepath.Join(tmp, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	full0 := func(o string) []string {
		return []string{"evolve", "--metric", "mae", "--max", "1", "--generations", "1", "-o", o}
	}
	for _, tc := range []struct {
		name string
		args []string
		exit int
		want string
	}{
		{"no output", []string{"evolve", "--metric", "mae", "--max", "1", "--generations", "1"}, 2, "-o DIR is required"},
		{"no end", []string{"evolve", "--metric", "mae", "--max", "1", "-o", out}, 2, "give --generations N or --time D"},
		{"no constraint", []string{"evolve", "--generations", "1", "-o", out}, 2, "no constraint: give --metric"},
		{"bad metric", []string{"evolve", "--metric", "mse", "--max", "1", "--generations", "1", "-o", out}, 2, `--metric "mse": want mae, wce, mre or ep`},
		{"metric without max", []string{"evolve", "--metric", "wce", "--generations", "1", "-o", out}, 2, "--metric wce needs --max X"},
		{"max without metric", []string{"evolve", "--model", "m.json", "--layer", "l", "--max", "3", "--generations", "1", "-o", out}, 2, "--max needs --metric"},
		{"both constraints", full("--model", "m.json", "--layer", "conv1"), 2, "are exclusive"},
		{"model without layer", []string{"evolve", "--model", "m.json", "--generations", "1", "-o", out}, 2, "a layer constraint needs --layer L"},
		{"unknown demo layer", []string{"evolve", "--layer", "nope", "--generations", "1", "-o", out}, 1, `the built-in demo model: no layer "nope" (layers: conv1, conv2, fc)`},
		{"zero target std", []string{"evolve", "--model", "m.json", "--layer", "l", "--target-std", "0", "--generations", "1", "-o", out}, 2, "--target-std 0: want a number > 0"},
		{"negative max", full("--max", "-1"), 2, `invalid value "-1" for flag -max: want a number in 0..`},
		{"nan max", full("--max", "NaN"), 2, `invalid value "NaN" for flag -max`},
		{"lambda 0", full("--lambda", "0"), 2, `invalid value "0" for flag -lambda: want an integer in 1..1024`},
		{"lambda huge", full("--lambda", "99999"), 2, "flag -lambda: want an integer in 1..1024"},
		{"mutations 0", full("--mutations", "0"), 2, "flag -mutations: want an integer in 1..1024"},
		{"generations negative", full("--generations", "-3"), 2, "flag -generations: want an integer in 0.."},
		{"jobs negative", full("--jobs", "-1"), 2, "flag -jobs: want an integer in 0..4096"},
		{"pareto too many", full("--pareto", "65"), 2, "flag -pareto: want an integer in 0..64"},
		{"seed not a number", full("--seed", "x"), 2, `invalid value "x" for flag -seed`},
		{"bad time", full("--time", "5 minutes"), 2, `invalid value "5 minutes" for flag -time`},
		{"negative time", full("--time", "-5m"), 2, "--time -5m0s: want a positive duration"},
		{"bad objective", full("--objective", "delay"), 2, `--objective "delay": want gates, area or power`},
		{"power without liberty", full("--objective", "power"), 2, "--objective power needs --liberty FILE"},
		{"area without liberty", full("--objective", "area"), 2, "--objective area needs --liberty FILE"},
		{"bad format", full("--format", "v,edif"), 2, `--format "v,edif": want a comma-separated list of v, blif and aag`},
		{"bad name", full("--name", "a-b"), 2, `--name "a-b": want 1 to 64 letters`},
		{"extra argument", full("x.v"), 2, `unexpected arguments ["x.v"]`},
		{"output parent missing", []string{"evolve", "--metric", "mae", "--max", "1", "--generations", "1", "-o", filepath.Join(tmp, "no", "out")}, 1, "folder " + filepath.Join(tmp, "no") + " does not exist"},
		{"output a file", []string{"evolve", "--metric", "mae", "--max", "1", "--generations", "1", "-o", notDir}, 1, "exists and is not a folder"},
		{"output not empty", full0(tmp), 1, "-o " + tmp + ": exists and is not empty"},
		{"out-lib is -o", full("--out-lib", out+"/"), 2, "-o and --out-lib name the same folder"},
		{"out-lib not a bundle", full("--out-lib", tmp), 1, "--out-lib " + tmp + ": exists and is not a library bundle"},
		{"out-lib parent missing", full("--out-lib", filepath.Join(tmp, "no", "lib")), 1, "--out-lib " + filepath.Join(tmp, "no", "lib")},
		{"checkpoint a folder", full("--checkpoint", tmp), 1, "--checkpoint"},
		{"unknown builtin", full("--seed-netlist", "builtin:mul8u_nope"), 2, `no built-in circuit "mul8u_nope"`},
		{"missing seed netlist", full("--seed-netlist", filepath.Join(tmp, "none.v")), 1, "--seed-netlist: open " + filepath.Join(tmp, "none.v")},
		{"missing model", []string{"evolve", "--model", filepath.Join(tmp, "none.json"), "--layer", "l", "--generations", "1", "-o", out}, 1, filepath.Join(tmp, "none.json")},
		{"unknown layer", []string{"evolve", "--model", "testdata/evomodel/model.json", "--layer", "nope", "--generations", "1", "-o", out}, 1, `no layer "nope" (layers: `},
		{"seed over the bound", full("--seed-netlist", "builtin:mul8u_trunc8", "--metric", "wce", "--max", "1"), 1, "the seed mul8u_trunc8 does not meet the constraint: wce <= 1, but it has 1793"},
		{"bad samples", []string{"evolve", "--model", "testdata/evomodel/model.json", "--layer", "nope", "--samples", "0", "--generations", "1", "-o", out}, 2, `--samples "0"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			if code != tc.exit || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tc.exit, tc.want)
			}
			if code == 2 && !strings.Contains(stderr.String(), "usage: axmul evolve") {
				t.Errorf("usage error without the usage line: %q", stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written by a failed run", out)
			}
		})
	}
}

// seed4x4 writes the exact unsigned 4x4 array multiplier of gen/param
// into a temporary folder and returns its path.
func seed4x4(t *testing.T) string {
	t.Helper()
	s, err := param.NewArray(4, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), s.Name+".v")
	if err := os.WriteFile(p, s.Verilog(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runEvo runs axmul evolve in-process and returns stdout, failing the
// test on a non-zero exit.
func runEvo(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), append([]string{"evolve"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("axmul evolve %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %q", stderr.String())
	}
	return stdout.String()
}

// readTree returns every file below dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readSummary(t *testing.T, dir string) evoSummary {
	t.Helper()
	var s evoSummary
	b, err := os.ReadFile(filepath.Join(dir, evoSummaryJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEvolveDeterministic: a short run on a 4x4 seed writes the same
// bytes twice and for --jobs 1 and 2 (with --pareto 2 the targets run one
// after the other or side by side), and every written circuit, read back
// by gen.Load and simulated by gen.Characterise (errmap's metrics, not
// the evolution's bit-sliced constraint), meets its bound with the value
// the summary reports.
func TestEvolveDeterministic(t *testing.T) {
	seed := seed4x4(t)
	tmp := t.TempDir()
	var first map[string]string
	for i, jobs := range []string{"1", "1", "2"} {
		out := filepath.Join(tmp, fmt.Sprint("out", i))
		stdout := runEvo(t, "--seed-netlist", seed, "--metric", "mae", "--max", "6", "--pareto", "2", "--generations", "300",
			"--seed", "7", "--jobs", jobs, "--format", "v,blif,aag", "-o", out)
		if !strings.Contains(stdout, "wrote "+out+": 2 circuits, 2402 evaluations") {
			t.Errorf("stdout %q: want 2 circuits of 1 + 300·4 evaluations each", stdout)
		}
		got := readTree(t, out)
		if first == nil {
			first = got
			continue
		}
		if len(got) != len(first) {
			t.Fatalf("--jobs %s: files %d, want %d", jobs, len(got), len(first))
		}
		for name, b := range first {
			if got[name] != b {
				t.Errorf("--jobs %s run %d: %s differs", jobs, i, name)
			}
		}
	}
	if len(first) != 8 {
		t.Errorf("files %v: want 3 formats x 2 circuits and 2 summaries", len(first))
	}
	s := readSummary(t, filepath.Join(tmp, "out0"))
	if len(s.Multipliers) != 2 || s.SeedGates == 0 {
		t.Fatalf("summary %+v", s)
	}
	for k, r := range s.Multipliers {
		if want := fmt.Sprintf("mul4u_evo_p%d", k+1); r.Name != want {
			t.Errorf("name %s, want %s", r.Name, want)
		}
		if wantMax := []float64{3, 6}[k]; r.Max != wantMax || r.Constraint != fmt.Sprintf("mae <= %g", wantMax) {
			t.Errorf("%s: bound %v (%s), want %v (the exact seed's 0 up to 6 in 2 steps)", r.Name, r.Max, r.Constraint, wantMax)
		}
		for _, f := range r.Files {
			c, err := gen.Load(filepath.Join(tmp, "out0", f), gen.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := gen.Characterise(context.Background(), c, gen.CharOptions{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			// MAE over 256 pairs: a sum of integers divided by a power
			// of two, exact in float64 on both sides.
			if res.Metrics.MAE != r.Value || r.Value > r.Max || r.Slack != r.Max-r.Value {
				t.Errorf("%s: re-simulated MAE %v, summary value %v, slack %v, bound %v", f, res.Metrics.MAE, r.Value, r.Slack, r.Max)
			}
		}
		if r.Gates >= s.SeedGates || r.Cost != float64(r.Gates) {
			t.Errorf("%s: %d gates (cost %v), seed %d: want fewer gates than the exact seed", r.Name, r.Gates, r.Cost, s.SeedGates)
		}
	}
	if s.Multipliers[0].Metrics.MAE > s.Multipliers[1].Max {
		t.Errorf("front out of order: %+v", s.Multipliers)
	}
}

// oneLayerModel writes a model manifest holding only layer conv2 of
// testdata/model (ReLU-like activations) and returns its path.
func oneLayerModel(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", "..", "testdata", "model"))
	if err != nil {
		t.Fatal(err)
	}
	m := fmt.Sprintf(`{"layers": [{"name": "conv2", "fan_in": 16, "opcount": 6144, "max_noise": 0.02233,
  "features": %q, "weights": %q}]}`, filepath.Join(abs, "conv2_features.npy"), filepath.Join(abs, "conv2_weights.npy"))
	p := filepath.Join(t.TempDir(), "model.json")
	if err := os.WriteFile(p, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEvolveLayerOutLib evolves the 8x8 seed for a layer and checks that
// the --out-lib bundle serves select and deploy directly: select on that
// layer chooses the evolved circuit and predicts for it the std the
// evolution reported (the same population model on the same bits), and
// deploy writes its LUT, which equals the written netlist's products.
func TestEvolveLayerOutLib(t *testing.T) {
	model := oneLayerModel(t)
	tmp := t.TempDir()
	out, lib := filepath.Join(tmp, "out"), filepath.Join(tmp, "lib")
	runEvo(t, "--model", model, "--layer", "conv2", "--generations", "150", "--pareto", "2", "-o", out, "--out-lib", lib)
	s := readSummary(t, out)
	if len(s.Multipliers) != 2 {
		t.Fatalf("summary %+v", s)
	}
	res := filepath.Join(tmp, "result.json")
	runOK(t, "select", "--model", model, "--library", lib, "--metric", "gates", "-o", res)
	r, err := selection.ReadResult(res)
	if err != nil {
		t.Fatal(err)
	}
	l := r.Layers[0]
	byName := map[string]evoRecord{}
	for _, m := range s.Multipliers {
		byName[m.Name] = m
		if got := l.MulStds[m.Name]; got != m.Value {
			t.Errorf("%s: select predicts std %v, evolve reported %v", m.Name, got, m.Value)
		}
		if m.Value > l.MaxStd || m.Max > l.MaxStd*(1+1e-12) {
			t.Errorf("%s: std %v, bound %v; layer max_std %v", m.Name, m.Value, m.Max, l.MaxStd)
		}
	}
	// Both fit, so select takes the one of fewer gates (of equal ones
	// the later name).
	want := s.Multipliers[1].Name
	if s.Multipliers[0].Gates < s.Multipliers[1].Gates {
		want = s.Multipliers[0].Name
	}
	if l.MultiplierName != want {
		t.Errorf("select chose %s, want %s (%+v)", l.MultiplierName, want, byName)
	}
	// gen --from the output folder finds the circuits and skips the
	// summary (a .json that is not a Yosys netlist).
	if got := runOK(t, "gen", "--no-cache", "--from", out, "-o", filepath.Join(tmp, "lib2")); !strings.Contains(got, ": 2 circuits, 0 failed") {
		t.Errorf("gen --from %s: %q", out, got)
	}
	dep := filepath.Join(tmp, "deploy")
	runOK(t, "deploy", "--result", res, "--library", lib, "-o", dep)
	if _, err := os.Stat(filepath.Join(dep, "assignment.json")); err != nil {
		t.Fatal(err)
	}
	b, err := gen.OpenBundle(lib)
	if err != nil {
		t.Fatal(err)
	}
	lut, err := b.LUT(want)
	if err != nil {
		t.Fatal(err)
	}
	c, err := gen.Load(filepath.Join(out, byName[want].Files[0]), gen.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prods, err := c.Multiplier().Products()
	if err != nil {
		t.Fatal(err)
	}
	// Non-negative int8 operands are the circuit's own (unsigned 8x8,
	// sign-magnitude for the rest).
	for _, ab := range [][2]int{{0, 0}, {3, 120}, {127, 127}, {17, 100}, {126, 1}} {
		a, b := ab[0], ab[1]
		if got := int64(prods[b<<8|a]); int64(lut[a<<8|b]) != got {
			t.Errorf("LUT[%d,%d] = %d, netlist %d", a, b, lut[a<<8|b], got)
		}
	}
}

// TestEvolveCheckpointResume: 120 generations, then resumed from the
// checkpoint to 300, give byte for byte the output of 300 generations in
// one run; a checkpoint of other settings is refused with a clear error.
func TestEvolveCheckpointResume(t *testing.T) {
	seed := seed4x4(t)
	tmp := t.TempDir()
	common := []string{"--seed-netlist", seed, "--metric", "wce", "--max", "12", "--pareto", "2", "--seed", "3"}
	whole := filepath.Join(tmp, "whole")
	runEvo(t, append(common, "--generations", "300", "-o", whole)...)
	ck := filepath.Join(tmp, "ck.json")
	runEvo(t, append(common, "--generations", "120", "--checkpoint", ck, "-o", filepath.Join(tmp, "part"))...)
	for _, p := range []string{ck + ".p1", ck + ".p2"} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("checkpoint of a --pareto 2 target: %v", err)
		}
	}
	if s := readSummary(t, filepath.Join(tmp, "part")); s.Multipliers[0].Generations != 120 {
		t.Fatalf("first part ran %d generations, want 120", s.Multipliers[0].Generations)
	}
	resumed := filepath.Join(tmp, "resumed")
	runEvo(t, append(common, "--generations", "300", "--checkpoint", ck, "-o", resumed)...)
	a, b := readTree(t, whole), readTree(t, resumed)
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("files %d and %d", len(a), len(b))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between the uninterrupted and the resumed run:\n%s\n---\n%s", name, data, b[name])
		}
	}
	var stdout, stderr bytes.Buffer
	args := []string{"evolve", "--seed-netlist", seed, "--metric", "wce", "--max", "10", "--pareto", "2", "--seed", "3", "--generations", "300", "--checkpoint", ck, "-o", filepath.Join(tmp, "other")}
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--checkpoint "+ck+": written by a run with other options") || !strings.Contains(stderr.String(), "max was 12, now 10") {
		t.Errorf("resuming under another bound: exit %d, %q; want exit 1 naming the checkpoint and the setting", code, stderr.String())
	}
	// Without the options file the engine's own check still refuses it.
	if err := os.Remove(ck + ".options.json"); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "other settings") || !strings.Contains(stderr.String(), ck+".p1") {
		t.Errorf("resuming under another bound: exit %d, %q; want exit 1 naming the checkpoint and the settings", code, stderr.String())
	}
	if _, err := os.Stat(ck + ".options.json"); err == nil {
		t.Error("a refused resume wrote an options file for the checkpoint it did not write")
	}
	// The layer's row sample is not in the constraint's name, which the
	// engine compares; the options file catches it.
	lck := filepath.Join(tmp, "layer.json")
	runEvo(t, "--layer", "conv2", "--generations", "5", "--checkpoint", lck, "-o", filepath.Join(tmp, "l1"))
	stderr.Reset()
	args = []string{"evolve", "--layer", "conv2", "--samples", "100", "--generations", "10", "--checkpoint", lck, "-o", filepath.Join(tmp, "l2")}
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), `samples was "512", now "100"`) {
		t.Errorf("resuming with another --samples: exit %d, %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(tmp, "other")); err == nil {
		t.Error("a refused resume wrote its output folder")
	}
}

// TestEvolvePowerObjective: with --objective power and --liberty, the
// summary's exact-flow power and area of each circuit are those gen
// --liberty records for it in the --out-lib bundle (the same hw flow,
// reached two ways), and the evolution's estimate is reported as the
// cost.
func TestEvolvePowerObjective(t *testing.T) {
	seed := seed4x4(t)
	tmp := t.TempDir()
	out, lib := filepath.Join(tmp, "out"), filepath.Join(tmp, "lib")
	for _, obj := range []string{"power", "area"} {
		o, l := out+obj, lib+obj
		stdout := runEvo(t, "--seed-netlist", seed, "--metric", "ep", "--max", "50", "--objective", obj, "--liberty", tinyLibPath,
			"--generations", "200", "-o", o, "--out-lib", l)
		s := readSummary(t, o)
		r := s.Multipliers[0]
		if r.PowerMW == nil || r.AreaUm2 == nil || !strings.HasPrefix(r.Objective, obj+" (tiny") || !(r.Cost > 0) {
			t.Fatalf("record %+v: want exact-flow figures and an estimated %s cost", r, obj)
		}
		if !strings.Contains(stdout, obj+" (tiny") {
			t.Errorf("stdout %q: want the objective named", stdout)
		}
		b, err := gen.OpenBundle(l)
		if err != nil {
			t.Fatal(err)
		}
		en, ok := b.Entry(r.Name)
		if !ok || en.Estimated == nil {
			t.Fatalf("bundle entry %s: %+v", r.Name, en)
		}
		if en.Estimated.PowerMW != *r.PowerMW || en.Estimated.AreaUm2 != *r.AreaUm2 || en.Gates == 0 {
			t.Errorf("bundle %v mW %v um2, summary %v mW %v um2", en.Estimated.PowerMW, en.Estimated.AreaUm2, *r.PowerMW, *r.AreaUm2)
		}
		if en.Metrics.EPPct != r.Value || r.Value > 50 {
			t.Errorf("bundle EP %v%%, summary %v%%", en.Metrics.EPPct, r.Value)
		}
	}
}

// TestEvolveMetricsAgree: for every --metric, the value the evolution
// reports (its bit-sliced constraint) equals the metric errmap computes
// from the written netlist's re-simulation (gen.Characterise, MRE over
// the pairs whose exact product is not 0): two independent computations.
func TestEvolveMetricsAgree(t *testing.T) {
	seed := seed4x4(t)
	for _, tc := range []struct {
		metric, max string
		value       func(m gen.EntryMetrics) float64
	}{
		{"mae", "4", func(m gen.EntryMetrics) float64 { return m.MAE }},
		{"wce", "16", func(m gen.EntryMetrics) float64 { return float64(m.WCE) }},
		{"mre", "10", func(m gen.EntryMetrics) float64 { return m.MREPct }},
		{"ep", "40", func(m gen.EntryMetrics) float64 { return m.EPPct }},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			runEvo(t, "--seed-netlist", seed, "--metric", tc.metric, "--max", tc.max, "--generations", "400", "-o", out)
			r := readSummary(t, out).Multipliers[0]
			got := tc.value(r.Metrics)
			// Sums over 256 pairs in a different order: a few ulps.
			if math.Abs(got-r.Value) > 1e-12*math.Max(1, math.Abs(got)) || r.Value > r.Max || r.Metrics.MREZero != "exclude" {
				t.Errorf("%s: reported %v, errmap %v (bound %v, %+v)", tc.metric, r.Value, got, r.Max, r.Metrics)
			}
			if r.Gates >= readSummary(t, out).SeedGates {
				t.Errorf("%s: %d gates, no fewer than the seed", tc.metric, r.Gates)
			}
		})
	}
}

// TestEvolveSeedRoles: a seed whose ports are not A, B, O is read with
// --ports and --tie as sim reads it, and the written circuits have ports
// A, B and O.
func TestEvolveSeedRoles(t *testing.T) {
	tmp := t.TempDir()
	for i, args := range [][]string{
		{"--seed-netlist", "../../testdata/foreign/ports-swapped.v", "--ports", "X,Y,Z"},
		{"--seed-netlist", "../../testdata/foreign/clk-en.v", "--tie", "clk=0", "--tie", "en=1"},
	} {
		out := filepath.Join(tmp, fmt.Sprint(i))
		runEvo(t, append(args, "--metric", "wce", "--max", "200", "--generations", "50", "-o", out)...)
		n, err := netio.Open(filepath.Join(out, "v", "mul8u_evo.v"), netio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var ports []string
		for _, p := range n.Ports {
			ports = append(ports, fmt.Sprintf("%s[%d]", p.Name, p.Width()))
		}
		if got := strings.Join(ports, " "); got != "A[8] B[8] O[16]" {
			t.Errorf("%v: ports %s, want A[8] B[8] O[16]", args, got)
		}
	}
}
