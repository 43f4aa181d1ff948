package errmap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/axmul/axmul/internal/safego"
)

// SingleDist predicts the error of one multiplication in a layer from global
// operand distributions (agnapprox error_prediction): with E(x, w) the error
// of the int8-domain map (see ErrorMap.Int8; x is the A operand, w the B
// operand),
//
//	mean = Σ E(x,w) px(x) pw(w)
//	std  = sqrt(Σ (E(x,w) - mean)² px(x) pw(w)) / sqrt(fanIn)
//
// std is the standard deviation of the mean error of fanIn independent
// products, i.e. the error standard deviation of a neuron output divided by
// fanIn.
func SingleDist(em *ErrorMap, px, pw *Dist, fanIn int) (mean, std float64, err error) {
	if fanIn < 1 {
		return 0, 0, fmt.Errorf("errmap: fan-in %d, want >= 1", fanIn)
	}
	m, err := em.Int8()
	if err != nil {
		return 0, 0, err
	}
	for i := range 256 {
		row := m.err[i<<8 : (i+1)<<8]
		s := 0.0
		for j, e := range row {
			s += float64(e) * pw[j]
		}
		mean += s * px[i]
	}
	v := 0.0
	for i := range 256 {
		row := m.err[i<<8 : (i+1)<<8]
		s := 0.0
		for j, e := range row {
			d := float64(e) - mean
			s += d * d * pw[j]
		}
		v += s * px[i]
	}
	return mean, math.Sqrt(v) / math.Sqrt(float64(fanIn)), nil
}

// MonteCarlo estimates the same quantities as SingleDist by simulation
// (agnapprox single_dist_mc): each of runs runs draws fanIn operand pairs,
// x from px and w from pw independently (i.e. from px(x)·pw(w)), and sums
// their errors; the results are the mean and the population standard
// deviation (ddof 0) of the run sums, each divided by fanIn. The draws come
// from a counter-based generator keyed by seed (pair g of the stream is a
// hash of g; operands are drawn through exact-integer alias tables, see
// mcRunSums), so the result depends only on the arguments and is the same
// under every kernel. Distributions need not be normalised.
func MonteCarlo(em *ErrorMap, px, pw *Dist, fanIn, runs int, seed uint64) (mean, std float64, err error) {
	if fanIn < 1 || runs < 1 || runs > MaxSamples {
		return 0, 0, fmt.Errorf("errmap: fan-in %d and runs %d, want fan-in >= 1 and runs in 1..%d", fanIn, runs, MaxSamples)
	}
	m, err := em.Int8()
	if err != nil {
		return 0, 0, err
	}
	tx, err := newAliasTable(px)
	if err != nil {
		return 0, 0, fmt.Errorf("%w (activations)", err)
	}
	tw, err := newAliasTable(pw)
	if err != nil {
		return 0, 0, fmt.Errorf("%w (weights)", err)
	}
	sums := make([]float64, runs)
	mcRunSums(currentStatKernel(), sums, m.err, tx, tw, fanIn, seed, 0)
	for _, s := range sums {
		mean += s
	}
	mean /= float64(runs)
	v := 0.0
	for _, s := range sums {
		v += (s - mean) * (s - mean)
	}
	std = math.Sqrt(v / float64(runs))
	return mean / float64(fanIn), std / float64(fanIn), nil
}

// sparseWeights is the number of non-zero weight probabilities up to
// which Predict gathers the error rows at those weights instead of
// summing over all 256. The choice must not depend on the kernel (the
// kernels give the same bits only on the same inputs); 40 is near the
// crossover of the AVX2 kernel (about 48 values, BenchmarkPredictWeights),
// the generic kernel's being about 128.
const sparseWeights = 40

// All, passed as the sample count to NewPopulation, uses every row.
const All = -1

// MaxSamples bounds the sample count of NewPopulation and the runs of
// MonteCarlo: 2^24 draws (128 MiB of row indices), far beyond what the
// population model needs (agnapprox draws 512) and what the prediction
// gains from; a larger request is an error rather than an allocation that
// cannot succeed. Use All to take every row of a larger layer once.
const MaxSamples = 1 << 24

// Population holds the per-layer statistics of the population error model
// (agnapprox population_prediction): the operand histograms p_s of sampled
// receptive fields s (rows of the layer's features reshaped to [-1, fanIn]),
// reduced to P = Σ_s p_s and the Gram matrix G = Σ_s p_s p_sᵀ, together with
// the weight distribution. Predict then costs O(256²) per error map whatever
// the number of samples.
type Population struct {
	fanIn int
	n     int
	w     Dist
	wSum  float64
	rows  []int
	// act lists the activation values (as value+128) that occur in the
	// sampled rows; P and G vanish outside them.
	act []uint8
	p   []float64 // Σ_s p_s over act
	g   []float64 // Σ_s p_s p_sᵀ over act × act, row-major, symmetric
	// wIdx and wVal list the non-zero entries of the weight distribution.
	wIdx []uint8
	wVal []float64
}

// NewPopulation builds the population model of a layer. features holds the
// layer's int8 input operands, len(features) a multiple of fanIn; row s is
// features[s*fanIn:(s+1)*fanIn], the inputs of one neuron output. samples
// rows are drawn uniformly with replacement from a stream fixed by seed (as
// agnapprox get_sample_population does with np.random.choice), or every row
// is used once with samples == All. weights is the distribution of the
// layer's weights; it must sum to 1 (within 1e-9).
func NewPopulation(features []int8, fanIn int, weights Dist, samples int, seed uint64) (*Population, error) {
	if fanIn < 1 {
		return nil, fmt.Errorf("errmap: fan-in %d, want >= 1", fanIn)
	}
	if len(features) == 0 || len(features)%fanIn != 0 {
		return nil, fmt.Errorf("errmap: %d feature values is not a positive multiple of fan-in %d", len(features), fanIn)
	}
	if (samples < 1 || samples > MaxSamples) && samples != All {
		return nil, fmt.Errorf("errmap: sample count %d, want 1..%d or All", samples, MaxSamples)
	}
	wSum := 0.0
	for i, p := range weights {
		if !(p >= 0) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("errmap: weight distribution entry %d (value %d) is %v", i, i-128, p)
		}
		wSum += p
	}
	// Tolerance: a histogram sums to 1 within 256 roundings (~1e-14).
	if math.Abs(wSum-1) > 1e-9 {
		return nil, fmt.Errorf("errmap: weight distribution sums to %v, want 1", wSum)
	}
	nrows := len(features) / fanIn
	var rows []int
	if samples == All {
		rows = make([]int, nrows)
		for i := range rows {
			rows[i] = i
		}
	} else {
		r := rand.New(rand.NewPCG(seed, 0x706f70756c617469))
		rows = make([]int, samples)
		for i := range rows {
			rows[i] = r.IntN(nrows)
		}
	}
	pc, gc := gramCounts(features, fanIn, rows)
	pop := &Population{fanIn: fanIn, n: len(rows), w: weights, wSum: wSum, rows: rows}
	for j, p := range weights {
		if p != 0 {
			pop.wIdx = append(pop.wIdx, uint8(j))
			pop.wVal = append(pop.wVal, p)
		}
	}
	f := float64(fanIn)
	for i, c := range pc {
		if c != 0 {
			pop.act = append(pop.act, uint8(i))
			pop.p = append(pop.p, float64(c)/f)
		}
	}
	k := len(pop.act)
	pop.g = make([]float64, k*k)
	f2 := f * f
	for a, i := range pop.act {
		for b, j := range pop.act[:a+1] {
			v := float64(gc[int(i)<<8|int(j)]) / f2
			pop.g[a*k+b] = v
			pop.g[b*k+a] = v
		}
	}
	return pop, nil
}

// gramCounts returns, over the given rows, the summed histogram counts
// pc[v+128] and the lower triangle (i >= j) of Σ c cᵀ, gc[i<<8|j], in exact
// integer arithmetic. Rows are sparse: only their non-empty bins are paired.
// Large row sets are split between GOMAXPROCS goroutines whose integer
// partial sums are added (the result does not depend on the split).
func gramCounts(features []int8, fanIn int, rows []int) (pc []uint64, gc []uint64) {
	workers := min(runtime.GOMAXPROCS(0), len(rows)/1024+1)
	if workers <= 1 {
		pc, gc = make([]uint64, 256), make([]uint64, 256*256)
		gramCountsInto(pc, gc, features, fanIn, rows)
		return pc, gc
	}
	pcs := make([][]uint64, workers)
	gcs := make([][]uint64, workers)
	panics := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		pcs[w], gcs[w] = make([]uint64, 256), make([]uint64, 256*256)
		lo, hi := w*len(rows)/workers, (w+1)*len(rows)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			panics[w] = safego.Do(func() { gramCountsInto(pcs[w], gcs[w], features, fanIn, rows[lo:hi]) })
		}()
	}
	wg.Wait()
	safego.Repanic(panics) // a worker's panic goes on in the caller
	pc, gc = pcs[0], gcs[0]
	for w := 1; w < workers; w++ {
		for i, v := range pcs[w] {
			pc[i] += v
		}
		for i, v := range gcs[w] {
			gc[i] += v
		}
	}
	return pc, gc
}

// gramCountsInto adds the counts of rows to pc and gc (see gramCounts).
func gramCountsInto(pc, gc []uint64, features []int8, fanIn int, rows []int) {
	var cnt [256]uint32
	var nz [256]uint8
	var cz [256]uint64
	for _, s := range rows {
		for _, v := range features[s*fanIn : (s+1)*fanIn] {
			cnt[uint8(int(v)+128)]++
		}
		k := 0
		for i, c := range cnt {
			if c != 0 {
				nz[k] = uint8(i)
				cz[k] = uint64(c)
				k++
			}
		}
		for a := range k {
			i := int(nz[a])
			ci := cz[a]
			pc[i] += ci
			grow := (*[256]uint64)(gc[i<<8 : i<<8+256])
			for b, j := range nz[:a+1] {
				grow[j] += ci * cz[b]
			}
		}
		for _, i := range nz[:k] {
			cnt[i] = 0
		}
	}
}

// wRow returns row i of the int8-domain error map e: all 256 entries, or,
// when sparse, the entries at the weight values wIdx gathered into buf.
func (pop *Population) wRow(buf, e []int32, i uint8, sparse bool) []int32 {
	row := e[int(i)<<8 : int(i)<<8+256]
	if !sparse {
		return row
	}
	g := buf[:len(pop.wIdx)]
	for b, j := range pop.wIdx {
		g[b] = row[j]
	}
	return g
}

// FanIn returns the layer's fan-in.
func (pop *Population) FanIn() int { return pop.fanIn }

// Samples returns the number of sampled rows N.
func (pop *Population) Samples() int { return pop.n }

// Rows returns the indices of the sampled rows, in draw order (a row may
// repeat). The slice is the model's own: do not modify.
func (pop *Population) Rows() []int { return pop.rows }

// Predict returns the population prediction of the error of one
// multiplication with the map em (brought into the int8 domain, see
// ErrorMap.Int8): with m_s and s_s the SingleDist mean and std of sample s
// (its histogram as px, the layer's weight distribution as pw),
//
//	mean = Σ m_s / N
//	std  = sqrt((Σ (m_s² + s_s²) - (Σ m_s)² / N) / N)
//
// (agnapprox Eq. 15 and 16). It is computed through v1[x] = Σ_w E(x,w) pw(w)
// and v2[x] = Σ_w E(x,w)² pw(w) of the map centred on its predicted mean:
// Σ m_s = P·v1, Σ m_s² = v1ᵀ G v1 and Σ s_s² = (P·v2 - Σ m_s²) / fanIn.
func (pop *Population) Predict(em *ErrorMap) (mean, std float64, err error) {
	m, err := em.Int8()
	if err != nil {
		return 0, 0, err
	}
	sparse := len(pop.wIdx) <= sparseWeights
	return pop.predictRows(func(buf []int32, _ int, i uint8) []int32 { return pop.wRow(buf, m.err, i, sparse) })
}

// predictRows computes Predict from row(buf, a, i), which returns the
// errors of activation value i = act[a] (as value+128) at all 256 weight
// values, or, when the weights are sparse (len(wIdx) <= sparseWeights), at
// the weight values wIdx only; buf is scratch of 256 entries it may use.
func (pop *Population) predictRows(row func(buf []int32, a int, i uint8) []int32) (mean, std float64, err error) {
	// Only activation values that occur (act) contribute. The inner sums
	// run in the statistics kernel (kernels.go: the same bits under every
	// kernel) over all 256 weight values when many have non-zero
	// probability, else over those (wIdx) only, the row's errors gathered
	// first; zero-probability terms add exact zeros.
	kern := currentStatKernel()
	k := len(pop.act)
	var v1b, v2b [256]float64
	v1, v2 := v1b[:k], v2b[:k]
	sparse := len(pop.wIdx) <= sparseWeights
	wv := pop.w[:]
	if sparse {
		wv = pop.wVal
	}
	var gb [256]int32
	// Pass 1: the mean, Σ m_s / N = P·v1 / N.
	for a, i := range pop.act {
		v1[a] = kern.dotI32(row(gb[:], a, i), wv)
	}
	n := float64(pop.n)
	mean = kern.dot(pop.p, v1) / n
	// Pass 2 on the centred map E - c, c = mean: the spread is unchanged
	// (distributions sum to 1), and centring avoids the cancellation of
	// Σ m_s² - (Σ m_s)²/N when the error is mostly a constant bias.
	c := mean
	for a, i := range pop.act {
		v1[a] -= c * pop.wSum
		v2[a] = kern.sqDevI32(row(gb[:], a, i), wv, c)
	}
	sm := kern.dot(pop.p, v1)
	se2 := kern.dot(pop.p, v2)
	smm := 0.0
	for a := range k {
		smm += v1[a] * kern.dot(pop.g[a*k:(a+1)*k], v1)
	}
	ss := (se2 - (2-pop.wSum)*smm) / float64(pop.fanIn)
	v := (smm + ss - sm*sm/n) / n
	if v < 0 { // rounding when the true variance is 0
		v = 0
	}
	return mean, math.Sqrt(v), nil
}
