// Package calib compares circuits/hw estimates with the published PDK45
// figures of the EvoApprox v2022 8x8 multipliers; the calibration test and
// the calplot generator share it.
//
// Units: area in um², delay in ns, power in mW, as metrics.csv gives them.
package calib

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"gonum.org/v1/gonum/stat"
)

// Row is one circuit: the estimate and the published figures.
type Row struct {
	Name                        string // e.g. mul8u_2NDH
	Group                       string // e.g. 8x8_unsigned
	Variant                     string // "plain" (the behavioural netlist, mapped) or "pdk45" (the cell netlist)
	Cells                       int
	Area, Delay, Power          float64
	PubArea, PubDelay, PubPower float64
	// Internal is the internal plus leakage part of Power.
	Internal float64
}

// Published reads metrics.csv and returns the rows of the given groups by
// name, with only the published figures filled.
func Published(path string, groups ...string) (map[string]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no data", path)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"name", "group", "PDK45_PWR_mW", "PDK45_AREA_um2", "PDK45_DELAY_ns"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%s: no column %s", path, h)
		}
	}
	want := map[string]bool{}
	for _, g := range groups {
		want[g] = true
	}
	out := map[string]Row{}
	for i, r := range recs[1:] {
		if !want[r[col["group"]]] {
			continue
		}
		num := func(h string) (float64, error) {
			v, err := strconv.ParseFloat(r[col[h]], 64)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: column %s: %w", path, i+2, h, err)
			}
			return v, nil
		}
		row := Row{Name: r[col["name"]], Group: r[col["group"]]}
		if row.PubPower, err = num("PDK45_PWR_mW"); err != nil {
			return nil, err
		}
		if row.PubArea, err = num("PDK45_AREA_um2"); err != nil {
			return nil, err
		}
		if row.PubDelay, err = num("PDK45_DELAY_ns"); err != nil {
			return nil, err
		}
		out[row.Name] = row
	}
	return out, nil
}

// Estimate maps the netlist file with lib and fills the estimates of row.
func Estimate(row *Row, path string, lib *liberty.Library, opts hw.PowerOptions) error {
	n, err := verilog.ParseFile(path, verilog.Options{Cells: verilog.LibertyCells(lib)})
	if err != nil {
		return err
	}
	m, err := hw.Map(n, lib)
	if err != nil {
		return err
	}
	sta, err := m.STA(opts.Options)
	if err != nil {
		return err
	}
	p, err := m.Power(opts)
	if err != nil {
		return err
	}
	row.Cells, row.Area, row.Delay, row.Power = len(m.Instances), m.Area(), sta.Delay, p.Total
	row.Internal = p.Internal + p.Leakage
	return nil
}

// Run estimates every circuit of the v2022 8x8 groups under shared (the
// AXMUL_SHARED directory) with the gscl45nm library: the plain netlists
// and, where they exist, the _pdk45 ones. vectors is the power simulation
// length.
func Run(shared string, vectors int) (plain, pdk45 []Row, err error) {
	lib, err := liberty.ParseFile(filepath.Join(shared, "cells", "gscl45nm.lib"))
	if err != nil {
		return nil, nil, err
	}
	root := filepath.Join(shared, "evoapprox", "v2022")
	pub, err := Published(filepath.Join(root, "metrics.csv"), "8x8_signed", "8x8_unsigned")
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(pub))
	for name := range pub {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		row := pub[name]
		opts := PowerOptions(lib)
		p := filepath.Join(root, row.Group, name+".v")
		r := row
		r.Variant = "plain"
		if err := Estimate(&r, p, lib, opts); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		plain = append(plain, r)
		p = filepath.Join(root, row.Group, name+"_pdk45.v")
		if _, err := os.Stat(p); err != nil {
			continue
		}
		r = row
		r.Variant = "pdk45"
		if err := Estimate(&r, p, lib, opts); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		pdk45 = append(pdk45, r)
	}
	if len(plain) == 0 {
		return nil, nil, fmt.Errorf("%s: no 8x8 circuits", root)
	}
	return plain, pdk45, nil
}

// Run8b estimates the EvoApprox8b multipliers under shared/evoapprox/8b
// (cell netlists; every step-th of them in name order, step >= 1) with the
// Liberty file shared/cells/libFile and compares them with the published
// figures of that technology: tech "45" (area45, delay45, power45) or
// "180" (area180, delay180, power180). Published power is in uW and is
// converted to mW.
func Run8b(shared, libFile, tech string, step, vectors int) ([]Row, error) {
	lib, err := liberty.ParseFile(filepath.Join(shared, "cells", libFile))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(shared, "evoapprox", "8b")
	path := filepath.Join(dir, "metrics.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no data", path)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"name", "area" + tech, "delay" + tech, "power" + tech} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%s: no column %s", path, h)
		}
	}
	recs = recs[1:]
	sort.Slice(recs, func(i, j int) bool { return recs[i][col["name"]] < recs[j][col["name"]] })
	opts := PowerOptions(lib)
	opts.Vectors = vectors
	var rows []Row
	for i := 0; i < len(recs); i += max(step, 1) {
		r := recs[i]
		row := Row{Name: r[col["name"]], Group: "8b", Variant: "pdk" + tech}
		vals := make([]float64, 3)
		for k, h := range []string{"area", "delay", "power"} {
			v, err := strconv.ParseFloat(r[col[h+tech]], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %w", path, i+2, h+tech, err)
			}
			vals[k] = v
		}
		row.PubArea, row.PubDelay, row.PubPower = vals[0], vals[1], vals[2]/1000
		p := filepath.Join(dir, row.Name+".v")
		if err := Estimate(&row, p, lib, opts); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// Vectors is the default power simulation length of the calibration.
const Vectors = 1 << 14

// PowerOptions are the options the calibration uses: the package defaults
// with Vectors vectors.
func PowerOptions(lib *liberty.Library) hw.PowerOptions {
	o := hw.PowerOptions{Options: hw.DefaultOptions(lib), FrequencyGHz: 1, Vectors: Vectors, Seed: 1}
	return o
}

// Stats compares estimates with published values.
type Stats struct {
	N                 int
	Spearman, Pearson float64
	// MedianRelErr is the median of |est-pub|/pub over the circuits with
	// pub > 0 (published figures are rounded: the smallest print as 0).
	MedianRelErr float64
	// MedianRatio is the median of est/pub over the same circuits.
	MedianRatio float64
}

// Compare computes the statistics of est against pub.
func Compare(est, pub []float64) Stats {
	s := Stats{N: len(est)}
	if len(est) < 2 || len(est) != len(pub) {
		return s
	}
	s.Pearson = stat.Correlation(est, pub, nil)
	s.Spearman = stat.Correlation(ranks(est), ranks(pub), nil)
	var rel, ratio []float64
	for i := range est {
		if pub[i] > 0 {
			rel = append(rel, math.Abs(est[i]-pub[i])/pub[i])
			ratio = append(ratio, est[i]/pub[i])
		}
	}
	s.MedianRelErr = median(rel)
	s.MedianRatio = median(ratio)
	return s
}

// ranks returns the ranks of x (1-based), ties getting their mean rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Columns extracts (estimate, published) pairs of one metric: "area",
// "power", "delay" or "internal" (internal + leakage power against the
// published power).
func Columns(rows []Row, metric string) (est, pub []float64) {
	for _, r := range rows {
		switch metric {
		case "area":
			est, pub = append(est, r.Area), append(pub, r.PubArea)
		case "power":
			est, pub = append(est, r.Power), append(pub, r.PubPower)
		case "delay":
			est, pub = append(est, r.Delay), append(pub, r.PubDelay)
		case "internal":
			est, pub = append(est, r.Internal), append(pub, r.PubPower)
		}
	}
	return est, pub
}
