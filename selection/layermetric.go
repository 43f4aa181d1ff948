package selection

import (
	"context"
	"fmt"
)

// LayerMetricLibrary is a Library that can also rate a candidate under one
// layer's own operands: for example the power a multiplier draws when it
// multiplies that layer's activations by its weights, which depends on
// their distributions (small operands switch few gates). The selection
// consults it instead of Candidate.Metric when Options.LayerMetric is set.
// Implementations must be safe for concurrent use.
type LayerMetricLibrary interface {
	Library
	// LayerMetric returns the performance metric (lower is better,
	// non-negative and finite) of the named candidate for layer l. It
	// must not modify l.
	LayerMetric(l *Layer, name string) (float64, error)
}

// PortLayerMetricLibrary is a LayerMetricLibrary whose figures depend on
// which of the multiplier's ports receives the layer's activations (the
// power of an asymmetric circuit does). The selection then rates each
// candidate with the orientation it predicts that candidate's error for:
// the fixed Options.Orientation, or under OrientationBest the port with
// the lower predicted error.
type PortLayerMetricLibrary interface {
	LayerMetricLibrary
	// LayerMetricPort is LayerMetric with the activations on port
	// activation and the weights on the other port.
	LayerMetricPort(l *Layer, name string, activation Port) (float64, error)
}

// layerMetricFunc adds a metric function to a Library.
type layerMetricFunc struct {
	Library
	f func(l *Layer, name string) (float64, error)
}

func (lf layerMetricFunc) LayerMetric(l *Layer, name string) (float64, error) { return lf.f(l, name) }

// WithLayerMetric returns lib with f as its LayerMetric. f must be safe
// for concurrent use and must not modify the layer.
func WithLayerMetric(lib Library, f func(l *Layer, name string) (float64, error)) LayerMetricLibrary {
	return layerMetricFunc{lib, f}
}

// layerMetrics returns metrics[c][j], the LayerMetric of candidate c for
// layer j (LayerMetricPort with activations on port(c, j) when lib is a
// PortLayerMetricLibrary), computed on up to workers goroutines (0:
// GOMAXPROCS), checking every value, and calls tick after each candidate.
func layerMetrics(ctx context.Context, layers []preparedLayer, lib Library, cands []Candidate, port func(c, j int) Port, workers int, tick func()) ([][]float64, error) {
	lm, ok := lib.(LayerMetricLibrary)
	if !ok {
		return nil, fmt.Errorf("selection: Options.LayerMetric: library %T cannot rate candidates per layer (it is not a LayerMetricLibrary)", lib)
	}
	plm, byPort := lib.(PortLayerMetricLibrary)
	metrics := make([][]float64, len(cands))
	err := parallelFor(ctx, len(cands), workers, func(c int) error {
		ms := make([]float64, len(layers))
		for j, pl := range layers {
			var v float64
			var err error
			if byPort {
				v, err = plm.LayerMetricPort(pl.layer, cands[c].Name, port(c, j))
			} else {
				v, err = lm.LayerMetric(pl.layer, cands[c].Name)
			}
			switch {
			case err != nil:
				return fmt.Errorf("selection: layer %s: multiplier %s: %w", pl.layer.Name, cands[c].Name, err)
			case !finite(v) || v < 0:
				return fmt.Errorf("selection: layer %s: multiplier %s: layer metric %v, want non-negative and finite", pl.layer.Name, cands[c].Name, v)
			}
			ms[j] = v
		}
		metrics[c] = ms
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return metrics, nil
}

// bestPortMetrics rates every candidate on every layer in both
// orientations (lib is a PortLayerMetricLibrary, Options.Orientation is
// OrientationBest) and revises the orientation preds chose by the
// criterion alone: a candidate whose figure fits the layer in both
// orientations takes the cheaper one (the criterion's choice on equal
// metrics); one that fits in one orientation only takes that one; one that
// fits in neither keeps the criterion's choice. preds.port, std and score
// are updated to match. So every candidate that fits in orientation A
// fits in its chosen orientation at no higher metric, and best never
// costs more than OrientationA or OrientationB. It returns metrics[c][j]
// in the chosen orientations and the largest metric of both orientations
// (metric_max).
func bestPortMetrics(ctx context.Context, layers []preparedLayer, lib Library, cands []Candidate, preds *predictions, opts Options) ([][]float64, float64, error) {
	tick := opts.tick(StageLayerMetrics, 2*len(cands))
	ports := [2]Port{PortA, PortB}
	var by [2][][]float64
	for i, port := range ports {
		m, err := layerMetrics(ctx, layers, lib, cands, func(int, int) Port { return port }, opts.Workers, tick)
		if err != nil {
			return nil, 0, err
		}
		by[i] = m
	}
	metricMax := 0.0
	metrics := make([][]float64, len(cands))
	for c := range cands {
		metrics[c] = make([]float64, len(layers))
		for j, pl := range layers {
			metricMax = max(metricMax, by[0][c][j], by[1][c][j])
			figs := preds.byPort[c]
			limit := pl.maxStd
			fig := [2]float64{figs[0].std[j], figs[1].std[j]}
			if preds.score != nil {
				limit = pl.layer.MaxNoise
				fig = [2]float64{figs[0].score[j], figs[1].score[j]}
			}
			i := 0
			if preds.port[c][j] == PortB {
				i = 1
			}
			fitA, fitB := fig[0] <= limit, fig[1] <= limit
			switch {
			case fitA && fitB && by[0][c][j] != by[1][c][j]:
				i = 0
				if by[1][c][j] < by[0][c][j] {
					i = 1
				}
			case fitA && !fitB:
				i = 0
			case fitB && !fitA:
				i = 1
			}
			preds.port[c][j] = ports[i]
			preds.std[c][j] = figs[i].std[j]
			if preds.score != nil {
				preds.score[c][j] = figs[i].score[j]
			}
			metrics[c][j] = by[i][c][j]
		}
	}
	return metrics, metricMax, nil
}
