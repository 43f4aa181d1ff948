package evoapprox

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Figure is one published figure of a circuit header, kept with its printed
// text so that a checker can compare a recomputed value at the printed
// precision.
type Figure struct {
	// Key is the common key, e.g. "power_mw" (see Keys).
	Key string
	// Label is the header label as printed, spaces collapsed, e.g. "Power (45)" or "PDK45_PWR".
	Label string
	// Text is the number exactly as printed, e.g. "428.70" or "27897.246e12".
	Text string
	// Raw is Text parsed, in RawUnit.
	Raw float64
	// RawUnit is the unit of Raw: as printed ("mW", "%", "um2", "ns") or, where
	// the file prints none, as documented for its library ("uW" for the 45 nm
	// and 180 nm power of EvoApprox8b); "" for counts and plain error values.
	RawUnit string
	// Value is Raw converted to the unit of Key (KeyUnit): power in mW, area in
	// um2, delay in ns, percentages in %, errors in units of the product.
	Value float64
	// Line and Col locate Text in its file (1-based; Col counts bytes).
	Line, Col int
}

// Resolution returns half a unit of the last printed digit of f, in the unit
// of Value: 0.0005 for "0.057" mW, 0.5 for "37", 5e8 for "27897.246e12",
// 0.005e-3 mW for an EvoApprox8b power printed "428.70" (uW).
// A true value v is consistent with the printed figure when
// |v - Value| <= Resolution() (up to floating-point rounding).
func (f Figure) Resolution() float64 {
	return f.RawResolution() * f.scale()
}

// RawResolution returns half a unit of the last printed digit of f, in RawUnit.
func (f Figure) RawResolution() float64 {
	r, err := halfULP(f.Text)
	if err != nil {
		return math.NaN()
	}
	return r
}

// Matches reports whether v (in the unit of Value) rounds to the printed
// figure, i.e. |v - Value| <= Resolution(), with a relative slack of 1e-9 for
// the decimal-to-binary conversion of both numbers.
func (f Figure) Matches(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	d := math.Abs(v - f.Value)
	slack := 1e-9 * math.Max(math.Abs(v), math.Abs(f.Value))
	return d <= f.Resolution()+slack
}

// String returns the figure as printed with its raw unit, e.g. "428.70 uW".
func (f Figure) String() string {
	if f.RawUnit == "" {
		return f.Text
	}
	return f.Text + " " + f.RawUnit
}

func (f Figure) scale() float64 {
	s, ok := unitScale(f.Key, f.RawUnit)
	if !ok {
		return 1
	}
	return s
}

// parseNumber parses a printed decimal number: an optional sign, digits with
// an optional fraction and an optional decimal exponent. It rejects what
// strconv.ParseFloat would also accept but is no printed figure (NaN, Inf,
// hexadecimal, underscores).
func parseNumber(s string) (float64, error) {
	if _, _, err := splitNumber(s); err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("number %q: %w", s, err)
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("number %q out of range", s)
	}
	return v, nil
}

// splitNumber checks the syntax of s and returns the number of digits after
// the decimal point and the decimal exponent.
func splitNumber(s string) (decimals, exp int, err error) {
	bad := func() (int, int, error) { return 0, 0, fmt.Errorf("not a decimal number: %q", s) }
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return bad()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		n := 0
		for i < len(s) && isDigit(s[i]) {
			if exp > 9999 {
				return bad()
			}
			exp = exp*10 + int(s[i]-'0')
			i++
			n++
		}
		if n == 0 {
			return bad()
		}
		if neg {
			exp = -exp
		}
	}
	if i != len(s) {
		return bad()
	}
	if exp > 300 || exp-fracDigits < -300 {
		return 0, 0, fmt.Errorf("number %q out of range", s)
	}
	return fracDigits, exp, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// halfULP returns half a unit of the last printed digit of s: 0.5*10^(exp-decimals).
func halfULP(s string) (float64, error) {
	dec, exp, err := splitNumber(s)
	if err != nil {
		return 0, err
	}
	return 0.5 * math.Pow(10, float64(exp-dec)), nil
}

// Common figure keys.
const (
	KeyMAE        = "mae"         // mean absolute error, units of the product
	KeyMAEPct     = "mae_pct"     // MAE relative to the output range, %
	KeyWCE        = "wce"         // worst-case absolute error, units of the product
	KeyWCEPct     = "wce_pct"     // WCE relative to the output range, %
	KeyWCREPct    = "wcre_pct"    // worst-case relative error, %
	KeyEPPct      = "ep_pct"      // error probability, %
	KeyMREPct     = "mre_pct"     // mean relative error, %
	KeyMSE        = "mse"         // mean squared error, squared units of the product
	KeyPower      = "power_mw"    // power at 45 nm (PDK45), mW
	KeyArea       = "area_um2"    // area at 45 nm, um2
	KeyDelay      = "delay_ns"    // delay at 45 nm, ns
	KeyPower180   = "power180_mw" // power at 180 nm (EvoApprox8b only), mW
	KeyArea180    = "area180_um2" // area at 180 nm (EvoApprox8b only), um2
	KeyDelay180   = "delay180_ns" // delay at 180 nm (EvoApprox8b only), ns
	KeyNodes      = "nodes"       // number of nodes of the CGP netlist (EvoApprox8b only)
	KeyHD         = "hd"          // summed Hamming distance to the exact product (EvoApprox8b only)
	defaultMetric = KeyPower
)

// Keys returns every common figure key in a fixed order.
func Keys() []string {
	return []string{KeyMAE, KeyMAEPct, KeyWCE, KeyWCEPct, KeyWCREPct, KeyEPPct, KeyMREPct, KeyMSE,
		KeyPower, KeyArea, KeyDelay, KeyPower180, KeyArea180, KeyDelay180, KeyNodes, KeyHD}
}

// KeyUnit returns the unit of Figure.Value for key ("mW", "um2", "ns", "%" or
// "" for counts and errors in units of the product) and whether key is known.
func KeyUnit(key string) (string, bool) {
	switch key {
	case KeyMAE, KeyWCE, KeyMSE, KeyNodes, KeyHD:
		return "", true
	case KeyMAEPct, KeyWCEPct, KeyWCREPct, KeyEPPct, KeyMREPct:
		return "%", true
	case KeyPower, KeyPower180:
		return "mW", true
	case KeyArea, KeyArea180:
		return "um2", true
	case KeyDelay, KeyDelay180:
		return "ns", true
	}
	return "", false
}

// unitScale returns the factor converting a raw value in unit to the unit of key.
func unitScale(key, unit string) (float64, bool) {
	want, ok := KeyUnit(key)
	if !ok {
		return 0, false
	}
	if unit == want {
		return 1, true
	}
	switch want + "<-" + strings.ToLower(unit) {
	case "mW<-uw":
		return 1e-3, true
	case "mW<-w":
		return 1e3, true
	case "mW<-nw":
		return 1e-6, true
	case "ns<-ps":
		return 1e-3, true
	case "um2<-um^2":
		return 1, true
	}
	return 0, false
}
