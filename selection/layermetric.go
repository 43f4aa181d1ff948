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
// layer j (LayerMetricPort with activations on ports[c][j] when lib is a
// PortLayerMetricLibrary), computed on up to workers goroutines (0: GOMAXPROCS), checking
// every value, and calls tick after each candidate.
func layerMetrics(ctx context.Context, layers []preparedLayer, lib Library, cands []Candidate, ports [][]Port, workers int, tick func()) ([][]float64, error) {
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
				v, err = plm.LayerMetricPort(pl.layer, cands[c].Name, ports[c][j])
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
