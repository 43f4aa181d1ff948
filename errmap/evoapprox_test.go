package errmap

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file holds a minimal evaluator for the flat EvoApprox v2022 netlists
// (assign statements over A[i], B[i] with & | ^ ~ only), used to check the
// metric definitions against the published figures. It is test-only; the
// project's simulator is circuits/sim.

var (
	reAssign = regexp.MustCompile(`^\s*assign\s+(\w+(?:\[\d+\])?)\s*=\s*(.+?)\s*;\s*$`)
	reNegPar = regexp.MustCompile(`^([~!]?)\s*\((.*)\)$`)
	reBin    = regexp.MustCompile(`^([~!]?)\s*([^\s&|^]+)\s*([&|^])\s*([~!]?)\s*([^\s&|^]+)$`)
	reOne    = regexp.MustCompile(`^([~!]?)\s*(\S+)$`)
	reBit    = regexp.MustCompile(`^([AB])\[(\d+)\]$`)
	reOut    = regexp.MustCompile(`^O\[(\d+)\]$`)
)

// evalFlatNetlist returns raw[b<<aBits|a] of a flat v2022 netlist.
func evalFlatNetlist(path string, aBits, bBits int) ([]uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := 1 << (aBits + bBits)
	words := (n + 63) / 64
	input := func(name string, bit int) []uint64 {
		w := make([]uint64, words)
		for k := range n {
			a, b := k&(1<<aBits-1), k>>aBits
			v := a
			if name == "B" {
				v = b
			}
			if v>>bit&1 != 0 {
				w[k/64] |= 1 << (k % 64)
			}
		}
		return w
	}
	sigs := map[string][]uint64{}
	get := func(tok string) ([]uint64, error) {
		switch tok {
		case "1'b0":
			return make([]uint64, words), nil
		case "1'b1":
			w := make([]uint64, words)
			for i := range w {
				w[i] = ^uint64(0)
			}
			return w, nil
		}
		if m := reBit.FindStringSubmatch(tok); m != nil {
			bit, _ := strconv.Atoi(m[2])
			return input(m[1], bit), nil
		}
		if w, ok := sigs[tok]; ok {
			return w, nil
		}
		return nil, fmt.Errorf("undefined signal %q", tok)
	}
	outs := make([][]uint64, aBits+bBits)
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		m := reAssign.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		lhs, rhs := m[1], m[2]
		if lhs == "O" && strings.HasPrefix(rhs, "{") && strings.HasSuffix(rhs, "}") {
			items := strings.Split(rhs[1:len(rhs)-1], ",")
			if len(items) != len(outs) {
				return nil, fmt.Errorf("%s:%d: concatenation of %d bits for a %d-bit output", path, line, len(items), len(outs))
			}
			for i, it := range items {
				w, err := get(strings.TrimSpace(it))
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %w", path, line, err)
				}
				outs[len(items)-1-i] = w
			}
			continue
		}
		negOut := false
		if np := reNegPar.FindStringSubmatch(rhs); np != nil {
			negOut, rhs = np[1] != "", strings.TrimSpace(np[2])
		}
		var val []uint64
		if b := reBin.FindStringSubmatch(rhs); b != nil {
			x, err := get(b[2])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			y, err := get(b[5])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			val = make([]uint64, words)
			for i := range val {
				xv, yv := x[i], y[i]
				if b[1] != "" {
					xv = ^xv
				}
				if b[4] != "" {
					yv = ^yv
				}
				switch b[3] {
				case "&":
					val[i] = xv & yv
				case "|":
					val[i] = xv | yv
				case "^":
					val[i] = xv ^ yv
				}
			}
		} else if o := reOne.FindStringSubmatch(rhs); o != nil {
			x, err := get(o[2])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			val = make([]uint64, words)
			for i := range val {
				val[i] = x[i]
				if o[1] != "" {
					val[i] = ^x[i]
				}
			}
		} else {
			return nil, fmt.Errorf("%s:%d: unsupported expression %q", path, line, rhs)
		}
		if negOut {
			for i := range val {
				val[i] = ^val[i]
			}
		}
		sigs[lhs] = val
		if om := reOut.FindStringSubmatch(lhs); om != nil {
			bit, _ := strconv.Atoi(om[1])
			if bit >= len(outs) {
				return nil, fmt.Errorf("%s:%d: output bit %d out of range", path, line, bit)
			}
			outs[bit] = val
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	raw := make([]uint64, n)
	for bit, w := range outs {
		if w == nil {
			return nil, fmt.Errorf("%s: output O[%d] never assigned", path, bit)
		}
		for k := range n {
			raw[k] |= (w[k/64] >> (k % 64) & 1) << bit
		}
	}
	return raw, nil
}

type publishedV2022 struct {
	name, group         string
	aBits, bBits        int
	signed              bool
	maePct, mae, wcePct float64
	wce, wcrePct, epPct float64
	mrePct, mse         float64
	raw                 map[string]string
}

func readV2022Metrics(t *testing.T, path string) []publishedV2022 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	hdr := recs[0]
	var out []publishedV2022
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range hdr {
			m[h] = r[i]
		}
		num := func(k string) float64 {
			v, err := strconv.ParseFloat(m[k], 64)
			if err != nil {
				t.Fatalf("%s: %s column %s: %v", path, m["name"], k, err)
			}
			return v
		}
		p := publishedV2022{name: m["name"], group: m["group"], raw: m}
		p.aBits = int(num("a_bits"))
		p.bBits = int(num("b_bits"))
		p.signed = m["signed"] == "1"
		p.maePct, p.mae, p.wcePct, p.wce = num("MAE_pct"), num("MAE"), num("WCE_pct"), num("WCE")
		p.wcrePct, p.epPct, p.mrePct, p.mse = num("WCRE_pct"), num("EP_pct"), num("MRE_pct"), num("MSE")
		out = append(out, p)
	}
	return out
}

func sharedDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("AXMUL_SHARED")
	if d == "" {
		t.Skip("AXMUL_SHARED not set")
	}
	if _, err := os.Stat(filepath.Join(d, "evoapprox")); err != nil {
		t.Fatalf("AXMUL_SHARED=%s: %v", d, err)
	}
	return d
}

// printedUlp returns the unit of the last printed digit of a published
// figure ("0.057" -> 0.001, "12" -> 1, "29320.446e3" -> 1).
func printedUlp(s string) float64 {
	mant, exp := s, 0
	if k := strings.IndexAny(s, "eE"); k >= 0 {
		mant = s[:k]
		exp, _ = strconv.Atoi(s[k+1:])
	}
	dec := 0
	if k := strings.IndexByte(mant, '.'); k >= 0 {
		dec = len(mant) - k - 1
	}
	return math.Pow(10, float64(exp-dec))
}

// TestPublishedV2022 evaluates every flat (assign-only) v2022 netlist with
// at most 16 input bits and checks our metrics against the published ones,
// each to within half a unit of its last printed digit. It pins the
// definitions: MRE/WCRE exclude pairs with exact product 0, MAE% and WCE%
// divide by 2^(aBits+bBits).
func TestPublishedV2022(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "evoapprox", "v2022")
	checked, skipped := 0, 0
	for _, p := range readV2022Metrics(t, filepath.Join(dir, "metrics.csv")) {
		if p.aBits+p.bBits > 16 {
			continue
		}
		raw, err := evalFlatNetlist(filepath.Join(dir, p.group, p.name+".v"), p.aBits, p.bBits)
		if err != nil {
			skipped++ // netlists built from cell instances need circuits/sim
			continue
		}
		em, err := FromProducts(p.aBits, p.bBits, p.signed, raw)
		if err != nil {
			t.Fatal(err)
		}
		m := em.Metrics(Options{ZeroExact: ExcludeZero})
		for _, c := range []struct {
			col string
			got float64
		}{
			{"MAE", m.MAE}, {"MAE_pct", m.MAEPct}, {"WCE", float64(m.WCE)}, {"WCE_pct", m.WCEPct},
			{"EP_pct", m.EP}, {"MRE_pct", m.MRE}, {"WCRE_pct", m.WCRE}, {"MSE", m.MSE},
		} {
			want, _ := strconv.ParseFloat(p.raw[c.col], 64)
			// Half a printed unit, plus 1e-9 relative for float noise.
			tol := printedUlp(p.raw[c.col])/2 + 1e-9*math.Abs(want)
			if math.Abs(c.got-want) > tol {
				t.Errorf("%s %s = %.6g, published %s", p.name, c.col, c.got, p.raw[c.col])
			}
		}
		checked++
	}
	t.Logf("checked %d circuits, skipped %d cell-instance netlists", checked, skipped)
	if checked < 100 {
		t.Errorf("only %d circuits checked", checked)
	}
}
