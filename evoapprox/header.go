package evoapprox

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Style is the header style of a circuit file.
type Style uint8

// Header styles.
const (
	StyleUnknown Style = iota // no figure recognised
	StyleV2022                // EvoApproxLib: "// MAE% = 0.057 %", "// PDK45_PWR = 0.302 mW"
	Style8b                   // EvoApprox8b: "// Power  (45) = 487.50", "// MRE = 1.99 %"
)

// String returns "v2022", "8b" or "unknown".
func (s Style) String() string {
	switch s {
	case StyleV2022:
		return "v2022"
	case Style8b:
		return "8b"
	}
	return "unknown"
}

// Header holds the published figures read from the comment lines that open a
// circuit file, before its first line of code.
type Header struct {
	// Style is the recognised header style.
	Style Style
	// Figures are the numeric figures in file order, one per key.
	Figures []Figure
	// ParetoSet is the pareto set named by a v2022 banner ("... with respect
	// to the pwr and ep parameters" gives "pareto_pwr_ep"), or "".
	ParetoSet string
	// Library and Circuit are the "Library = " and "Circuit = " lines of
	// EvoApprox8b headers (Circuit is an abbreviation for the accurate
	// architectures, e.g. "mul8_RCAM"), or "".
	Library, Circuit string
	// Unknown lists the labels of "// label = value" lines that name no known figure.
	Unknown []string
}

// Figure returns the figure with the given common key.
func (h *Header) Figure(key string) (Figure, bool) {
	for _, f := range h.Figures {
		if f.Key == key {
			return f, true
		}
	}
	return Figure{}, false
}

// Limits of the header parser, against hostile input.
const (
	maxHeaderLines = 1000
	maxLineBytes   = 1 << 16
	maxErrors      = 10
)

var paretoBanner = regexp.MustCompile(`with respect to the ([A-Za-z0-9]+) and ([A-Za-z0-9]+) parameters`)

// ParseHeader reads the header of a circuit file from r: the blank lines,
// block comments and "//" comment lines before the first line of code. path
// is used in error messages only. Figures are recognised in both the v2022
// and the EvoApprox8b style (see the package documentation for the mapping
// to common keys). ParseHeader returns what it parsed together with any
// errors (at most 10, each "path:line:col: ..."), joined.
func ParseHeader(path string, r io.Reader) (Header, error) {
	var (
		h       Header
		errs    []error
		inBlock bool
		line    int
		seen    = map[string]bool{}
	)
	fail := func(ln, col int, format string, args ...any) {
		if len(errs) < maxErrors {
			errs = append(errs, fmt.Errorf("%s:%d:%d: %s", path, ln, col, fmt.Sprintf(format, args...)))
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	v2022, b8 := 0, 0
	for sc.Scan() {
		line++
		if line > maxHeaderLines {
			fail(line, 1, "evoapprox: header longer than %d lines", maxHeaderLines)
			break
		}
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		if inBlock || strings.HasPrefix(trimmed, "/*") {
			if m := paretoBanner.FindStringSubmatch(text); m != nil && h.ParetoSet == "" {
				h.ParetoSet = "pareto_" + m[1] + "_" + m[2]
			}
			start := 0
			if !inBlock {
				start = strings.Index(text, "/*") + 2
			}
			inBlock = !strings.Contains(text[start:], "*/")
			continue
		}
		if trimmed == "" {
			continue
		}
		if !strings.HasPrefix(trimmed, "//") {
			break // first line of code
		}
		body := text[strings.Index(text, "//")+2:]
		eq := strings.IndexByte(body, '=')
		if eq < 0 {
			continue
		}
		label := strings.Join(strings.Fields(body[:eq]), " ")
		if !isLabel(label) {
			continue
		}
		rest := body[eq+1:]
		valueOff := len(rest) - len(strings.TrimLeft(rest, " \t"))
		fields := strings.Fields(rest)
		col := len(text) - len(body) + eq + 1 + valueOff + 1
		if len(fields) == 0 {
			fail(line, col, "evoapprox: %s: no value", label)
			continue
		}
		value, unit := fields[0], strings.Join(fields[1:], " ")
		switch label {
		case "Library":
			h.Library = value
			b8++
			continue
		case "Circuit":
			h.Circuit = value
			b8++
			continue
		}
		spec, ok := lookupLabel(label, unit)
		if !ok {
			h.Unknown = append(h.Unknown, label)
			continue
		}
		if spec.style == StyleV2022 {
			v2022++
		} else if spec.style == Style8b {
			b8++
		}
		if seen[spec.key] {
			fail(line, col, "evoapprox: %s: second figure for key %s", label, spec.key)
			continue
		}
		raw, err := parseNumber(value)
		if err != nil {
			fail(line, col, "evoapprox: %s: %v", label, err)
			continue
		}
		rawUnit := unit
		if spec.pct && unit != "" && unit != "%" {
			fail(line, col+len(value)+1, "evoapprox: %s: unit %q where %% expected", label, unit)
			continue
		}
		if spec.pct {
			rawUnit = "%"
		} else if rawUnit == "" {
			rawUnit = spec.defUnit
		}
		scale, ok := unitScale(spec.key, rawUnit)
		if !ok {
			fail(line, col+len(value)+1, "evoapprox: %s: unit %q does not fit %s", label, unit, spec.key)
			continue
		}
		seen[spec.key] = true
		h.Figures = append(h.Figures, Figure{
			Key: spec.key, Label: label, Text: value, Raw: raw, RawUnit: rawUnit,
			Value: raw * scale, Line: line, Col: col,
		})
	}
	if err := sc.Err(); err != nil {
		fail(line+1, 1, "evoapprox: reading header: %v", err)
	}
	switch {
	case v2022 > 0 && b8 > 0:
		fail(1, 1, "evoapprox: header mixes v2022 and EvoApprox8b figures")
	case v2022 > 0:
		h.Style = StyleV2022
	case b8 > 0:
		h.Style = Style8b
	}
	return h, errors.Join(errs...)
}

// isLabel reports whether s looks like a figure label: letters, digits, '_',
// '%', parentheses and spaces, starting with a letter.
func isLabel(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	c := s[0]
	if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', isDigit(c), c == '_', c == '%', c == '(', c == ')', c == ' ':
		default:
			return false
		}
	}
	return true
}

type labelSpec struct {
	key     string
	defUnit string // raw unit when the file prints none
	pct     bool   // a percentage
	style   Style  // the style that uses the label, StyleUnknown if both
}

// lookupLabel maps a collapsed header label and its printed unit to a key.
func lookupLabel(label, unit string) (labelSpec, bool) {
	base := strings.TrimSuffix(label, "%")
	pct := base != label || unit == "%"
	style := StyleUnknown
	if base != label {
		style = StyleV2022
	}
	if pct {
		switch base {
		case "MAE":
			return labelSpec{key: KeyMAEPct, pct: true, style: style}, true
		case "WCE":
			return labelSpec{key: KeyWCEPct, pct: true, style: style}, true
		case "WCRE":
			return labelSpec{key: KeyWCREPct, pct: true, style: style}, true
		case "EP":
			return labelSpec{key: KeyEPPct, pct: true, style: style}, true
		case "MRE":
			return labelSpec{key: KeyMREPct, pct: true, style: style}, true
		}
		return labelSpec{}, false
	}
	switch label {
	case "MAE":
		return labelSpec{key: KeyMAE}, true
	case "WCE":
		return labelSpec{key: KeyWCE}, true
	case "MSE":
		return labelSpec{key: KeyMSE}, true
	case "PDK45_PWR":
		return labelSpec{key: KeyPower, defUnit: "mW", style: StyleV2022}, true
	case "PDK45_AREA":
		return labelSpec{key: KeyArea, defUnit: "um2", style: StyleV2022}, true
	case "PDK45_DELAY":
		return labelSpec{key: KeyDelay, defUnit: "ns", style: StyleV2022}, true
	case "Power (45)":
		return labelSpec{key: KeyPower, defUnit: "uW", style: Style8b}, true
	case "Area (45)":
		return labelSpec{key: KeyArea, defUnit: "um2", style: Style8b}, true
	case "Delay (45)":
		return labelSpec{key: KeyDelay, defUnit: "ns", style: Style8b}, true
	case "Power (180)":
		return labelSpec{key: KeyPower180, defUnit: "uW", style: Style8b}, true
	case "Area (180)":
		return labelSpec{key: KeyArea180, defUnit: "um2", style: Style8b}, true
	case "Delay (180)":
		return labelSpec{key: KeyDelay180, defUnit: "ns", style: Style8b}, true
	case "Nodes":
		return labelSpec{key: KeyNodes, style: Style8b}, true
	case "HD":
		return labelSpec{key: KeyHD, style: Style8b}, true
	}
	return labelSpec{}, false
}
