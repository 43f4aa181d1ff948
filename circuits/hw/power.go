package hw

import (
	"context"
	"fmt"
	"math"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/sim"
)

// Activity is the switching activity of the nets of a mapped circuit over
// a stream of input vectors (zero-delay simulation: glitches are not
// counted).
type Activity struct {
	// Vectors is the number of input vectors simulated; there are
	// Vectors-1 transitions between consecutive vectors.
	Vectors int
	// Toggles[x] counts the transitions of mapped net x: 0 for constants
	// and for source nets that do not exist in the mapped circuit (inside
	// a cell, or replaced by another wire).
	Toggles []uint64
}

// Rate returns the toggles per cycle of mapped net x: Toggles[x] divided
// by the number of transitions.
func (a *Activity) Rate(x circuits.Net) float64 {
	if a.Vectors < 2 || x < 0 || int(x) >= len(a.Toggles) {
		return 0
	}
	return float64(a.Toggles[x]) / float64(a.Vectors-1)
}

// activityChunkWords is the number of 64-vector words simulated per
// program run: small enough that the state of a program exposing every
// net stays in the L1 cache.
const activityChunkWords = 16

// trackedNetsPort names the extra output port that exposes the nets whose
// activity is counted.
const trackedNetsPort = "__hw_activity_nets"

// activityProgram compiles the source netlist with an extra output port
// holding every source net that carries the value of a non-constant mapped
// net, and returns it with the index of each mapped net in that port (-1
// for constants).
func (m *Mapped) activityProgram() (*sim.Program, []int, error) {
	src := m.Source
	aug := *src
	aug.Ports = append([]circuits.Port(nil), src.Ports...)
	for _, p := range aug.Ports {
		if p.Name == trackedNetsPort {
			return nil, nil, fmt.Errorf("hw: %s: port name %s is reserved", src.Name, trackedNetsPort)
		}
	}
	phys := m.physical()
	slot := make([]int, m.NumNets)
	bySource := map[circuits.Net]int{}
	var bits []circuits.Net
	for x := range slot {
		slot[x] = -1
		if m.constVal[x] >= 0 || !phys[x] {
			continue
		}
		s := circuits.Net(x)
		if x >= src.NumNets {
			s = m.complementOf[x-src.NumNets] // same toggles as its complement
		}
		k, ok := bySource[s]
		if !ok {
			k = len(bits)
			bySource[s] = k
			bits = append(bits, s)
		}
		slot[x] = k
	}
	if len(bits) == 0 {
		return nil, slot, nil
	}
	aug.Ports = append(aug.Ports, circuits.Port{Name: trackedNetsPort, Dir: circuits.Output, Bits: bits})
	prog, err := sim.Compile(&aug)
	if err != nil {
		return nil, nil, fmt.Errorf("hw: %s: %w", src.Name, err)
	}
	return prog, slot, nil
}

// physical reports the nets that exist in the mapped circuit: primary
// inputs and instance outputs.
func (m *Mapped) physical() []bool {
	p := make([]bool, m.NumNets)
	copy(p, m.isPI)
	for ii := range m.Instances {
		for _, pc := range m.Instances[ii].Pins {
			if pc.Output && pc.Net >= 0 {
				p[pc.Net] = true
			}
		}
	}
	return p
}

// MaxVectors bounds the vectors of Activity (and PowerOptions.Vectors):
// 2^32 vectors take tens of seconds per circuit; far more would not end in
// reasonable time, and near 2^63 the rounding to whole words overflows.
const MaxVectors = 1 << 32

// Activity simulates vectors input vectors from stim (rounded up to a
// multiple of 64; nil stim means UniformStimulus(1)) and counts the
// transitions of every net between consecutive vectors as ToggleCount
// does, all nets of a block in one call of the toggle kernel.
func (m *Mapped) Activity(stim Stimulus, vectors int) (*Activity, error) {
	return m.ActivityContext(context.Background(), stim, vectors)
}

// ActivityContext is Activity stopping with ctx's error soon after ctx is
// cancelled: ctx is checked between chunks of activityChunkWords·64
// vectors.
func (m *Mapped) ActivityContext(ctx context.Context, stim Stimulus, vectors int) (*Activity, error) {
	if vectors < 2 || vectors > MaxVectors {
		return nil, fmt.Errorf("hw: Activity needs at least 2 vectors and at most %d, got %d", MaxVectors, vectors)
	}
	if stim == nil {
		stim = UniformStimulus(1)
	}
	words := (vectors + 63) / 64
	act := &Activity{Vectors: words * 64, Toggles: make([]uint64, m.NumNets)}
	prog, slot, err := m.activityProgram()
	if err != nil {
		return nil, err
	}
	if prog == nil {
		return act, nil // every net is constant
	}
	port, _ := prog.OutputPort(trackedNetsPort)
	ins := m.Source.InputPorts()
	widths := make([]int, len(ins))
	offs := make([]int, len(ins))
	for i, p := range ins {
		pm, ok := prog.InputPort(p.Name)
		if !ok {
			return nil, fmt.Errorf("hw: %s: input port %s missing from the compiled program", m.Source.Name, p.Name)
		}
		widths[i], offs[i] = p.Width(), pm.Offset
	}
	ev, err := prog.NewEvaluator(activityChunkWords)
	if err != nil {
		return nil, err
	}
	toggles := make([]uint64, port.Width)
	prev := make([]uint64, port.Width)
	slots := make([]int, port.Width) // state slot of tracked net k
	for k := range slots {
		slots[k] = int(prog.Outputs[port.Offset+k])
	}
	tk := currentToggleKernel()
	inputs := make([][]uint64, prog.NumInputs)
	vals := make([]uint64, len(ins))
	for start := 0; start < words; start += activityChunkWords {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w := min(activityChunkWords, words-start)
		if err := ev.SetWords(w); err != nil {
			return nil, err
		}
		for i := range inputs {
			inputs[i] = ev.Input(i)
			clear(inputs[i])
		}
		fillInputs(stim, inputs, vals, widths, offs, w)
		if err := ev.Run(); err != nil {
			return nil, err
		}
		state := ev.State()
		if start == 0 {
			for k, s := range slots {
				prev[k] = (state[s*w] & 1) << 63 // no transition into vector 0
			}
		}
		tk.slots(toggles, prev, state, w, slots)
	}
	for x, k := range slot {
		if k >= 0 {
			act.Toggles[x] = toggles[k]
		}
	}
	return act, nil
}

// fillInputs draws 64*w vectors from stim into bit-sliced inputs.
func fillInputs(stim Stimulus, inputs [][]uint64, vals []uint64, widths, offs []int, w int) {
	if u, ok := stim.(*uniform); ok {
		// Every input bit of every vector is a fair coin: draw words.
		for i := range widths {
			for k := range widths[i] {
				in := inputs[offs[i]+k]
				for j := range w {
					in[j] = u.r.Uint64()
				}
			}
		}
		return
	}
	for j := range w {
		for b := range 64 {
			stim.Next(vals)
			for i, v := range vals {
				for k := range widths[i] {
					inputs[offs[i]+k][j] |= (v >> k & 1) << b
				}
			}
		}
	}
}

// PowerOptions configure Power.
type PowerOptions struct {
	// Options are the electrical assumptions shared with STA (loads and
	// slews at which the internal-power tables are read).
	Options
	// FrequencyGHz is the clock frequency: one new input vector per cycle.
	FrequencyGHz float64
	// Voltage is the supply voltage in V; 0 means the library's
	// nom_voltage. Internal energies are scaled by (Voltage/nom_voltage)²;
	// leakage is not scaled.
	Voltage float64
	// Vectors is the number of simulated input vectors (rounded up to a
	// multiple of 64).
	Vectors int
	// Stimulus supplies the vectors; nil means UniformStimulus(Seed).
	Stimulus Stimulus
	// Seed seeds the default uniform stimulus.
	Seed uint64
}

// DefaultPowerOptions returns DefaultOptions(lib), 1 GHz, the library's
// nominal voltage, 65536 uniformly random vectors with seed 1.
func (m *Mapped) DefaultPowerOptions() PowerOptions {
	return PowerOptions{Options: DefaultOptions(m.Library), FrequencyGHz: 1, Vectors: 1 << 16, Seed: 1}
}

// Power is an estimate of the average power, in mW.
type Power struct {
	// Total = Switching + Internal + Leakage.
	Total float64
	// Switching is Σ over nets of toggle rate · ½·C·V² · f: the energy of
	// charging the net's load (pins, wire, output ports).
	Switching float64
	// Internal is Σ over cell output pins of toggle rate · (internal
	// energy per transition) · f, the energy from the internal_power
	// tables, plus the input-pin internal power of toggling inputs.
	Internal float64
	// Leakage is Σ cell_leakage_power.
	Leakage float64
	// FrequencyGHz and Voltage are the operating point used.
	FrequencyGHz, Voltage float64
	// MeanToggleRate is the mean toggles per cycle over the non-constant
	// nets of the mapped circuit (primary inputs and cell outputs).
	MeanToggleRate float64
	// Activity is the switching activity the estimate used.
	Activity *Activity
}

// Dynamic returns Switching + Internal.
func (p *Power) Dynamic() float64 { return p.Switching + p.Internal }

// Power estimates the average power with opts.Stimulus (default uniform
// random operands), see PowerFrom.
func (m *Mapped) Power(opts PowerOptions) (*Power, error) {
	return m.PowerContext(context.Background(), opts)
}

// PowerContext is Power stopping with ctx's error soon after ctx is
// cancelled (see ActivityContext).
func (m *Mapped) PowerContext(ctx context.Context, opts PowerOptions) (*Power, error) {
	stim := opts.Stimulus
	if stim == nil {
		stim = UniformStimulus(opts.Seed)
	}
	act, err := m.ActivityContext(ctx, stim, opts.Vectors)
	if err != nil {
		return nil, err
	}
	return m.PowerFrom(act, opts)
}

// PowerFrom estimates the average power from a measured activity:
//
//	P = f · Σ_nets rate(n)·½·C(n)·V²
//	  + f · Σ_cell outputs rate(y)·E(y)·(V/Vnom)²
//	  + f · Σ_cell inputs rate(a)·E(a)·(V/Vnom)²   (input-pin internal power)
//	  + Σ_cells leakage
//
// where rate is toggles per cycle, C the net load of STA, E(y) the mean
// over the pin's internal_power groups of ½(rise_power + fall_power) at
// the output load and the related input's slew from STA (the mean of its
// rise and fall slews), and f the frequency. Energies are in the unit
// capacitive_load_unit·voltage_unit² (pJ for pF and V), so pJ·GHz = mW.
func (m *Mapped) PowerFrom(act *Activity, opts PowerOptions) (*Power, error) {
	if err := opts.Options.check(); err != nil {
		return nil, err
	}
	if !(opts.FrequencyGHz > 0) || math.IsInf(opts.FrequencyGHz, 0) {
		return nil, fmt.Errorf("hw: FrequencyGHz = %g: want a finite value > 0", opts.FrequencyGHz)
	}
	if act == nil || len(act.Toggles) != m.NumNets {
		return nil, fmt.Errorf("hw: activity does not belong to this mapped circuit")
	}
	lib := m.Library
	u, err := libUnits(lib)
	if err != nil {
		return nil, err
	}
	if !(u.energy > 0) {
		return nil, fmt.Errorf("hw: library %s: voltage_unit or capacitive_load_unit missing, internal energy unit unknown", lib.Name)
	}
	vnom := lib.NomVoltage * lib.VoltageUnitV()
	v := opts.Voltage
	switch {
	case v == 0 && vnom > 0:
		v = vnom
	case v == 0:
		return nil, fmt.Errorf("hw: library %s: %w", lib.Name, ErrNoVoltage)
	case !(v > 0) || math.IsInf(v, 0):
		return nil, fmt.Errorf("hw: Voltage = %g: want a finite value > 0", v)
	}
	vscale := 1.0
	if vnom > 0 {
		vscale = (v / vnom) * (v / vnom)
	}
	g, err := m.buildGraph(u)
	if err != nil {
		return nil, err
	}
	sta, err := m.sta(g, u, opts.Options)
	if err != nil {
		return nil, err
	}
	p := &Power{FrequencyGHz: opts.FrequencyGHz, Voltage: v, Activity: act}
	// Switching energy per cycle, pJ.
	sw, live, rateSum := 0.0, 0, 0.0
	phys := m.physical()
	for x := range m.NumNets {
		if m.constVal[x] >= 0 || !phys[x] {
			continue
		}
		r := act.Rate(circuits.Net(x))
		live++
		rateSum += r
		sw += r * 0.5 * sta.load[x] * v * v
	}
	if live > 0 {
		p.MeanToggleRate = rateSum / float64(live)
	}
	// Internal energy per cycle, table units.
	meanSlew := func(x circuits.Net) float64 {
		return (sta.slew[x][Rise] + sta.slew[x][Fall]) / 2
	}
	internal := 0.0
	for ii := range m.Instances {
		in := &m.Instances[ii]
		for _, pc := range in.Pins {
			if pc.Net < 0 || m.constVal[pc.Net] >= 0 {
				continue
			}
			r := act.Rate(pc.Net)
			if r == 0 {
				continue
			}
			pin := in.Cell.Pin(pc.Pin)
			sum, k := 0.0, 0
			for _, ip := range pin.InternalPower {
				var slew, load float64
				if pc.Output {
					if ip.RelatedPin == "" {
						continue
					}
					rel := in.Input(ip.RelatedPin)
					if rel < 0 || m.constVal[rel] >= 0 || math.IsNaN(sta.slew[rel][Rise]) {
						continue
					}
					slew, load = meanSlew(rel), sta.load[pc.Net]
				} else {
					if ip.RelatedPin != "" || math.IsNaN(sta.slew[pc.Net][Rise]) {
						continue
					}
					slew = meanSlew(pc.Net)
				}
				e, ok := energy(u, ip.RisePower, ip.FallPower, ip.Power, load, slew)
				if !ok {
					return nil, fmt.Errorf("hw: cell %s pin %s: malformed internal_power table (related pin %q)", in.Cell.Name, pc.Pin, ip.RelatedPin)
				}
				sum += e
				k++
			}
			if k > 0 {
				internal += r * sum / float64(k)
			}
		}
	}
	leak := 0.0
	for ii := range m.Instances {
		c := m.Instances[ii].Cell
		l := c.Leakage
		if math.IsNaN(l) {
			l = 0
			for _, lp := range c.LeakagePower {
				l += lp.Value / float64(len(c.LeakagePower))
			}
		}
		leak += l
	}
	if len(m.Instances) > 0 && !(u.leak >= 0) {
		return nil, fmt.Errorf("hw: library %s: leakage_power_unit %q not understood", lib.Name, lib.LeakagePowerUnit)
	}
	p.Switching = sw * opts.FrequencyGHz
	p.Internal = internal * u.energy * vscale * opts.FrequencyGHz
	if len(m.Instances) > 0 {
		p.Leakage = leak * u.leak
	}
	p.Total = p.Switching + p.Internal + p.Leakage
	return p, nil
}

// energy returns the mean of the rise and fall energy tables (or the
// single power table) at load and slew, in table units.
func energy(u units, rise, fall, both *liberty.Table, load, slew float64) (float64, bool) {
	switch {
	case rise != nil && fall != nil:
		e := (u.lookup(rise, load, slew) + u.lookup(fall, load, slew)) / 2
		return e, !math.IsNaN(e)
	case both != nil:
		e := u.lookup(both, load, slew)
		return e, !math.IsNaN(e)
	case rise != nil:
		e := u.lookup(rise, load, slew)
		return e, !math.IsNaN(e)
	case fall != nil:
		e := u.lookup(fall, load, slew)
		return e, !math.IsNaN(e)
	}
	return 0, true
}
