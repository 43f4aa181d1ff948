// Package hw estimates the hardware cost of a netlist with a Liberty
// standard-cell library: technology mapping, area, static timing and
// switching-activity power.
//
// # Units
//
// Area is in the library's area unit (Liberty does not declare one; it is
// um² for gscl45nm and osu018). Times are in ns, capacitances in pF,
// energies in pJ and power in mW, whatever units the library uses (its
// time_unit, capacitive_load_unit, voltage_unit and leakage_power_unit are
// converted). The frequency is in GHz, so pJ per cycle × GHz = mW.
//
// # Technology mapping
//
// Map keeps every instantiated library cell (circuits.Gate.Cell >= 0) as
// one instance of the cell of the same name, and implements all other
// gates with library cells found by the truth tables of their function
// attributes, so any library with the usual functions works:
//
//   - buffers are free wires and constants free tie-offs; gates that
//     simplify to a wire or a constant (AND(x, 1), XOR(x, x), NOT(NOT(x))
//     inside a tree) cost nothing; logic that reaches no output port and
//     no kept cell is dropped;
//   - pairs of nodes computing the sum and carry of the same two or three
//     nets (XOR/AND, XOR3/majority), whose intermediate gates are read only
//     inside the pair, become a two-output half- or full-adder cell (HAX1,
//     FAX1) when the library has one, as synthesis tools do;
//   - the rest is covered tree by tree (trees end at nets with more than
//     one reader): dynamic programming over cuts of at most four leaves
//     picks the cells of least total area, e.g. NAND2 for NOT(AND),
//     AOI21 for NOT(OR(AND(a,b),c)), AOI22, OAI21, MUX2, with inverters on
//     cell inputs or outputs where a cell exists only for such a variant;
//   - among cells of the same function the one of least area is used: the
//     smallest drive strength (X1). Gate sizing is not done.
//
// # Timing
//
// Mapped.STA propagates arrival times and slews through the NLDM tables
// (cell_rise, cell_fall, rise_transition, fall_transition), rise and fall
// separately according to timing_sense, taking for each net the latest
// arrival and the slew of the arc that produced it. Tables are read with
// the variable order of their templates and extrapolated linearly outside
// their grid (negative results clamp to 0); gscl45nm's grid starts at
// 0.1 pF, far above typical loads of a few fF, so most lookups there are
// extrapolations.
//
// The load of a net is the sum of the capacitances of the cell input pins
// it drives, plus Options.WireCapPerFanout per reading pin or output-port
// bit (the wire-load model: a fixed capacitance per fan-out, since the
// libraries have no wire-load tables), plus Options.OutputLoad per
// output-port bit. Primary inputs switch at time 0 with slew
// Options.InputSlew. DefaultOptions derives the three from the library's
// smallest inverter, of input capacitance Cinv: OutputLoad = Cinv,
// WireCapPerFanout = Cinv/2, InputSlew = its fan-out-of-four output slew
// (1.55 fF, 0.78 fF and 0.012 ns for gscl45nm; 9.3 fF, 4.7 fF and
// 0.098 ns for osu018).
//
// # Power
//
// Switching activity comes from bit-parallel zero-delay simulation
// (circuits/sim) of an input stream: one new vector per clock cycle,
// uniformly random operands by default (UniformStimulus, seeded) or
// operands drawn from histograms (HistogramStimulus, e.g. a layer's int8
// activations and weights, two's complement for signed circuits or
// sign-magnitude for unsigned ones; Int8Stimulus sets this up for a
// multiplier's ports A and B). The transitions of every net between
// consecutive vectors are counted with ToggleCount; glitches are not
// modelled. The simulation runs a program exposing every net on a reused
// sim.Evaluator, 16 words (1024 vectors) at a time. The average power is
//
//	P = f·Σ_nets α(n)·½·C(n)·V²                      switching
//	  + f·Σ_cell outputs α(y)·E(y)·(V/Vnom)²          internal
//	  + f·Σ_cell inputs α(a)·E(a)·(V/Vnom)²           internal, input pins
//	  + Σ_cells cell_leakage_power                    leakage
//
// with α the toggles per cycle, C the net load above, E the mean over the
// pin's internal_power groups of ½(rise_power + fall_power) read at the
// output load and the related input's slew from timing analysis, f the
// frequency (default 1 GHz) and V the supply (default nom_voltage).
//
// # Calibration
//
// calibration_test.go compares the estimates with published figures; the
// plots are docs/calibration-*.svg (go run ./circuits/hw/internal/calplot).
//
//   - EvoApprox8b (505 unsigned 8x8 multipliers, cell netlists): with the
//     default options, area equals the published area (median ratio 1.000
//     with gscl45nm and osu018), delay is within 2% (median 1.00 and 1.01,
//     Spearman 0.99), power ranks with Spearman 0.99 but is 2.4x (45 nm)
//     and 2.7x (180 nm) the published values at 1 GHz with uniform random
//     operands; the internal-plus-leakage part alone is within 5% and 3%
//     of them.
//   - EvoApprox v2022 8x8 (50 circuits, gscl45nm): the behavioural
//     netlists mapped by Map rank with Spearman 0.995 (area), 0.99
//     (power) and 0.76 (delay) against the published PDK45 figures, which
//     came from a synthesis tool; area is 0.89 times and delay 0.96 times
//     the published values, power 2.4 times.
//
// The activity and clock behind the published power are not stated, so the
// absolute power scale is not calibrated; rank order, which is what
// choosing the cheapest multiplier needs, is.
package hw
