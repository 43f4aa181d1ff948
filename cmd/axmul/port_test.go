package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/selection"
)

// asymNetlists writes 8x8 unsigned multipliers to a fresh folder: the
// exact one and truncations of one operand (asymmetric: their error
// depends on which port gets the activations).
func asymNetlists(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	nets := map[string]string{
		"mul8u_exact": "A * B",
		"mul8u_ta2":   "{A[7:2], 2'b00} * B",
		"mul8u_ta4":   "{A[7:4], 4'b0000} * B",
		"mul8u_tb3":   "A * {B[7:3], 3'b000}",
		"mul8u_tb5":   "A * {B[7:5], 5'b00000}",
	}
	for name, expr := range nets {
		v := fmt.Sprintf("module %s (A, B, O);\n  input [7:0] A;\n  input [7:0] B;\n  output [15:0] O;\n  assign O = %s;\nendmodule\n", name, expr)
		if err := os.WriteFile(filepath.Join(dir, name+".v"), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readJSON decodes a JSON file into v.
func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestGenActivationPortChain checks a bundle built with gen
// --activation-port B against the default bundle used with
// --activation-port B: select (the bundle's port is its default; also
// under --orientation best and the channel criterion), deploy (the same
// LUT files, equal to the bundle's stored port-B LUTs) and validate give
// the same results; results without ports deploy with the bundle's port.
func TestGenActivationPortChain(t *testing.T) {
	src := asymNetlists(t)
	tmp := t.TempDir()
	p := func(s string) string { return filepath.Join(tmp, s) }
	runOK(t, "gen", "--no-cache", "--from", src, "-o", p("libA"))
	runOK(t, "gen", "--no-cache", "--from", src, "--activation-port", "B", "-o", p("libB"))
	model := "../../testdata/model/model.json"
	variants := []struct {
		name   string
		common []string // both runs
		onA    []string // on the port-A bundle only
	}{
		{"default", nil, []string{"--activation-port", "B"}},
		{"best", []string{"--orientation", "best"}, nil},
		{"channel", []string{"--criterion", "channel"}, []string{"--activation-port", "B"}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			rA, rB := p("rA-"+v.name+".json"), p("rB-"+v.name+".json")
			base := []string{"select", "--model", model, "--samples", "all"}
			runOK(t, append(append(append(base, "--library", p("libA"), "-o", rA), v.common...), v.onA...)...)
			outB := runOK(t, append(append(base, "--library", p("libB"), "-o", rB), v.common...)...)
			if !strings.Contains(outB, "maps laid out for activations on port B") {
				t.Errorf("select does not say the bundle is laid out for port B:\n%s", outB)
			}
			var resA, resB selection.MatchingInfo
			readJSON(t, rA, &resA)
			readJSON(t, rB, &resB)
			if !reflect.DeepEqual(resA, resB) {
				t.Fatalf("results differ:\nport-A bundle + --activation-port B: %+v\nport-B bundle: %+v", resA, resB)
			}
			if v.name != "best" {
				for _, l := range resB.Layers {
					if l.Port() != selection.PortB {
						t.Errorf("layer %s: port %s, want the bundle's B", l.Name, l.Port())
					}
				}
			}
			dA, dB := p("dA-"+v.name), p("dB-"+v.name)
			runOK(t, "deploy", "--result", rA, "--library", p("libA"), "-o", dA)
			runOK(t, "deploy", "--result", rB, "--library", p("libB"), "-o", dB)
			asg, err := selection.ReadAssignment(dB)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range asg.Layers {
				a, _ := os.ReadFile(filepath.Join(dA, al.LUT))
				b, _ := os.ReadFile(filepath.Join(dB, al.LUT))
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("layer %s: deployed LUTs differ", al.Name)
				}
				if al.ActivationPort != selection.PortB {
					continue
				}
				// A port-B layer gets the port-B bundle's stored LUT.
				dep, err := errmap.ReadLUT(filepath.Join(dB, al.LUT))
				if err != nil {
					t.Fatal(err)
				}
				stored, err := errmap.ReadLUT(filepath.Join(p("libB"), "lut", al.MultiplierName+".npy"))
				if err != nil {
					t.Fatal(err)
				}
				dl, _ := dep.LUT()
				sl, _ := stored.LUT()
				if !reflect.DeepEqual(dl, sl) {
					t.Errorf("layer %s: deployed port-B LUT differs from the bundle's lut/%s.npy", al.Name, al.MultiplierName)
				}
			}
			vb := runOK(t, "validate", "--model", model, "--library", p("libB"), "--result", rB, "--samples", "all", "--format", "json")
			va := runOK(t, "validate", "--model", model, "--library", p("libA"), "--result", rA, "--samples", "all", "--format", "json")
			var repA, repB validationReport
			json.Unmarshal([]byte(va), &repA)
			json.Unmarshal([]byte(vb), &repB)
			if len(repA.Validations) == 0 || !reflect.DeepEqual(repA.Validations, repB.Validations) {
				t.Errorf("validate --result differs:\n%+v\n%+v", repA.Validations, repB.Validations)
			}
		})
	}

	// validate --multipliers takes the bundle's port as default.
	va := runOK(t, "validate", "--model", model, "--library", p("libA"), "--multipliers", "all", "--activation-port", "B", "--format", "json")
	vb := runOK(t, "validate", "--model", model, "--library", p("libB"), "--multipliers", "all", "--format", "json")
	vaa := runOK(t, "validate", "--model", model, "--library", p("libA"), "--multipliers", "all", "--format", "json")
	var repA, repB, repAA validationReport
	json.Unmarshal([]byte(va), &repA)
	json.Unmarshal([]byte(vb), &repB)
	json.Unmarshal([]byte(vaa), &repAA)
	if len(repB.Validations) == 0 || !reflect.DeepEqual(repA.Validations, repB.Validations) {
		t.Errorf("validate --multipliers all differs between the port-B bundle and --activation-port B")
	}
	differs := false
	for i, v := range repB.Validations {
		if v.ActivationPort != selection.PortB {
			t.Errorf("%s/%s: port %s", v.Layer, v.Multiplier, v.ActivationPort)
		}
		if v.MeasuredStd != repAA.Validations[i].MeasuredStd {
			differs = true
		}
	}
	if !differs {
		t.Error("ports A and B measure the same stds: the circuits do not tell the orientations apart")
	}

	// A result without ports deploys with the bundle's port.
	var res selection.MatchingInfo
	readJSON(t, p("rB-default.json"), &res)
	for i := range res.Layers {
		res.Layers[i].ActivationPort = ""
	}
	data, _ := json.Marshal(&res)
	os.WriteFile(p("noport.json"), data, 0o644)
	runOK(t, "deploy", "--result", p("noport.json"), "--library", p("libB"), "-o", p("dN"))
	asg, err := selection.ReadAssignment(p("dN"))
	if err != nil {
		t.Fatal(err)
	}
	for _, al := range asg.Layers {
		if al.ActivationPort != selection.PortB {
			t.Errorf("layer %s: deployed with port %s, want the bundle's B", al.Name, al.ActivationPort)
		}
	}
	// An explicit --activation-port A overrides the bundle's port.
	out := runOK(t, "select", "--model", model, "--samples", "all", "--library", p("libB"), "--activation-port", "A", "-o", p("rBA.json"))
	if strings.Contains(out, "opcount_share  port") {
		t.Errorf("select --activation-port A shows ports:\n%s", out)
	}
	var rBA, rAA selection.MatchingInfo
	readJSON(t, p("rBA.json"), &rBA)
	runOK(t, "select", "--model", model, "--samples", "all", "--library", p("libA"), "-o", p("rAA.json"))
	readJSON(t, p("rAA.json"), &rAA)
	if !reflect.DeepEqual(rBA, rAA) {
		t.Error("port-B bundle with --activation-port A differs from the port-A bundle")
	}
}

// TestErrmapActivationPort checks errmap --activation-port B against the
// default files transposed, and the usage errors of a bad port in gen and
// errmap.
func TestErrmapActivationPort(t *testing.T) {
	net := filepath.Join(asymNetlists(t), "mul8u_ta4.v")
	tmp := t.TempDir()
	p := func(s string) string { return filepath.Join(tmp, s) }
	runOK(t, "errmap", "-o", p("a.npy"), "--lut", p("a_lut.npy"), net)
	runOK(t, "errmap", "--activation-port", "B", "-o", p("b.npy"), "--lut", p("b_lut.npy"), net)
	ma, err := errmap.ReadNPY(p("a.npy"), false)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := errmap.ReadNPY(p("b.npy"), false)
	if err != nil {
		t.Fatal(err)
	}
	ea, eb := ma.Errors(), mb.Errors()
	la, lb := readLUTFile(t, p("a_lut.npy")), readLUTFile(t, p("b_lut.npy"))
	asym := false
	for i := range 256 {
		for j := range 256 {
			if eb[i<<8|j] != ea[j<<8|i] || lb[i<<8|j] != la[j<<8|i] {
				t.Fatalf("(%d, %d): port-B file is not the port-A one transposed", i, j)
			}
			asym = asym || ea[i<<8|j] != ea[j<<8|i]
		}
	}
	if !asym {
		t.Fatal("mul8u_ta4 is symmetric: the test cannot tell the ports apart")
	}
	for _, args := range [][]string{
		{"gen", "--builtin", "-o", p("x"), "--activation-port", "C"},
		{"errmap", "--activation-port", "a", net},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(t.Context(), args, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "--activation-port") {
			t.Errorf("%v: exit %d, %s", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(p("x")); err == nil {
		t.Error("gen with a bad port wrote its output")
	}
}

// readLUTFile reads a LUT .npy file as stored ([i<<8|j]).
func readLUTFile(t *testing.T, path string) []int32 {
	t.Helper()
	em, err := errmap.ReadLUT(path)
	if err != nil {
		t.Fatal(err)
	}
	lut, err := em.LUT()
	if err != nil {
		t.Fatal(err)
	}
	return lut
}
