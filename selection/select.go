package selection

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/safego"
)

// DefaultSamples is the number of feature rows drawn for the population
// error model when Options.Samples is 0 (agnapprox's num_samples default).
const DefaultSamples = 512

// AllSamples, as Options.Samples, uses every feature row once instead of
// drawing a sample.
const AllSamples = errmap.All

// MaxSamples is the largest sample count (errmap.MaxSamples, 2^24 rows);
// AllSamples takes every row of a larger layer.
const MaxSamples = errmap.MaxSamples

// Options parameterises the selection.
type Options struct {
	// Samples is the number of feature rows drawn (uniformly, with
	// replacement) for the population error model: 0 means DefaultSamples,
	// AllSamples every row.
	Samples int
	// Seed fixes the row sample; every layer uses the same seed.
	Seed uint64
	// Workers bounds the goroutines that load and evaluate error maps:
	// 0 means GOMAXPROCS.
	Workers int
	// LayerMetric rates every candidate per layer with the library's
	// LayerMetric (the library must be a LayerMetricLibrary) instead of
	// its one Candidate.Metric: layer j takes the candidate of least
	// LayerMetric(layer j, candidate) that fits. The result then records
	// every candidate's metric per layer (LayerInfo.MulMetrics) and
	// metric_max is the largest of them over all layers.
	LayerMetric bool
	// Orientation says which multiplier port receives the activations:
	// "" or OrientationA (port A, agnapprox's convention), OrientationB, or
	// OrientationBest: every candidate gets, per layer, the orientation
	// with the lower prediction of the criterion (A on ties). With
	// LayerMetric and a PortLayerMetricLibrary, whose metric depends on
	// the orientation, a candidate that fits in both orientations gets the
	// one with the lower metric instead (and one that fits in one only,
	// that one), so that best never costs more than A or B.
	Orientation string
	// Criterion is CriterionStd ("" is the same: agnapprox's population
	// model against max_std) or CriterionChannel (the channel-aware model:
	// every output channel's predicted rms error against that channel's own
	// output std times max_noise; the worst channel decides).
	Criterion string
	// Progress, when set, is called after every candidate of each stage
	// of the selection ("error models": its error map and predictions on
	// every layer; "layer metrics" with LayerMetric: its per-layer
	// metrics; "validation checks" in Validate, one a check) with the
	// candidates (checks) done so far and their number. Calls
	// are serialised but may come from any goroutine; results do not
	// depend on it.
	Progress func(stage string, done, total int)
}

// Progress stages (Options.Progress).
const (
	StageErrorModels  = "error models"
	StageLayerMetrics = "layer metrics"
	// StageValidation counts the checks of Validate.
	StageValidation = "validation checks"
)

// tick returns a function that reports one more candidate of stage done
// through o.Progress, or one that does nothing without it.
func (o Options) tick(stage string, total int) func() {
	if o.Progress == nil {
		return func() {}
	}
	var mu sync.Mutex
	done := 0
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		o.Progress(stage, done, total)
	}
}

// Port names the multiplier port that receives a layer's activations; the
// weights go to the other one.
type Port string

// The two ports of a multiplier.
const (
	PortA Port = "A"
	PortB Port = "B"
)

// Values of Options.Orientation.
const (
	OrientationA    = "A"
	OrientationB    = "B"
	OrientationBest = "best"
)

// Values of Options.Criterion.
const (
	CriterionStd     = "std"
	CriterionChannel = "channel"
)

// ParsePort parses "A" or "B" ("" means A).
func ParsePort(s string) (Port, error) {
	switch s {
	case "", "A":
		return PortA, nil
	case "B":
		return PortB, nil
	}
	return "", fmt.Errorf("selection: activation port %q: want A or B", s)
}

// ports returns the orientations to try for each candidate.
func (o Options) ports() ([]Port, error) {
	switch o.Orientation {
	case "", OrientationA:
		return []Port{PortA}, nil
	case OrientationB:
		return []Port{PortB}, nil
	case OrientationBest:
		return []Port{PortA, PortB}, nil
	}
	return nil, fmt.Errorf("selection: orientation %q: want A, B or best", o.Orientation)
}

func (o Options) channel() (bool, error) {
	switch o.Criterion {
	case "", CriterionStd:
		return false, nil
	case CriterionChannel:
		return true, nil
	}
	return false, fmt.Errorf("selection: criterion %q: want std or channel", o.Criterion)
}

func (o Options) samples() (int, error) {
	switch {
	case o.Samples == 0:
		return DefaultSamples, nil
	case o.Samples == AllSamples || o.Samples > 0 && o.Samples <= MaxSamples:
		return o.Samples, nil
	}
	return 0, fmt.Errorf("selection: Options.Samples = %d, want 1..%d, 0 (default %d) or AllSamples", o.Samples, MaxSamples, DefaultSamples)
}

// preparedLayer holds what the selection needs of one layer.
type preparedLayer struct {
	layer  *Layer
	pop    *errmap.Population
	maxStd float64
	// cm is the channel model (nil unless Options.Criterion is channel).
	cm *channelModel
}

// prepare validates l, computes max_std = std(outputs)·max_noise and builds
// the population model. l is not modified (outputs are computed on a copy).
func prepare(l *Layer, opts Options) (preparedLayer, error) {
	n, err := opts.samples()
	if err != nil {
		return preparedLayer{}, err
	}
	if err := l.Validate(); err != nil {
		return preparedLayer{}, err
	}
	lc := *l
	std, err := lc.OutputStd()
	if err != nil {
		return preparedLayer{}, err
	}
	if err := checkMaxStd(std, l.MaxNoise); err != nil {
		return preparedLayer{}, fmt.Errorf("selection: layer %s: %w", l.Name, err)
	}
	wd, err := errmap.NewDist(l.Weights)
	if err != nil {
		return preparedLayer{}, fmt.Errorf("selection: layer %s: weights: %w", l.Name, err)
	}
	pop, err := errmap.NewPopulation(l.Features, l.FanIn, wd, n, opts.Seed)
	if err != nil {
		return preparedLayer{}, fmt.Errorf("selection: layer %s: %w", l.Name, err)
	}
	pl := preparedLayer{layer: l, pop: pop, maxStd: std * l.MaxNoise}
	if ch, err := opts.channel(); err != nil {
		return preparedLayer{}, err
	} else if ch {
		pl.cm = newChannelModel(&lc)
	}
	return pl, nil
}

// predictions holds, per candidate c and layer j, the orientation chosen
// for the candidate (port[c][j]), the population model's predicted output
// error std in that orientation (std[c][j]: fan_in times the
// per-multiplication std, agnapprox's mul_std *= fan_in) and, under the
// channel criterion, the worst channel's predicted rms error relative to
// its output std (score[c][j]; nil otherwise).
//
// Under OrientationBest, byPort[c] also keeps candidate c's figures in
// orientations A and B (the choice may be revised by bestPortMetrics);
// otherwise it is nil.
type predictions struct {
	std, score [][]float64
	port       [][]Port
	byPort     [][]portFigures
}

// portFigures are one candidate's predictions on every layer in one
// orientation: std[j], and score[j] under the channel criterion.
type portFigures struct {
	std, score []float64
}

// predictAll computes the predictions of every candidate on every layer.
func predictAll(ctx context.Context, layers []preparedLayer, lib Library, cands []Candidate, opts Options) (*predictions, error) {
	ports, err := opts.ports()
	if err != nil {
		return nil, err
	}
	p := &predictions{std: make([][]float64, len(cands)), port: make([][]Port, len(cands))}
	channel := len(layers) > 0 && layers[0].cm != nil
	if channel {
		p.score = make([][]float64, len(cands))
	}
	if len(ports) == 2 {
		p.byPort = make([][]portFigures, len(cands))
	}
	tick := opts.tick(StageErrorModels, len(cands))
	err = parallelFor(ctx, len(cands), opts.Workers, func(c int) error {
		std, port, score, figs, err := predictOne(ctx, layers, lib, cands[c].Name, ports, channel)
		p.std[c], p.port[c] = std, port
		if channel {
			p.score[c] = score
		}
		if p.byPort != nil {
			p.byPort[c] = figs
		}
		if err == nil {
			tick()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// parallelFor calls f(0..n-1) on up to workers goroutines (<= 0:
// GOMAXPROCS) and returns the error of the lowest index that failed; a
// panic in f is returned as a *safego.PanicError. Once ctx is cancelled
// the remaining indices are skipped and ctx's error is returned.
func parallelFor(ctx context.Context, n, workers int, f func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = ctx.Err(); errs[i] == nil {
					errs[i] = safego.Call(func() error { return f(i) })
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if _, panicked := err.(*safego.PanicError); panicked {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// predictOne returns the predictions of one candidate on every layer in
// the best of ports (the first on ties): by the population std, or by the
// channel score when channel is set.
//
// figs[i] holds the figures in ports[i].
func predictOne(ctx context.Context, layers []preparedLayer, lib Library, name string, ports []Port, channel bool) (std []float64, port []Port, score []float64, figs []portFigures, err error) {
	em, err := lib.ErrorMap(name)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if em == nil {
		return nil, nil, nil, nil, fmt.Errorf("selection: multiplier %s: library returned no error map", name)
	}
	em8, err := em.Int8()
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("selection: multiplier %s: %w", name, err)
	}
	maps := make([]*errmap.ErrorMap, len(ports))
	tables := make([][]int32, len(ports))
	for i, p := range ports {
		maps[i] = em8
		if p == PortB {
			maps[i] = em8.Transpose()
		}
		if channel {
			if tables[i], err = maps[i].ErrorTable(); err != nil {
				return nil, nil, nil, nil, fmt.Errorf("selection: multiplier %s: %w", name, err)
			}
		}
	}
	std, port = make([]float64, len(layers)), make([]Port, len(layers))
	if channel {
		score = make([]float64, len(layers))
	}
	figs = make([]portFigures, len(ports))
	for i := range figs {
		figs[i].std = make([]float64, len(layers))
		if channel {
			figs[i].score = make([]float64, len(layers))
		}
	}
	for j, pl := range layers {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, nil, err
		}
		for i, p := range ports {
			_, s, err := pl.pop.Predict(maps[i])
			if err != nil {
				return nil, nil, nil, nil, fmt.Errorf("selection: layer %s: multiplier %s: %w", pl.layer.Name, name, err)
			}
			s *= float64(pl.layer.FanIn)
			if math.IsNaN(s) || math.IsInf(s, 0) {
				return nil, nil, nil, nil, fmt.Errorf("selection: layer %s: multiplier %s: predicted std is %v", pl.layer.Name, name, s)
			}
			figs[i].std[j] = s
			better := i == 0 || s < std[j]
			if channel {
				sc := pl.cm.score(tables[i])
				if math.IsNaN(sc) {
					return nil, nil, nil, nil, fmt.Errorf("selection: layer %s: multiplier %s: channel score is NaN", pl.layer.Name, name)
				}
				figs[i].score[j] = sc
				better = i == 0 || sc < score[j]
				if better {
					score[j] = sc
				}
			}
			if better {
				std[j], port[j] = s, p
			}
		}
	}
	return std, port, score, figs, nil
}

// choose applies agnapprox's rule to one layer: scanning the candidates in
// name order, keep the candidate if its figure fits (std <= max_std, or
// under the channel criterion channel score <= max_noise) and its metric
// <= the best metric so far (so of equal metrics the later name wins).
//
// metrics, when not nil, holds per-layer metrics (metrics[c][j]) that
// replace the candidates' own. best reports that the orientation was
// chosen per candidate (mul_ports is then recorded).
func choose(pl preparedLayer, cands []Candidate, p *predictions, metrics [][]float64, j int, best bool) (LayerInfo, error) {
	info := LayerInfo{
		Name:    pl.layer.Name,
		OpCount: pl.layer.OpCount,
		MaxStd:  pl.maxStd,
		MulStds: make(map[string]float64, len(cands)),
	}
	metric := func(c int) float64 { return cands[c].Metric }
	if metrics != nil {
		metric = func(c int) float64 { return metrics[c][j] }
		info.MulMetrics = make(map[string]float64, len(cands))
	}
	figure, limit := p.std, pl.maxStd
	if p.score != nil {
		figure, limit = p.score, pl.layer.MaxNoise
		info.Criterion = CriterionChannel
		info.MulChannelScores = make(map[string]float64, len(cands))
	}
	if best {
		info.MulPorts = make(map[string]Port, len(cands))
	}
	bestC := -1
	for c, cand := range cands {
		info.MulStds[cand.Name] = p.std[c][j]
		if metrics != nil {
			info.MulMetrics[cand.Name] = metrics[c][j]
		}
		if p.score != nil {
			info.MulChannelScores[cand.Name] = min(p.score[c][j], math.MaxFloat64)
		}
		if best {
			info.MulPorts[cand.Name] = p.port[c][j]
		}
		if figure[c][j] <= limit && (bestC < 0 || metric(c) <= metric(bestC)) {
			bestC = c
		}
	}
	if bestC < 0 {
		lo := 0
		for c := range cands {
			if figure[c][j] < figure[lo][j] {
				lo = c
			}
		}
		if p.score != nil {
			return LayerInfo{}, fmt.Errorf("selection: layer %s: no multiplier fits the channel criterion: max_noise = %g, smallest worst-channel rms error / channel std %g (%s)",
				pl.layer.Name, pl.layer.MaxNoise, p.score[lo][j], cands[lo].Name)
		}
		return LayerInfo{}, fmt.Errorf("selection: layer %s: no multiplier fits: max_std = %g (std(outputs)·max_noise %g), smallest predicted std %g (%s)",
			pl.layer.Name, pl.maxStd, pl.layer.MaxNoise, p.std[lo][j], cands[lo].Name)
	}
	info.MultiplierName = cands[bestC].Name
	info.MultiplierPerformanceMetric = metric(bestC)
	info.ActivationPort = p.port[bestC][j]
	return info, nil
}

// SelectLayerMultiplier selects the multiplier for one layer (agnapprox
// select_layer_multiplier): the candidate with the lowest performance metric
// whose predicted output error std, fan_in · std of the population error
// model, is at most max_std = std(outputs) · max_noise. l is not modified.
func SelectLayerMultiplier(l *Layer, lib Library, opts Options) (LayerInfo, error) {
	infos, _, err := selectLayers(context.Background(), []Layer{*l}, lib, opts)
	if err != nil {
		return LayerInfo{}, err
	}
	return infos[0], nil
}

// SelectMultipliers selects a multiplier for every layer (agnapprox
// select_multipliers) and returns the result with metric_max, the largest
// metric of the search space, and opcount, the sum of the layers' operation
// counts (which must be positive). Each error map is loaded once. The
// layers are not modified.
func SelectMultipliers(layers []Layer, lib Library, opts Options) (*MatchingInfo, error) {
	return SelectMultipliersContext(context.Background(), layers, lib, opts)
}

// SelectMultipliersContext is SelectMultipliers stopping with ctx's error
// soon after ctx is cancelled: ctx is checked between layers and between
// candidates.
func SelectMultipliersContext(ctx context.Context, layers []Layer, lib Library, opts Options) (*MatchingInfo, error) {
	total := 0.0
	for i := range layers {
		total += layers[i].OpCount
	}
	if len(layers) > 0 && (!(total > 0) || math.IsInf(total, 0)) {
		return nil, fmt.Errorf("selection: total opcount of the layers is %v, want > 0 and finite", total)
	}
	infos, metricMax, err := selectLayers(ctx, layers, lib, opts)
	if err != nil {
		return nil, err
	}
	return &MatchingInfo{Layers: infos, MetricMax: metricMax, OpCount: total}, nil
}

// selectLayers runs the selection for every layer and returns the results
// and the largest metric of the search space.
func selectLayers(ctx context.Context, layers []Layer, lib Library, opts Options) ([]LayerInfo, float64, error) {
	if len(layers) == 0 {
		return nil, 0, fmt.Errorf("selection: no layers")
	}
	if _, err := opts.ports(); err != nil {
		return nil, 0, err
	}
	if _, err := opts.channel(); err != nil {
		return nil, 0, err
	}
	cands, err := searchSpace(lib)
	if err != nil {
		return nil, 0, err
	}
	if opts.LayerMetric {
		if _, ok := lib.(LayerMetricLibrary); !ok {
			return nil, 0, fmt.Errorf("selection: Options.LayerMetric: library %T cannot rate candidates per layer (it is not a LayerMetricLibrary)", lib)
		}
	}
	metricMax := 0.0
	for _, c := range cands {
		metricMax = max(metricMax, c.Metric)
	}
	if metricMax <= 0 && !opts.LayerMetric {
		return nil, 0, fmt.Errorf("selection: every performance metric of the search space is 0")
	}
	prepared := make([]preparedLayer, len(layers))
	seen := make(map[string]bool, len(layers))
	for i := range layers {
		if seen[layers[i].Name] {
			return nil, 0, fmt.Errorf("selection: duplicate layer name %q", layers[i].Name)
		}
		seen[layers[i].Name] = true
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if prepared[i], err = prepare(&layers[i], opts); err != nil {
			return nil, 0, err
		}
	}
	preds, err := predictAll(ctx, prepared, lib, cands, opts)
	if err != nil {
		return nil, 0, err
	}
	var metrics [][]float64
	if opts.LayerMetric {
		metricMax = 0
		if _, byPort := lib.(PortLayerMetricLibrary); byPort && opts.Orientation == OrientationBest {
			if metrics, metricMax, err = bestPortMetrics(ctx, prepared, lib, cands, preds, opts); err != nil {
				return nil, 0, err
			}
		} else {
			chosen := func(c, j int) Port { return preds.port[c][j] }
			if metrics, err = layerMetrics(ctx, prepared, lib, cands, chosen, opts.Workers, opts.tick(StageLayerMetrics, len(cands))); err != nil {
				return nil, 0, err
			}
			for _, ms := range metrics {
				for _, v := range ms {
					metricMax = max(metricMax, v)
				}
			}
		}
		if metricMax <= 0 {
			return nil, 0, fmt.Errorf("selection: every per-layer performance metric of the search space is 0")
		}
	}
	infos := make([]LayerInfo, len(layers))
	for j, pl := range prepared {
		if infos[j], err = choose(pl, cands, preds, metrics, j, opts.Orientation == OrientationBest); err != nil {
			return nil, 0, err
		}
	}
	return infos, metricMax, nil
}

// ParseSamples parses a sample count as given on a command line: "all" for
// AllSamples, "" for the default (0), else an integer in 1..MaxSamples.
func ParseSamples(s string) (int, error) {
	switch s {
	case "all":
		return AllSamples, nil
	case "":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > MaxSamples {
		return 0, fmt.Errorf("selection: sample count %q: want an integer in 1..%d or \"all\"", s, MaxSamples)
	}
	return n, nil
}
