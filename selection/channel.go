package selection

import (
	"fmt"
	"math"

	"github.com/axmul/axmul/errmap"
)

// xCount is one activation value (its uint8 bit pattern) seen count times
// at one input position.
type xCount struct {
	x     uint8
	count float64
}

// channelModel holds what the channel-aware error model needs of a layer:
// the activation histogram of every input position, the weights and every
// channel's exact output standard deviation.
type channelModel struct {
	rows, k, j int
	pos        [][]xCount // pos[k]: the values seen at input position k
	weights    []int8     // [k, j]
	outStd     []float64  // per channel, population std of the exact outputs
}

// newChannelModel builds the channel model of a validated layer.
func newChannelModel(l *Layer) *channelModel {
	rows, k, j := l.Rows(), l.FanIn, l.Out
	cm := &channelModel{rows: rows, k: k, j: j, pos: make([][]xCount, k), weights: l.Weights}
	counts := make([][256]uint32, k)
	for i := range rows {
		for q, v := range l.Features[i*k : (i+1)*k] {
			counts[q][uint8(v)]++
		}
	}
	for q := range k {
		for x, c := range counts[q] {
			if c != 0 {
				cm.pos[q] = append(cm.pos[q], xCount{uint8(x), float64(c)})
			}
		}
	}
	cm.outStd = channelStds(l)
	return cm
}

// channelStds returns the population std of every output channel of
// Features @ Weights (computed exactly, see ComputeOutputs).
func channelStds(l *Layer) []float64 {
	var y []float64
	if l.FanIn <= maxFloat32FanIn {
		y = matmulFloat32(l.Features, l.Weights, l.Rows(), l.FanIn, l.Out)
	} else {
		y = matmulFloat64(l.Features, l.Weights, l.Rows(), l.FanIn, l.Out)
	}
	out := make([]float64, l.Out)
	col := make([]float64, l.Rows())
	for c := range l.Out {
		for i := range col {
			col[i] = y[i*l.Out+c]
		}
		out[c] = popStd(col)
	}
	return out
}

// predict sets mean[c] and std[c], for every output channel c, to the
// predicted mean and standard deviation of the channel's output error
// under the error table (LUT layout, errmap.ErrorMap.ErrorTable): with
// p_q the activation histogram of input position q (over the layer's
// rows) and w_qc the channel's actual weights, the errors of the
// positions are taken as independent, so
//
//	mean[c] = Σ_q Σ_x p_q(x) E(x, w_qc)
//	std[c]² = Σ_q Σ_x p_q(x) (E(x, w_qc) - m_qc)²,  m_qc = Σ_x p_q(x) E(x, w_qc).
//
// Each position's variance is computed in two passes.
func (cm *channelModel) predict(table []int32, mean, std []float64) {
	n := float64(cm.rows)
	for c := range cm.j {
		var mu, v float64
		for q, xs := range cm.pos {
			wq := int(uint8(cm.weights[q*cm.j+c]))
			s := 0.0
			for _, xc := range xs {
				s += xc.count * float64(table[int(xc.x)<<8|wq])
			}
			m := s / n
			d2 := 0.0
			for _, xc := range xs {
				d := float64(table[int(xc.x)<<8|wq]) - m
				d2 += xc.count * d * d
			}
			mu += m
			v += d2 / n
		}
		mean[c], std[c] = mu, math.Sqrt(v)
	}
}

// score returns the channel criterion's figure of the table: the largest
// over channels c of sqrt(mean[c]² + std[c]²) / outStd[c], the predicted
// rms error of the channel relative to its own output std. A channel whose
// exact output is constant (outStd 0) scores 0 when its predicted error is
// 0 and +Inf otherwise.
func (cm *channelModel) score(table []int32) float64 {
	mean, std := make([]float64, cm.j), make([]float64, cm.j)
	cm.predict(table, mean, std)
	worst := 0.0
	for c := range cm.j {
		rms := math.Hypot(mean[c], std[c])
		switch {
		case cm.outStd[c] > 0:
			worst = max(worst, rms/cm.outStd[c])
		case rms > 0:
			worst = math.Inf(1)
		}
	}
	return worst
}

// ChannelPrediction returns the channel-aware error model's predicted mean
// and standard deviation of the output error of every channel of l (the
// columns of Weights) when em multiplies its products, the activation at
// port (see channelModel.predict for the model). l is not modified.
func ChannelPrediction(l *Layer, em *errmap.ErrorMap, port Port) (mean, std []float64, err error) {
	if err := l.Validate(); err != nil {
		return nil, nil, err
	}
	table, err := orientedTable(em, port)
	if err != nil {
		return nil, nil, err
	}
	cm := newChannelModel(l)
	mean, std = make([]float64, l.Out), make([]float64, l.Out)
	cm.predict(table, mean, std)
	return mean, std, nil
}

// orientedTable returns em's int8 errors in LUT layout with the
// activation at port.
func orientedTable(em *errmap.ErrorMap, port Port) ([]int32, error) {
	if port == PortB {
		em = em.Transpose()
	}
	t, err := em.ErrorTable()
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	return t, nil
}
