package evoapprox

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const v2022Header = `/***
* This file contains a circuit from a sub-set of pareto optimal circuits with respect to the pwr and mae parameters
***/
// MAE% = 0.057 %
// MAE = 37 
// WCE% = 0.18 %
// WCE = 118 
// WCRE% = 300.00 %
// EP% = 97.72 %
// MRE% = 2.6 %
// MSE = 27897.246e12 
// PDK45_PWR = 0.302 mW
// PDK45_AREA = 542.5 um2
// PDK45_DELAY = 1.44 ns


module mul8s_1AA1 ( A, B, O );
// MAE = 99 (after the first line of code: not a header figure)
`

const header8b = `// Library = EvoApprox8b
// Circuit = mul8_RCAM
// Area   (180) = 8448
// Delay  (180) = 5.090
// Power  (180) = 4503.00
// Area   (45) = 616
// Delay  (45) = 1.890
// Power  (45) = 392.40
// Nodes = 120
// HD = 0
// MAE = 0.00000
// MSE = 0.00000
// MRE = 0.00 %
// WCE = 0
// WCRE = 0 %
// EP = 0.0 %

module mul8_RippleCarryArrayMultiplier(A, B, O);
`

type wantFig struct {
	key, text, rawUnit string
	value              float64
	line               int
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		style   Style
		pareto  string
		lib     string
		circuit string
		figs    []wantFig
	}{
		{"v2022", v2022Header, StyleV2022, "pareto_pwr_mae", "", "", []wantFig{
			{KeyMAEPct, "0.057", "%", 0.057, 4},
			{KeyMAE, "37", "", 37, 5},
			{KeyWCEPct, "0.18", "%", 0.18, 6},
			{KeyWCE, "118", "", 118, 7},
			{KeyWCREPct, "300.00", "%", 300, 8},
			{KeyEPPct, "97.72", "%", 97.72, 9},
			{KeyMREPct, "2.6", "%", 2.6, 10},
			{KeyMSE, "27897.246e12", "", 27897.246e12, 11},
			{KeyPower, "0.302", "mW", 0.302, 12},
			{KeyArea, "542.5", "um2", 542.5, 13},
			{KeyDelay, "1.44", "ns", 1.44, 14},
		}},
		{"8b", header8b, Style8b, "", "EvoApprox8b", "mul8_RCAM", []wantFig{
			{KeyArea180, "8448", "um2", 8448, 3},
			{KeyDelay180, "5.090", "ns", 5.09, 4},
			{KeyPower180, "4503.00", "uW", 4.503, 5},
			{KeyArea, "616", "um2", 616, 6},
			{KeyDelay, "1.890", "ns", 1.89, 7},
			{KeyPower, "392.40", "uW", 0.3924, 8},
			{KeyNodes, "120", "", 120, 9},
			{KeyHD, "0", "", 0, 10},
			{KeyMAE, "0.00000", "", 0, 11},
			{KeyMSE, "0.00000", "", 0, 12},
			{KeyMREPct, "0.00", "%", 0, 13},
			{KeyWCE, "0", "", 0, 14},
			{KeyWCREPct, "0", "%", 0, 15},
			{KeyEPPct, "0.0", "%", 0, 16},
		}},
		{"units printed in another scale", "//PDK45_PWR=302 uW\n// PDK45_DELAY = 1440 ps\nmodule m;\n", StyleV2022, "", "", "", []wantFig{
			{KeyPower, "302", "uW", 0.302, 1},
			{KeyDelay, "1440", "ps", 1.44, 2},
		}},
		{"no header", "module m(A);\n", StyleUnknown, "", "", "", nil},
		{"free comments ignored", "// just a comment\n// a == b? no: x = y + z\n// Unknown = 5\nmodule m;\n", StyleUnknown, "", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ParseHeader("t.v", strings.NewReader(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if h.Style != tc.style || h.ParetoSet != tc.pareto || h.Library != tc.lib || h.Circuit != tc.circuit {
				t.Errorf("style %v pareto %q lib %q circuit %q; want %v %q %q %q", h.Style, h.ParetoSet, h.Library, h.Circuit, tc.style, tc.pareto, tc.lib, tc.circuit)
			}
			if len(h.Figures) != len(tc.figs) {
				t.Fatalf("%d figures, want %d: %v", len(h.Figures), len(tc.figs), h.Figures)
			}
			for i, w := range tc.figs {
				f := h.Figures[i]
				// Values are the decimal literal times an exact power of ten
				// (or 1): compare to 1e-15 relative, the rounding of one product.
				if f.Key != w.key || f.Text != w.text || f.RawUnit != w.rawUnit || f.Line != w.line ||
					math.Abs(f.Value-w.value) > 1e-15*math.Abs(w.value) {
					t.Errorf("figure %d = %+v, want %+v", i, f, w)
				}
				g, ok := h.Figure(w.key)
				if !ok || g != f {
					t.Errorf("Figure(%s) = %v, %v", w.key, g, ok)
				}
				// The column points at the printed text.
				line := strings.Split(tc.src, "\n")[f.Line-1]
				if f.Col < 2 || f.Col > len(line) || !strings.HasPrefix(line[f.Col-1:], f.Text) || line[f.Col-2] != ' ' && line[f.Col-2] != '=' {
					t.Errorf("%s: col %d does not point at %q in %q", w.key, f.Col, f.Text, line)
				}
			}
		})
	}
}

func TestParseHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // substrings, one per error, in order
		figs int      // figures still parsed
	}{
		{"bad number", "// MAE = 3.7.1\n// WCE = 5\n", []string{"t.v:1:10: evoapprox: MAE: not a decimal number"}, 1},
		{"NaN", "// MSE = NaN\n", []string{"t.v:1:10: evoapprox: MSE: not a decimal number"}, 0},
		{"underflow", "// MSE = 1e-4000\n", []string{"t.v:1:10: evoapprox: MSE: number \"1e-4000\" out of range"}, 0},
		{"missing value", "// MAE = \n", []string{"t.v:1:10: evoapprox: MAE: no value"}, 0},
		{"duplicate", "// MAE = 1\n// MAE = 2\n", []string{"t.v:2:10: evoapprox: MAE: second figure for key mae"}, 1},
		{"bad unit", "// PDK45_PWR = 0.3 furlongs\n", []string{`t.v:1:20: evoapprox: PDK45_PWR: unit "furlongs" does not fit power_mw`}, 0},
		{"percent with another unit", "// EP% = 3 mW\n", []string{`t.v:1:12: evoapprox: EP%: unit "mW" where % expected`}, 0},
		{"mixed styles", "// PDK45_PWR = 0.3 mW\n// Power  (45) = 300\n", []string{"t.v:2:18: evoapprox: Power (45): second figure for key power_mw", "t.v:1:1: evoapprox: header mixes v2022 and EvoApprox8b figures"}, 1},
		{"too long", strings.Repeat("//\n", maxHeaderLines+1), []string{"header longer than 1000 lines"}, 0},
		{"line too long", "// " + strings.Repeat("x", maxLineBytes+10) + "\n", []string{"t.v:1:1: evoapprox: reading header: bufio.Scanner: token too long"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ParseHeader("t.v", strings.NewReader(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("errors %q, want %d", lines, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("error %q, want %q", lines[i], w)
				}
			}
			if len(h.Figures) != tc.figs {
				t.Errorf("%d figures kept, want %d", len(h.Figures), tc.figs)
			}
		})
	}
	// At most maxErrors errors are reported.
	_, err := ParseHeader("t.v", strings.NewReader(strings.Repeat("// MAE = x\n", 50)))
	if n := strings.Count(err.Error(), "\n") + 1; n != maxErrors {
		t.Errorf("%d errors, want %d", n, maxErrors)
	}
}

func TestHeaderUnknownLabels(t *testing.T) {
	h, err := ParseHeader("t.v", strings.NewReader("// VAE = 3\n// MRE = 0.5\n// MSE% = 1 %\n"))
	if err != nil {
		t.Fatal(err)
	}
	// MRE without % is not a percentage and not a known absolute figure.
	want := []string{"VAE", "MRE", "MSE%"}
	if strings.Join(h.Unknown, ",") != strings.Join(want, ",") || len(h.Figures) != 0 {
		t.Errorf("Unknown = %q, figures %v; want %q and none", h.Unknown, h.Figures, want)
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add([]byte(v2022Header))
	f.Add([]byte(header8b))
	f.Add([]byte("// MAE = 1e-4000\n/* unterminated"))
	f.Add([]byte("// Power (45) = -0.0e+3 uW\n"))
	f.Add([]byte("// MSE = 1e300\n// MAE = 0.5e-299\n"))
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.v"))
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		h, _ := ParseHeader("fuzz.v", bytes.NewReader(src))
		seen := map[string]bool{}
		for _, fig := range h.Figures {
			if seen[fig.Key] {
				t.Fatalf("key %s twice", fig.Key)
			}
			seen[fig.Key] = true
			v, err := parseNumber(fig.Text)
			if err != nil || v != fig.Raw {
				t.Fatalf("figure %+v: text does not parse to Raw (%v)", fig, err)
			}
			if r := fig.Resolution(); !(r > 0) || math.IsInf(r, 0) {
				t.Fatalf("figure %+v: resolution %g", fig, r)
			}
			if math.IsNaN(fig.Value) || math.IsInf(fig.Value, 0) {
				t.Fatalf("figure %+v: value not finite", fig)
			}
			if _, ok := KeyUnit(fig.Key); !ok {
				t.Fatalf("figure %+v: unknown key", fig)
			}
		}
		// ParseScanPorts must not panic either on the same input.
		_, _, _ = scanPorts(src, "m")
	})
}
