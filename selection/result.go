package selection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/regfile"
)

// LayerInfo is the matching result for one layer: the chosen multiplier, its
// performance metric, the layer's operation count, the largest tolerable
// output error standard deviation and the predicted output error standard
// deviation of every multiplier in the search space.
type LayerInfo struct {
	// Name is the layer's name as given in the manifest.
	Name string `json:"name"`
	// MultiplierName is the name of the selected multiplier.
	MultiplierName string `json:"multiplier_name"`
	// MultiplierPerformanceMetric is the selected multiplier's performance
	// metric (power, energy or area; lower is better).
	MultiplierPerformanceMetric float64 `json:"multiplier_performance_metric"`
	// OpCount is the layer's number of multiplications.
	OpCount float64 `json:"opcount"`
	// MaxStd is std(outputs) · max_noise: the largest predicted error
	// standard deviation at the layer output that the layer tolerates.
	MaxStd float64 `json:"max_std"`
	// MulStds maps every candidate's name to its predicted error standard
	// deviation at the layer output (the per-multiplication population
	// model std times fan-in).
	MulStds map[string]float64 `json:"mul_stds"`
	// MulMetrics maps every candidate's name to its performance metric
	// for this layer when the selection rated candidates per layer
	// (Options.LayerMetric); nil otherwise.
	MulMetrics map[string]float64 `json:"mul_metrics,omitempty"`
	// ActivationPort is the port of the chosen multiplier that receives
	// the activations ("A" or "B"; empty in results of older versions
	// means A).
	ActivationPort Port `json:"activation_port,omitempty"`
	// MulPorts maps every candidate to the orientation it was rated in
	// when the selection chose it per candidate (--orientation best).
	MulPorts map[string]Port `json:"mul_ports,omitempty"`
	// Criterion is "channel" when the channel-aware criterion chose
	// (empty: agnapprox's std criterion).
	Criterion string `json:"criterion,omitempty"`
	// MulChannelScores maps every candidate to its worst channel's
	// predicted rms error relative to that channel's output std (the
	// channel criterion's figure, compared with max_noise; channels of
	// constant output with a predicted error score the largest float64).
	MulChannelScores map[string]float64 `json:"mul_channel_scores,omitempty"`
}

// Port returns the layer's activation port: ActivationPort, or A when it
// is empty.
func (l LayerInfo) Port() Port {
	if l.ActivationPort == "" {
		return PortA
	}
	return l.ActivationPort
}

// RelativeOpCount returns the layer's share of the total operation count:
// OpCount / totalOpCount.
func (l LayerInfo) RelativeOpCount(totalOpCount float64) float64 {
	return l.OpCount / totalOpCount
}

// RelativeEnergyConsumption returns the chosen multiplier's performance
// metric relative to metricMax (typically the exact multiplier's):
// MultiplierPerformanceMetric / metricMax.
func (l LayerInfo) RelativeEnergyConsumption(metricMax float64) float64 {
	return l.MultiplierPerformanceMetric / metricMax
}

// MatchingInfo is the matching result for a whole model.
type MatchingInfo struct {
	// Layers holds one result per layer, in manifest order.
	Layers []LayerInfo
	// MetricMax is the largest performance metric in the search space.
	MetricMax float64
	// OpCount is the model's total operation count (the sum of the layers'
	// operation counts).
	OpCount float64
}

// RelativeEnergyConsumption returns the model's energy relative to the same
// model with the most expensive multiplier in every layer: the sum over the
// layers of RelativeOpCount(OpCount) · RelativeEnergyConsumption(MetricMax).
func (m *MatchingInfo) RelativeEnergyConsumption() float64 {
	sum := 0.0
	for _, l := range m.Layers {
		sum += l.RelativeOpCount(m.OpCount) * l.RelativeEnergyConsumption(m.MetricMax)
	}
	return sum
}

// matchingJSON is the wire form of MatchingInfo.
type matchingJSON struct {
	MetricMax                 *float64    `json:"metric_max"`
	OpCount                   *float64    `json:"opcount"`
	RelativeEnergyConsumption float64     `json:"relative_energy_consumption"`
	Layers                    []LayerInfo `json:"layers"`
}

// MarshalJSON encodes m with the keys metric_max, opcount,
// relative_energy_consumption (computed) and layers. It fails on non-finite
// numbers, which JSON cannot represent.
func (m *MatchingInfo) MarshalJSON() ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	rel := m.RelativeEnergyConsumption()
	if !finite(rel) {
		return nil, fmt.Errorf("selection: relative_energy_consumption is %v", rel)
	}
	layers := m.Layers
	if layers == nil {
		layers = []LayerInfo{}
	}
	return json.Marshal(matchingJSON{
		MetricMax:                 &m.MetricMax,
		OpCount:                   &m.OpCount,
		RelativeEnergyConsumption: rel,
		Layers:                    layers,
	})
}

// UnmarshalJSON decodes the form written by MarshalJSON. The stored
// relative_energy_consumption is ignored (it is recomputed on demand);
// missing or invalid fields are errors naming the field.
func (m *MatchingInfo) UnmarshalJSON(data []byte) error {
	var w matchingJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("selection: decoding result: %w", err)
	}
	out, err := w.matchingInfo()
	if err != nil {
		return err
	}
	*m = *out
	return nil
}

// matchingInfo checks the decoded wire form and returns the result.
func (w *matchingJSON) matchingInfo() (*MatchingInfo, error) {
	if w.MetricMax == nil {
		return nil, errors.New("selection: result: missing field metric_max")
	}
	if w.OpCount == nil {
		return nil, errors.New("selection: result: missing field opcount")
	}
	out := MatchingInfo{Layers: w.Layers, MetricMax: *w.MetricMax, OpCount: *w.OpCount}
	if err := out.validate(); err != nil {
		return nil, err
	}
	return &out, nil
}

// validate checks the invariants that every result written by this package
// satisfies.
func (m *MatchingInfo) validate() error {
	if !finite(m.MetricMax) || m.MetricMax <= 0 {
		return fmt.Errorf("selection: result: metric_max must be positive and finite, got %v", m.MetricMax)
	}
	if !finite(m.OpCount) || m.OpCount <= 0 {
		return fmt.Errorf("selection: result: opcount must be positive and finite, got %v", m.OpCount)
	}
	seen := make(map[string]bool, len(m.Layers))
	for i, l := range m.Layers {
		switch {
		case l.Name == "":
			return fmt.Errorf("selection: result: layers[%d]: missing field name", i)
		case seen[l.Name]:
			return fmt.Errorf("selection: result: layers[%d]: duplicate layer name %q", i, l.Name)
		case l.MultiplierName == "":
			return fmt.Errorf("selection: result: layers[%d] (%s): missing field multiplier_name", i, l.Name)
		case !finite(l.MultiplierPerformanceMetric) || l.MultiplierPerformanceMetric < 0:
			return fmt.Errorf("selection: result: layers[%d] (%s): multiplier_performance_metric must be non-negative and finite, got %v", i, l.Name, l.MultiplierPerformanceMetric)
		case !finite(l.OpCount) || l.OpCount < 0:
			return fmt.Errorf("selection: result: layers[%d] (%s): opcount must be non-negative and finite, got %v", i, l.Name, l.OpCount)
		case !finite(l.MaxStd) || l.MaxStd < 0:
			return fmt.Errorf("selection: result: layers[%d] (%s): max_std must be non-negative and finite, got %v", i, l.Name, l.MaxStd)
		}
		switch l.ActivationPort {
		case "", PortA, PortB:
		default:
			return fmt.Errorf("selection: result: layers[%d] (%s): activation_port must be A or B, got %q", i, l.Name, l.ActivationPort)
		}
		for name, p := range l.MulPorts {
			if p != PortA && p != PortB {
				return fmt.Errorf("selection: result: layers[%d] (%s): mul_ports[%q] must be A or B, got %q", i, l.Name, name, p)
			}
		}
		seen[l.Name] = true
		for name, s := range l.MulStds {
			if !finite(s) || s < 0 {
				return fmt.Errorf("selection: result: layers[%d] (%s): mul_stds[%q] must be non-negative and finite, got %v", i, l.Name, name, s)
			}
		}
		for name, v := range l.MulMetrics {
			if !finite(v) || v < 0 {
				return fmt.Errorf("selection: result: layers[%d] (%s): mul_metrics[%q] must be non-negative and finite, got %v", i, l.Name, name, v)
			}
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ReadResult reads a result written as JSON (MatchingInfo.MarshalJSON), for
// example by `axmul select`, naming the file in errors. It decodes under
// internal/jsonfile's policy, as every JSON reader of axmul: unknown keys
// and trailing data are errors at line:col. Only regular files are read.
func ReadResult(path string) (*MatchingInfo, error) {
	data, err := regfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	var w matchingJSON
	if err := jsonfile.Decode(path, data, &w); err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	m, err := w.matchingInfo()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
