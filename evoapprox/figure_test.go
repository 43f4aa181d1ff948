package evoapprox

import (
	"math"
	"testing"
)

func TestSplitNumber(t *testing.T) {
	tests := []struct {
		in       string
		decimals int
		exp      int
		half     float64 // hand-computed half unit of the last digit
		value    float64
		ok       bool
	}{
		{"0.057", 3, 0, 0.0005, 0.057, true},
		{"37", 0, 0, 0.5, 37, true},
		{"0", 0, 0, 0.5, 0, true},
		{"0.00", 2, 0, 0.005, 0, true},
		{"27897.246e12", 3, 12, 0.5e9, 27897.246e12, true},
		{"10360.917e2", 3, 2, 0.05, 1036091.7, true},
		{"37290.89e5", 2, 5, 500, 3729089000, true},
		{"428.70", 2, 0, 0.005, 428.7, true},
		{"-1.5", 1, 0, 0.05, -1.5, true},
		{"+2", 0, 0, 0.5, 2, true},
		{".5", 1, 0, 0.05, 0.5, true},
		{"5.", 0, 0, 0.5, 5, true},
		{"1E-3", 0, -3, 0.0005, 0.001, true},
		{"", 0, 0, 0, 0, false},
		{".", 0, 0, 0, 0, false},
		{"-", 0, 0, 0, 0, false},
		{"NaN", 0, 0, 0, 0, false},
		{"Inf", 0, 0, 0, 0, false},
		{"0x10", 0, 0, 0, 0, false},
		{"1_000", 0, 0, 0, 0, false},
		{"1e", 0, 0, 0, 0, false},
		{"1e+", 0, 0, 0, 0, false},
		{"1.2.3", 0, 0, 0, 0, false},
		{"12mW", 0, 0, 0, 0, false},
		{"1e999999", 0, 0, 0, 0, false},
	}
	for _, tc := range tests {
		d, e, err := splitNumber(tc.in)
		v, perr := parseNumber(tc.in)
		if !tc.ok {
			if err == nil && perr == nil {
				t.Errorf("%q: accepted, want an error", tc.in)
			}
			continue
		}
		if err != nil || perr != nil {
			t.Errorf("%q: %v / %v", tc.in, err, perr)
			continue
		}
		if d != tc.decimals || e != tc.exp {
			t.Errorf("%q: decimals %d exp %d, want %d %d", tc.in, d, e, tc.decimals, tc.exp)
		}
		h, _ := halfULP(tc.in)
		// halfULP is 0.5*10^k computed with math.Pow: exact to a few ulps.
		if math.Abs(h-tc.half) > 1e-12*tc.half {
			t.Errorf("%q: half unit %g, want %g", tc.in, h, tc.half)
		}
		if v != tc.value {
			t.Errorf("%q: value %g, want %g", tc.in, v, tc.value)
		}
	}
}

func TestFigureResolution(t *testing.T) {
	tests := []struct {
		name       string
		f          Figure
		res        float64 // in the unit of Value
		in, out    float64 // a value that rounds to Text, one that does not
		wantString string
	}{
		{"mW", Figure{Key: KeyPower, Text: "0.302", Raw: 0.302, RawUnit: "mW", Value: 0.302}, 0.0005, 0.3024, 0.3026, "0.302 mW"},
		{"uW to mW", Figure{Key: KeyPower, Text: "428.70", Raw: 428.70, RawUnit: "uW", Value: 0.4287}, 0.000005, 0.428704, 0.428706, "428.70 uW"},
		{"count", Figure{Key: KeyMAE, Text: "37", Raw: 37, Value: 37}, 0.5, 37.49, 37.51, "37"},
		{"exponent", Figure{Key: KeyMSE, Text: "27897.246e12", Raw: 27897.246e12, Value: 27897.246e12}, 5e8, 27897.2464e12, 27897.2466e12, "27897.246e12"},
		{"percent", Figure{Key: KeyEPPct, Text: "97.72", Raw: 97.72, RawUnit: "%", Value: 97.72}, 0.005, 97.724, 97.726, "97.72 %"},
		{"zero", Figure{Key: KeyWCE, Text: "0", Raw: 0, Value: 0}, 0.5, 0.4, 0.6, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.f.Resolution(); math.Abs(r-tc.res) > 1e-12*tc.res {
				t.Errorf("Resolution = %g, want %g", r, tc.res)
			}
			if !tc.f.Matches(tc.in) {
				t.Errorf("Matches(%g) = false, want true", tc.in)
			}
			if tc.f.Matches(tc.out) {
				t.Errorf("Matches(%g) = true, want false", tc.out)
			}
			if tc.f.Matches(math.NaN()) {
				t.Errorf("Matches(NaN) = true")
			}
			if s := tc.f.String(); s != tc.wantString {
				t.Errorf("String = %q, want %q", s, tc.wantString)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		if seen[k] {
			t.Errorf("key %s twice", k)
		}
		seen[k] = true
		if _, ok := KeyUnit(k); !ok {
			t.Errorf("KeyUnit(%s) unknown", k)
		}
	}
	if _, ok := KeyUnit("power"); ok {
		t.Errorf("KeyUnit(power) known")
	}
	tests := []struct {
		key, unit string
		scale     float64
		ok        bool
	}{
		{KeyPower, "mW", 1, true},
		{KeyPower, "uW", 1e-3, true},
		{KeyPower, "W", 1e3, true},
		{KeyDelay, "ps", 1e-3, true},
		{KeyArea, "um2", 1, true},
		{KeyArea, "mW", 0, false},
		{KeyMAE, "%", 0, false},
		{"nope", "", 0, false},
	}
	for _, tc := range tests {
		s, ok := unitScale(tc.key, tc.unit)
		if ok != tc.ok || s != tc.scale {
			t.Errorf("unitScale(%s, %s) = %g, %v; want %g, %v", tc.key, tc.unit, s, ok, tc.scale, tc.ok)
		}
	}
}
