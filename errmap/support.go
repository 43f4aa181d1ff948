package errmap

import "fmt"

// Support returns the operand values a population model reads errors at:
// act, the activation values that occur in the sampled rows (ascending),
// and weights, the weight values of non-zero probability (ascending) when
// there are few of them, else all 256 values -128..127 (the model then
// sums over every weight value; errors at zero-probability weights are
// multiplied by 0 and may be any finite value). PredictSupport takes the
// errors at act × weights.
func (pop *Population) Support() (act, weights []int8) {
	act = make([]int8, len(pop.act))
	for a, i := range pop.act {
		act[a] = int8(int(i) - 128)
	}
	if len(pop.wIdx) > sparseWeights {
		weights = make([]int8, 256)
		for j := range weights {
			weights[j] = int8(j - 128)
		}
		return act, weights
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
// on such a map, under every kernel (terms of zero probability add exact
// zeros in both). It panics when len(e) is not len(act)·len(weights).
func (pop *Population) PredictSupport(e []int32) (mean, std float64) {
	nw := len(pop.wIdx)
	if nw > sparseWeights {
		nw = 256
	}
	if len(e) != len(pop.act)*nw {
		panic(fmt.Sprintf("errmap: PredictSupport: %d errors, want %d activations x %d weights", len(e), len(pop.act), nw))
	}
	mean, std, _ = pop.predictRows(func(_ []int32, a int, _ uint8) []int32 { return e[a*nw : (a+1)*nw] })
	return mean, std
}
