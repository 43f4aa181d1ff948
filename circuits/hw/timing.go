package hw

import (
	"fmt"
	"math"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
)

// Options are the electrical assumptions of timing and power estimation.
// Start from DefaultOptions and change what you need.
type Options struct {
	// InputSlew is the transition time of every primary input, in ns.
	InputSlew float64
	// OutputLoad is the capacitance on every output-port bit, in pF.
	OutputLoad float64
	// WireCapPerFanout is the wire capacitance per fan-out, in pF: a net
	// with k reading cell pins and output-port bits has k times this on top
	// of the pin capacitances (a wire-load estimate for libraries without a
	// wire-load model, which is the case of gscl45nm and osu018).
	WireCapPerFanout float64
}

// DefaultOptions returns the defaults for lib, all derived from its
// smallest inverter (the X1 inverter, of input capacitance Cinv):
// OutputLoad = Cinv (each output drives one minimum gate),
// WireCapPerFanout = Cinv/2 (a short local wire), and InputSlew = the
// fan-out-of-four slew of that inverter: the mean of its rise and fall
// transition driving 4·Cinv from an input of the same slew (the fixed
// point). Without an inverter with timing they are 0.005 pF, 0.0025 pF and
// 0.05 ns.
func DefaultOptions(lib *liberty.Library) Options {
	o := Options{InputSlew: 0.05, OutputLoad: 0.005, WireCapPerFanout: 0.0025}
	if lib == nil {
		return o
	}
	ix, err := newCellIndex(lib)
	if err != nil || ix.inv == nil {
		return o
	}
	u, err := libUnits(lib)
	if err != nil {
		return o
	}
	cell := ix.inv.cell
	cin := pinCap(cell.Pin(ix.inv.pins[0])) * u.cap
	if !(cin > 0) {
		return o
	}
	o.OutputLoad, o.WireCapPerFanout = cin, cin/2
	var arc *liberty.Timing
	for _, t := range cell.Pin(ix.inv.out).Timing {
		if isCombinational(t) && t.RiseTransition != nil && t.FallTransition != nil {
			arc = t
			break
		}
	}
	if arc == nil {
		return o
	}
	s := 0.0
	for range 50 {
		r := u.lookup(arc.RiseTransition, 4*cin, s)
		f := u.lookup(arc.FallTransition, 4*cin, s)
		next := (r + f) / 2
		if math.IsNaN(next) {
			return o
		}
		if math.Abs(next-s) < 1e-9 {
			s = next
			break
		}
		s = next
	}
	if s > 0 {
		o.InputSlew = s
	}
	return o
}

func (o Options) check() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"InputSlew", o.InputSlew}, {"OutputLoad", o.OutputLoad}, {"WireCapPerFanout", o.WireCapPerFanout}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return fmt.Errorf("hw: option %s = %g: want a finite value >= 0", f.name, f.v)
		}
	}
	return nil
}

// units converts between the library's units and ns, pF, pJ, mW.
type units struct {
	lib    *liberty.Library
	time   float64 // ns per library time unit
	cap    float64 // pF per library capacitance unit
	energy float64 // pJ per internal-power table unit
	leak   float64 // mW per leakage power unit
}

func libUnits(lib *liberty.Library) (units, error) {
	u := units{lib: lib, time: lib.TimeUnitNS(), cap: lib.CapUnitPF(), energy: lib.EnergyUnitPJ(), leak: lib.LeakageUnitW() * 1e3}
	switch {
	case !(u.time > 0):
		return u, fmt.Errorf("hw: library %s: time_unit %q not understood", lib.Name, lib.TimeUnit)
	case !(u.cap > 0):
		return u, fmt.Errorf("hw: library %s: capacitive_load_unit not understood", lib.Name)
	}
	return u, nil
}

// lookup evaluates a delay, transition or energy table at a load (pF)
// and an input slew (ns), honouring the order of the variables declared
// by the table's template. Tables without a known template take load as
// the first variable. Results below 0 (extrapolation) are clamped to 0.
// The result is in table units.
func (u units) lookup(t *liberty.Table, load, slew float64) float64 {
	x1, x2 := load/u.cap, slew/u.time
	if tm := u.lib.Templates[t.Template]; tm != nil {
		switch tm.Variable1 {
		case "input_net_transition", "input_transition_time", "related_pin_transition":
			x1, x2 = slew/u.time, load/u.cap
		}
	}
	v := t.Lookup(x1, x2)
	if v < 0 {
		return 0
	}
	return v
}

// pinCap returns the capacitance of an input pin in library units: the
// capacitance attribute, else the larger of rise and fall capacitance,
// else 0.
func pinCap(p *liberty.Pin) float64 {
	if p == nil {
		return 0
	}
	if !math.IsNaN(p.Capacitance) {
		return p.Capacitance
	}
	c := 0.0
	if !math.IsNaN(p.RiseCapacitance) {
		c = p.RiseCapacitance
	}
	if !math.IsNaN(p.FallCapacitance) && p.FallCapacitance > c {
		c = p.FallCapacitance
	}
	return c
}

func isCombinational(t *liberty.Timing) bool {
	return t.TimingType == "" || t.TimingType == "combinational"
}

// Edge is the direction of a transition.
type Edge uint8

// Transition directions.
const (
	Rise Edge = iota
	Fall
)

// String returns "rise" or "fall".
func (e Edge) String() string {
	if e == Rise {
		return "rise"
	}
	return "fall"
}

// PathStep is one stage of a timing path.
type PathStep struct {
	// Instance and Cell name the cell the step goes through; both are ""
	// for the primary input that starts a path.
	Instance, Cell string
	// From and To are the cell's input and output pins ("" at the start).
	From, To string
	// Net names the net the step reaches.
	Net string
	// Edge is the transition on Net.
	Edge Edge
	// Arrival and Slew on Net, in ns.
	Arrival, Slew float64
}

// STA is the result of static timing analysis.
type STA struct {
	// Delay is the latest arrival time at an output-port bit, in ns (0
	// when every output is a constant or a primary input).
	Delay float64
	// Output names the output-port bit where the critical path ends, e.g.
	// "O[15]"; "" when Delay is 0.
	Output string
	// Path is the critical path from a primary input to Output.
	Path []PathStep

	arr, slew [][2]float64 // per mapped net; NaN when not timed
	load      []float64    // per mapped net, pF
	pred      [][2]predRef
}

// predRef records the arc that set a net's arrival.
type predRef struct {
	inst int32 // -1 for primary inputs
	from int32 // input net
	edge Edge  // edge on the input net
	pin  string
}

// graph is the connectivity of a mapped circuit.
type graph struct {
	driver [][2]int32 // per net: instance and pin index of the driver, or -1
	loads  [][]pinLoad
	order  []int // instances in topological order
}

type pinLoad struct {
	inst int32
	pin  int32
	cap  float64 // pF
}

// buildGraph connects instance pins to nets and orders the instances.
func (m *Mapped) buildGraph(u units) (*graph, error) {
	g := &graph{driver: make([][2]int32, m.NumNets), loads: make([][]pinLoad, m.NumNets)}
	for i := range g.driver {
		g.driver[i] = [2]int32{-1, -1}
	}
	for ii := range m.Instances {
		in := &m.Instances[ii]
		for pi, pc := range in.Pins {
			if pc.Net < 0 {
				continue
			}
			if int(pc.Net) >= m.NumNets {
				return nil, fmt.Errorf("hw: instance %s pin %s: net %d out of range", in.Name, pc.Pin, pc.Net)
			}
			if pc.Output {
				if g.driver[pc.Net][0] >= 0 {
					return nil, fmt.Errorf("hw: net %d driven by instances %s and %s", pc.Net, m.Instances[g.driver[pc.Net][0]].Name, in.Name)
				}
				g.driver[pc.Net] = [2]int32{int32(ii), int32(pi)}
				continue
			}
			g.loads[pc.Net] = append(g.loads[pc.Net], pinLoad{int32(ii), int32(pi), pinCap(in.Cell.Pin(pc.Pin)) * u.cap})
		}
	}
	// Kahn's algorithm over instances.
	indeg := make([]int, len(m.Instances))
	for ii := range m.Instances {
		for _, pc := range m.Instances[ii].Pins {
			if !pc.Output && pc.Net >= 0 && g.driver[pc.Net][0] >= 0 {
				indeg[ii]++
			}
		}
	}
	var queue []int
	for ii, d := range indeg {
		if d == 0 {
			queue = append(queue, ii)
		}
	}
	for len(queue) > 0 {
		ii := queue[0]
		queue = queue[1:]
		g.order = append(g.order, ii)
		for _, pc := range m.Instances[ii].Pins {
			if !pc.Output || pc.Net < 0 {
				continue
			}
			for _, l := range g.loads[pc.Net] {
				indeg[l.inst]--
				if indeg[l.inst] == 0 {
					queue = append(queue, int(l.inst))
				}
			}
		}
	}
	if len(g.order) != len(m.Instances) {
		for ii, d := range indeg {
			if d > 0 {
				return nil, fmt.Errorf("hw: combinational loop through instance %s (%s)", m.Instances[ii].Name, m.Instances[ii].Cell.Name)
			}
		}
	}
	return g, nil
}

// netLoad returns the capacitance on net x in pF: reading pins, wire per
// fan-out, output ports.
func (m *Mapped) netLoad(g *graph, x circuits.Net, o Options) float64 {
	c := 0.0
	for _, l := range g.loads[x] {
		c += l.cap
	}
	fan := len(g.loads[x]) + m.outputLoads[x]
	return c + float64(fan)*o.WireCapPerFanout + float64(m.outputLoads[x])*o.OutputLoad
}

// netName names a mapped net for reports.
func (m *Mapped) netName(x circuits.Net) string {
	if int(x) < m.Source.NumNets {
		return m.Source.NetName(x)
	}
	return m.Source.NetName(m.complementOf[int(x)-m.Source.NumNets]) + "_n"
}

// STA runs static timing analysis with the library's NLDM tables.
//
// Primary inputs switch at time 0 with slew opts.InputSlew; constant nets
// never switch. Every combinational timing arc of a cell output
// (cell_rise/cell_fall for the delay, rise_transition/fall_transition for
// the output slew) is evaluated at the output net's load (pin
// capacitances + wire per fan-out + output-port loads) and the input slew,
// with rise and fall tracked separately according to timing_sense
// (positive_unate: rise from rise, negative_unate: rise from fall,
// non_unate: both). A net's arrival is the latest over its arcs, and its
// slew the slew of that latest arc. Delay is the latest arrival at an
// output port.
func (m *Mapped) STA(opts Options) (*STA, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	u, err := libUnits(m.Library)
	if err != nil {
		return nil, err
	}
	g, err := m.buildGraph(u)
	if err != nil {
		return nil, err
	}
	return m.sta(g, u, opts)
}

func (m *Mapped) sta(g *graph, u units, opts Options) (*STA, error) {
	nan := math.NaN()
	s := &STA{
		arr:  make([][2]float64, m.NumNets),
		slew: make([][2]float64, m.NumNets),
		load: make([]float64, m.NumNets),
		pred: make([][2]predRef, m.NumNets),
	}
	for x := range s.arr {
		s.arr[x] = [2]float64{nan, nan}
		s.slew[x] = [2]float64{nan, nan}
		s.load[x] = m.netLoad(g, circuits.Net(x), opts)
		if x < len(m.isPI) && m.isPI[x] && m.constVal[x] < 0 {
			s.arr[x] = [2]float64{0, 0}
			s.slew[x] = [2]float64{opts.InputSlew, opts.InputSlew}
			s.pred[x] = [2]predRef{{inst: -1}, {inst: -1}}
		}
	}
	for _, ii := range g.order {
		in := &m.Instances[ii]
		for _, pc := range in.Pins {
			if !pc.Output || pc.Net < 0 {
				continue
			}
			if err := m.timeOutput(s, u, int32(ii), in, pc); err != nil {
				return nil, err
			}
		}
	}
	// The latest output.
	best, bestEdge, bestNet, bestName := -1.0, Rise, circuits.NoNet, ""
	for _, p := range m.Source.OutputPorts() {
		for i, b := range p.Bits {
			w := m.wire[b]
			for e := Rise; e <= Fall; e++ {
				if a := s.arr[w][e]; !math.IsNaN(a) && a > best {
					best, bestEdge, bestNet, bestName = a, e, w, fmt.Sprintf("%s[%d]", p.Name, i)
				}
			}
		}
	}
	if bestNet == circuits.NoNet || best <= 0 {
		return s, nil
	}
	s.Delay, s.Output = best, bestName
	// Walk back along the recorded arcs.
	x, e := bestNet, bestEdge
	for {
		p := s.pred[x][e]
		st := PathStep{Net: m.netName(x), Edge: e, Arrival: s.arr[x][e], Slew: s.slew[x][e]}
		if p.inst >= 0 {
			in := &m.Instances[p.inst]
			st.Instance, st.Cell, st.From = in.Name, in.Cell.Name, p.pin
			for _, pc := range in.Pins {
				if pc.Output && pc.Net == x {
					st.To = pc.Pin
				}
			}
		}
		s.Path = append(s.Path, st)
		if p.inst < 0 {
			break
		}
		x, e = circuits.Net(p.from), p.edge
	}
	for i, j := 0, len(s.Path)-1; i < j; i, j = i+1, j-1 {
		s.Path[i], s.Path[j] = s.Path[j], s.Path[i]
	}
	return s, nil
}

// timeOutput computes arrival and slew of one output pin of an instance.
func (m *Mapped) timeOutput(s *STA, u units, ii int32, in *Instance, pc PinConn) error {
	pin := in.Cell.Pin(pc.Pin)
	load := s.load[pc.Net]
	timedInput := false
	for _, ipc := range in.Pins {
		if !ipc.Output && ipc.Net >= 0 && !math.IsNaN(s.arr[ipc.Net][Rise]) {
			timedInput = true
		}
	}
	arcs := 0
	for _, t := range pin.Timing {
		if !isCombinational(t) {
			continue
		}
		rel := in.Input(t.RelatedPin)
		if rel < 0 || math.IsNaN(s.arr[rel][Rise]) {
			continue
		}
		arcs++
		for out := Rise; out <= Fall; out++ {
			delay, trans := t.CellRise, t.RiseTransition
			if out == Fall {
				delay, trans = t.CellFall, t.FallTransition
			}
			if delay == nil || trans == nil {
				return fmt.Errorf("hw: cell %s pin %s: timing arc from %s lacks the %s delay or transition table", in.Cell.Name, pc.Pin, t.RelatedPin, out)
			}
			var ins []Edge
			switch t.TimingSense {
			case "positive_unate":
				ins = []Edge{out}
			case "negative_unate":
				ins = []Edge{1 - out}
			default: // non_unate or unspecified
				ins = []Edge{Rise, Fall}
			}
			for _, ie := range ins {
				sl := s.slew[rel][ie]
				d, tr := u.lookup(delay, load, sl), u.lookup(trans, load, sl)
				if math.IsNaN(d) || math.IsNaN(tr) {
					return fmt.Errorf("hw: cell %s pin %s: malformed %s table of the arc from %s", in.Cell.Name, pc.Pin, out, t.RelatedPin)
				}
				a := s.arr[rel][ie] + d*u.time
				if cur := s.arr[pc.Net][out]; math.IsNaN(cur) || a > cur {
					s.arr[pc.Net][out] = a
					s.slew[pc.Net][out] = tr * u.time
					s.pred[pc.Net][out] = predRef{inst: ii, from: int32(rel), edge: ie, pin: t.RelatedPin}
				}
			}
		}
	}
	if arcs == 0 && timedInput {
		return fmt.Errorf("hw: instance %s: cell %s pin %s has no combinational timing arc from its switching inputs", in.Name, in.Cell.Name, pc.Pin)
	}
	return nil
}
