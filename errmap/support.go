package errmap

import "fmt"

// Support returns the operand values a population model reads errors at:
// act, the activation values that occur in the sampled rows (ascending),
// and weights, the weight values of non-zero probability (ascending).
// PredictSupport takes the errors at act × weights only.
func (pop *Population) Support() (act, weights []int8) {
	act = make([]int8, len(pop.act))
	for a, i := range pop.act {
		act[a] = int8(int(i) - 128)
	}
	weights = make([]int8, len(pop.wIdx))
	for b, j := range pop.wIdx {
		weights[b] = int8(int(j) - 128)
	}
	return act, weights
}

// ActivationProbs returns, for the activation values of Support in the
// same order, their probability in the sampled rows: P[x]/N, the mean of
// the sampled rows' histograms (it sums to 1).
func (pop *Population) ActivationProbs() []float64 {
	out := make([]float64, len(pop.p))
	n := float64(pop.n)
	for a, p := range pop.p {
		out[a] = p / n
	}
	return out
}

// PredictSupport returns what Predict returns for an int8-domain error map
// whose error at activation act[a] and weight weights[b] (Support's
// values) is e[a*len(weights)+b]; errors elsewhere do not matter to the
// model (their probability is 0). The result has the same bits as Predict
// on such a map, under every kernel. It panics when len(e) is not
// len(act)·len(weights).
func (pop *Population) PredictSupport(e []int32) (mean, std float64) {
	nw := len(pop.wIdx)
	if len(e) != len(pop.act)*nw {
		panic(fmt.Sprintf("errmap: PredictSupport: %d errors, want %d activations x %d weights", len(e), len(pop.act), nw))
	}
	sparse := nw <= sparseWeights
	mean, std, _ = pop.predictRows(func(buf []int32, a int, _ uint8) []int32 {
		row := e[a*nw : (a+1)*nw]
		if sparse {
			return row
		}
		// Zero-probability weights add exact zeros whatever their error.
		clear(buf[:256])
		for b, j := range pop.wIdx {
			buf[j] = row[b]
		}
		return buf[:256]
	})
	return mean, std
}
