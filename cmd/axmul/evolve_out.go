package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/evolve"
	"github.com/axmul/axmul/internal/outfile"
)

// Files of the output folder of axmul evolve.
const (
	evoSummaryJSON = "summary.json"
	evoSummaryCSV  = "summary.csv"
)

// evoFormats maps a --format name to the extension written; each format's
// netlists go to a subfolder of that name (v/, blif/, aag/), so that
// gen.Build finds one netlist per circuit in the first one.
var evoFormats = map[string]string{"v": ".v", "blif": ".blif", "aag": ".aag"}

// evoRecord is one reported circuit of axmul evolve, as written to the
// summary files.
type evoRecord struct {
	Name string `json:"name"`
	// Files are the written netlists, relative to the output folder, in
	// --format order.
	Files []string `json:"files"`
	// Constraint describes the bound; Max is it, Value the circuit's
	// figure, re-computed from every written file; Slack = Max - Value.
	Constraint string  `json:"constraint"`
	Max        float64 `json:"max"`
	Value      float64 `json:"value"`
	Slack      float64 `json:"slack"`
	// Objective names the cost; Cost is its value as the evolution
	// reported it.
	Objective string  `json:"objective"`
	Cost      float64 `json:"cost"`
	// Gates and Depth are the logic gates and depth of the evolved
	// circuit (circuits.Stats of its netlist before writing: a Verilog
	// reader sees a NAND written as ~(a & b) as two gates, AIGER only
	// ANDs and inverters).
	Gates int `json:"gates"`
	Depth int `json:"depth"`
	// AreaUm2 and PowerMW are the estimates of the exact hw flow (as
	// 'axmul hw') when a Liberty file was given.
	AreaUm2 *float64 `json:"est_area_um2,omitempty"`
	PowerMW *float64 `json:"est_power_mw,omitempty"`
	// Generations and Evaluations count the run's generations and
	// evaluated candidates (the seed and λ per generation).
	Generations uint64 `json:"generations"`
	Evaluations uint64 `json:"evaluations"`
	// Metrics are the uniform-operand error metrics of the written
	// netlist (exhaustive simulation; MRE over the pairs whose exact
	// product is not 0, as --metric mre).
	Metrics gen.EntryMetrics `json:"metrics"`
}

// evoSummary is summary.json.
type evoSummary struct {
	Seed        string      `json:"seed_netlist"`
	SeedGates   int         `json:"seed_gates"`
	Options     evoSettings `json:"options"`
	Multipliers []evoRecord `json:"multipliers"`
}

// writeNetlists writes r's circuit in every format into the folder dir
// (subfolders per format), re-reads each file, re-simulates it and checks
// that the constraint's value on the re-read circuit equals the one the
// evolution reported. It fills r's Files, Gates and Depth, and Metrics
// from the first format's file, whose circuit it returns. A mismatch is
// an error: the written file is not the evolved circuit.
func writeNetlists(ctx context.Context, dir string, formats []string, g *evolve.Genome, con evolve.Constraint, r *evoRecord) (*gen.Circuit, error) {
	n, err := g.Netlist(r.Name)
	if err != nil {
		return nil, err
	}
	st, err := n.Stats()
	if err != nil {
		return nil, err
	}
	r.Gates, r.Depth = st.Logic, st.Depth
	var first *gen.Circuit
	sign := gen.Unsigned
	if g.Signed {
		sign = gen.Signed
	}
	for i, f := range formats {
		rel := filepath.Join(f, r.Name+evoFormats[f])
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return nil, err
		}
		if err := netio.WriteFile(path, n); err != nil {
			return nil, err
		}
		c, err := gen.Load(path, gen.LoadOptions{Sign: sign})
		if err != nil {
			return nil, fmt.Errorf("re-reading the written %s: %w", rel, err)
		}
		if c.ABits != g.ABits || c.BBits != g.BBits || c.OBits != len(g.Outs) {
			return nil, fmt.Errorf("re-reading the written %s: %dx%d -> %d bits, evolved %dx%d -> %d", rel, c.ABits, c.BBits, c.OBits, g.ABits, g.BBits, len(g.Outs))
		}
		res, err := gen.Characterise(ctx, c, gen.CharOptions{Workers: 1, Exhaustive: true, KeepProducts: true})
		if err != nil {
			return nil, fmt.Errorf("re-simulating the written %s: %w", rel, err)
		}
		v := con.Value(domainPlanes(con.Domain(), res.Products, c.ABits, c.OBits))
		if v != r.Value && !(math.IsNaN(v) && math.IsNaN(r.Value)) {
			return nil, fmt.Errorf("the written %s re-simulates to %s = %v, but the evolution reported %v", rel, con.Name(), v, r.Value)
		}
		if i == 0 {
			first = c
			r.Metrics = gen.NewEntryMetrics(res.Metrics, errmap.ExcludeZero)
		}
		r.Files = append(r.Files, filepath.ToSlash(rel))
	}
	return first, nil
}

// domainPlanes returns the output bit-planes of a circuit with truth
// table products (raw[b<<aBits | a], as gen.Characterise keeps it) on
// the pairs of d: planes[k][p/64] bit p%64 is output bit k of pair p.
func domainPlanes(d *evolve.Domain, products []uint64, aBits, oBits int) [][]uint64 {
	planes := make([][]uint64, oBits)
	for k := range planes {
		planes[k] = make([]uint64, d.Words)
	}
	for p := range d.Pairs {
		idx := p
		if d.A != nil {
			idx = int(d.B[p])<<aBits | int(d.A[p])
		}
		raw := products[idx]
		for k := range oBits {
			planes[k][p/64] |= (raw >> k & 1) << (p % 64)
		}
	}
	return planes
}

// makeOutputFolder checks that dir does not exist or is empty and creates
// the temporary folder beside it that finishOutputFolder renames into its
// place.
func makeOutputFolder(dir string) (string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return "", fmt.Errorf("-o %s: exists and is not empty", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("-o %s: %w", dir, unwrapPathErr(err))
	}
	clean := filepath.Clean(dir)
	outfile.RemoveStale(filepath.Dir(clean), outfile.TempPrefix(clean), false)
	tmp, err := outfile.MkdirTemp(filepath.Dir(clean), outfile.TempPrefix(clean))
	if err != nil {
		return "", fmt.Errorf("-o %s: creating a temporary folder beside it: %w", dir, err)
	}
	return tmp, nil
}

// finishOutputFolder renames the finished temporary folder tmp to dir.
func finishOutputFolder(tmp, dir string) error {
	clean := filepath.Clean(dir)
	// os.Rename refuses an existing folder, even an empty one.
	if err := os.Remove(clean); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("-o %s: %w", dir, unwrapPathErr(err))
	}
	if err := os.Rename(tmp, clean); err != nil {
		return fmt.Errorf("-o %s: %w", dir, unwrapPathErr(err))
	}
	return nil
}

// writeSummary writes summary.json and summary.csv into dir.
func writeSummary(dir string, s *evoSummary) error {
	if err := outfile.WriteAtomic(filepath.Join(dir, evoSummaryJSON), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // "mae <= 12" as written
		return enc.Encode(s)
	}); err != nil {
		return err
	}
	return outfile.WriteAtomic(filepath.Join(dir, evoSummaryCSV), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"name", "file", "constraint", "max", "value", "slack", "objective", "cost", "gates", "depth",
			"est_area_um2", "est_power_mw", "generations", "evaluations", "mae", "wce", "ep_pct", "mre_pct", "std_error"})
		g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		opt := func(v *float64) string {
			if v == nil {
				return ""
			}
			return g(*v)
		}
		for _, r := range s.Multipliers {
			cw.Write([]string{r.Name, r.Files[0], r.Constraint, g(r.Max), g(r.Value), g(r.Slack), r.Objective, g(r.Cost),
				strconv.Itoa(r.Gates), strconv.Itoa(r.Depth), opt(r.AreaUm2), opt(r.PowerMW), strconv.FormatUint(r.Generations, 10),
				strconv.FormatUint(r.Evaluations, 10), g(r.Metrics.MAE), strconv.FormatUint(r.Metrics.WCE, 10), g(r.Metrics.EPPct),
				g(r.Metrics.MREPct), g(r.Metrics.StdError)})
		}
		cw.Flush()
		return cw.Error()
	})
}
