package selection

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// orientLibrary returns a library of asymmetric multipliers (each is good
// in one orientation only on layers whose weights are small), symmetric
// ones, and their metrics.
func orientLibrary(t *testing.T) *MapLibrary {
	var lib MapLibrary
	add := func(name string, metric float64, f func(a, b int64) int64, signed bool) {
		em, err := errmap.FromFunc(8, 8, signed, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.Add(name, metric, em); err != nil {
			t.Fatal(err)
		}
	}
	add("exact", 10, func(a, b int64) int64 { return a * b }, true)
	// Truncating the low bits of A costs more error when A is large.
	for k := range 5 {
		add(fmt.Sprintf("trA%d", k), float64(8-k), func(a, b int64) int64 { return (a &^ (1<<k - 1)) * b }, false)
		add(fmt.Sprintf("trB%d", k), float64(8-k)+0.5, func(a, b int64) int64 { return a * (b &^ (1<<k - 1)) }, false)
	}
	add("sym", 7.5, func(a, b int64) int64 { return a * b &^ 15 }, false)
	return &lib
}

func TestOrientationBestNeverWorse(t *testing.T) {
	lib := orientLibrary(t)
	layers := []Layer{smallLayer(11, "conv1", 300, 9, 8), smallLayer(12, "conv2", 200, 30, 16), smallLayer(13, "fc", 100, 64, 10)}
	for _, noise := range []float64{0.01, 0.03, 0.1, 0.3} {
		for _, crit := range []string{CriterionStd, CriterionChannel} {
			orientationCase(t, lib, layers, noise, crit)
		}
	}
}

// orientationCase selects with orientations A, B and best under one
// criterion and checks that best is never more expensive than either, that
// it rates every candidate in the orientation with the lower figure (the
// population std, or the channel score under the channel criterion), A on
// ties, and that the recorded ports agree.
func orientationCase(t *testing.T, lib *MapLibrary, layers []Layer, noise float64, crit string) {
	t.Helper()
	{
		for i := range layers {
			layers[i].MaxNoise = noise
		}
		res := map[string]*MatchingInfo{}
		for _, o := range []string{"A", "B", "best"} {
			r, err := SelectMultipliers(layers, lib, Options{Samples: AllSamples, Orientation: o, Criterion: crit})
			if err != nil {
				t.Fatalf("noise %v criterion %s orientation %s: %v", noise, crit, o, err)
			}
			res[o] = r
		}
		a, b, best := res["A"].RelativeEnergyConsumption(), res["B"].RelativeEnergyConsumption(), res["best"].RelativeEnergyConsumption()
		if best > a || best > b {
			t.Errorf("noise %v criterion %s: best %v, A %v, B %v", noise, crit, best, a, b)
		}
		for j, l := range res["best"].Layers {
			la, lb := res["A"].Layers[j], res["B"].Layers[j]
			fa, fb, fbest := la.MulStds, lb.MulStds, l.MulStds
			if crit == CriterionChannel {
				fa, fb, fbest = la.MulChannelScores, lb.MulChannelScores, l.MulChannelScores
			}
			for name, s := range fbest {
				// Best takes the lower figure of the two orientations, A on ties.
				want, port := fa[name], PortA
				if fb[name] < want {
					want, port = fb[name], PortB
				}
				if s != want || l.MulPorts[name] != port {
					t.Errorf("noise %v criterion %s layer %s %s: best %v/%s, want %v/%s", noise, crit, l.Name, name, s, l.MulPorts[name], want, port)
				}
			}
			if l.ActivationPort != l.MulPorts[l.MultiplierName] || la.ActivationPort != PortA || lb.ActivationPort != PortB {
				t.Errorf("layer %s: ports %s/%s/%s", l.Name, l.ActivationPort, la.ActivationPort, lb.ActivationPort)
			}
		}
		t.Logf("noise %v criterion %s: relative energy A %.3f, B %.3f, best %.3f", noise, crit, a, b, best)
	}
}

func TestOrientationTies(t *testing.T) {
	// Symmetric multipliers predict the same std in both orientations:
	// best keeps port A for every one of them and chooses what A chooses.
	var lib MapLibrary
	for k := range 4 {
		em, err := errmap.FromFunc(8, 8, false, func(a, b int64) int64 { return a * b &^ (1<<(2*k) - 1) })
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.Add(fmt.Sprintf("sym%d", k), float64(4-k), em); err != nil {
			t.Fatal(err)
		}
	}
	l := smallLayer(14, "conv", 100, 12, 6)
	l.MaxNoise = 0.05
	a, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples})
	if err != nil {
		t.Fatal(err)
	}
	best, err := SelectLayerMultiplier(&l, &lib, Options{Samples: AllSamples, Orientation: OrientationBest})
	if err != nil {
		t.Fatal(err)
	}
	if best.MultiplierName != a.MultiplierName || best.ActivationPort != PortA {
		t.Errorf("best chose %s/%s, A chose %s", best.MultiplierName, best.ActivationPort, a.MultiplierName)
	}
	for name, p := range best.MulPorts {
		if p != PortA || best.MulStds[name] != a.MulStds[name] {
			t.Errorf("%s: port %s std %v, want A %v", name, p, best.MulStds[name], a.MulStds[name])
		}
	}
}

func TestOrientationOptionErrors(t *testing.T) {
	lib := orientLibrary(t)
	l := smallLayer(15, "fc", 10, 4, 2)
	for _, o := range []Options{{Orientation: "C"}, {Criterion: "rms"}} {
		if _, err := SelectLayerMultiplier(&l, lib, o); err == nil || !strings.Contains(err.Error(), "want") {
			t.Errorf("%+v: error %v", o, err)
		}
	}
	if _, err := ParsePort("b"); err == nil {
		t.Error("ParsePort(b): no error")
	}
}

func TestDeployOrientation(t *testing.T) {
	lib := orientLibrary(t)
	res := &MatchingInfo{MetricMax: 10, OpCount: 2, Layers: []LayerInfo{
		{Name: "a", MultiplierName: "trA3", MultiplierPerformanceMetric: 5, OpCount: 1},
		{Name: "b", MultiplierName: "trA3", MultiplierPerformanceMetric: 5, OpCount: 1, ActivationPort: PortB},
	}}
	dir := t.TempDir() + "/d"
	if err := Deploy(dir, res, lib); err != nil {
		t.Fatal(err)
	}
	asg, err := ReadAssignment(dir)
	if err != nil {
		t.Fatal(err)
	}
	la := readLUTFile(t, dir+"/"+asg.Layers[0].LUT)
	lb := readLUTFile(t, dir+"/"+asg.Layers[1].LUT)
	if asg.Layers[0].ActivationPort != PortA || asg.Layers[1].ActivationPort != PortB {
		t.Errorf("ports %s, %s", asg.Layers[0].ActivationPort, asg.Layers[1].ActivationPort)
	}
	if !slices.Equal(lb, errmap.TransposeLUT(la)) || slices.Equal(la, lb) {
		t.Fatal("port B LUT is not the transposed port A LUT")
	}
	// Port B: the activation x (row index) goes to the circuit's B, which
	// trA3 keeps exact; the weight is truncated.
	for _, c := range [][2]int{{7, 5}, {-9, 13}, {100, -7}} {
		x, w := c[0], c[1]
		got := lb[int(uint8(int8(x)))<<8|int(uint8(int8(w)))]
		aw := int(math.Abs(float64(w)))
		want := int32(x * (aw &^ 7))
		if w < 0 {
			want = -want
		}
		if got != want {
			t.Errorf("B LUT[x=%d, w=%d] = %d, want %d", x, w, got, want)
		}
	}
}

// portMetricLibrary is a PortLayerMetricLibrary whose per-layer metric
// depends on the orientation: f(layer, name, port).
type portMetricLibrary struct {
	*MapLibrary
	f func(layer, name string, p Port) float64
}

func (l portMetricLibrary) LayerMetric(layer *Layer, name string) (float64, error) {
	return l.f(layer.Name, name, PortA), nil
}

func (l portMetricLibrary) LayerMetricPort(layer *Layer, name string, p Port) (float64, error) {
	return l.f(layer.Name, name, p), nil
}

// TestOrientationBestPortMetric: with a layer metric that depends on the
// orientation (the power of an asymmetric circuit does), best gives a
// candidate that fits in both orientations the cheaper one, one that fits
// in one only that one, and so never costs more than A or B. The metric
// is made adversarial: the orientation with the lower predicted error is
// often the dearer one.
func TestOrientationBestPortMetric(t *testing.T) {
	base := orientLibrary(t)
	cands, err := base.Candidates()
	if err != nil {
		t.Fatal(err)
	}
	metric := map[string]float64{}
	for _, c := range cands {
		metric[c.Name] = c.Metric
	}
	f := func(layer, name string, p Port) float64 {
		h := fnv.New32a()
		fmt.Fprintf(h, "%s/%s/%s", layer, name, p)
		return metric[name] * (0.5 + float64(h.Sum32()%1000)/500) // 0.5x .. 2.5x
	}
	lib := portMetricLibrary{base, f}
	layers := []Layer{smallLayer(11, "conv1", 300, 9, 8), smallLayer(12, "conv2", 200, 30, 16), smallLayer(13, "fc", 100, 64, 10)}
	revised := 0
	for _, noise := range []float64{0.01, 0.03, 0.1, 0.3} {
		for _, crit := range []string{CriterionStd, CriterionChannel} {
			for i := range layers {
				layers[i].MaxNoise = noise
			}
			res := map[string]*MatchingInfo{}
			for _, o := range []string{"A", "B", "best"} {
				r, err := SelectMultipliers(layers, lib, Options{Samples: AllSamples, Orientation: o, Criterion: crit, LayerMetric: true})
				if err != nil {
					t.Fatalf("noise %v criterion %s orientation %s: %v", noise, crit, o, err)
				}
				res[o] = r
			}
			// Relative energies share one metric_max (both orientations'
			// largest metric) for a fair comparison.
			energy := func(r *MatchingInfo) float64 {
				var e, ops float64
				for _, l := range r.Layers {
					e += l.MultiplierPerformanceMetric * l.OpCount
					ops += l.OpCount
				}
				return e / ops
			}
			a, b, best := energy(res["A"]), energy(res["B"]), energy(res["best"])
			if best > a || best > b {
				t.Errorf("noise %v criterion %s: energy best %v, A %v, B %v", noise, crit, best, a, b)
			}
			for j, l := range res["best"].Layers {
				la, lb := res["A"].Layers[j], res["B"].Layers[j]
				fa, fb, limit := la.MulStds, lb.MulStds, l.MaxStd
				if crit == CriterionChannel {
					fa, fb, limit = la.MulChannelScores, lb.MulChannelScores, layers[j].MaxNoise
				}
				for name, m := range l.MulMetrics {
					p := l.MulPorts[name]
					if want := f(l.Name, name, p); m != want {
						t.Errorf("%s %s: metric %v, f at port %s %v", l.Name, name, m, p, want)
					}
					mA, mB := f(l.Name, name, PortA), f(l.Name, name, PortB)
					want := p
					switch fitA, fitB := fa[name] <= limit, fb[name] <= limit; {
					case fitA && fitB && mA < mB:
						want = PortA
					case fitA && fitB && mB < mA:
						want = PortB
					case fitA && !fitB:
						want = PortA
					case fitB && !fitA:
						want = PortB
					}
					if p != want {
						t.Errorf("noise %v criterion %s %s %s: port %s, want %s (figures %v/%v, limit %v, metrics %v/%v)",
							noise, crit, l.Name, name, p, want, fa[name], fb[name], limit, mA, mB)
					}
					// The criterion alone would take the lower figure.
					byFigure := PortA
					if fb[name] < fa[name] {
						byFigure = PortB
					}
					if p != byFigure {
						revised++
					}
				}
			}
			t.Logf("noise %v criterion %s: energy A %.3f, B %.3f, best %.3f", noise, crit, a, b, best)
		}
	}
	if revised == 0 {
		t.Error("no orientation was revised by the metric: the test does not exercise the rule")
	}
	t.Logf("%d orientations revised by the metric", revised)
}
