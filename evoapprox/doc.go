// Package evoapprox reads EvoApprox checkouts (EvoApproxLib v2022 and
// EvoApprox8b) into a catalogue of multipliers with their published figures,
// and defines the Library abstraction the selection engine searches.
//
// Conventions that hold in this package:
//
//   - Layouts: LayoutRepo is the upstream v2022 repository,
//     multiplers/<group>/<pareto set>/<name>.v (the upstream spelling); a
//     circuit that is in several pareto sets is one entry whose ParetoSets
//     is the union. LayoutGrouped is <group>/<name>.v, LayoutFlat one folder
//     (EvoApprox8b). <name>_pdk45.v standard-cell twins are not entries of
//     their own: their path is Entry.PDK45Path.
//   - Names give shapes: mul8s_1KV6 is 8x8 signed, mul8x4u_29A 8x4
//     unsigned, mul12u_2BU 12x12 unsigned, mul8_123 and mul8_<Architecture>
//     8x8 unsigned. Ports A, B (inputs) and O (output; a few v2022 circuits
//     call it Z) are read from the top module and checked against the name.
//   - Figures keep their printed text (Figure.Text) beside the parsed value
//     so that a recomputed value can be compared at the printed precision
//     (Figure.Resolution is half a unit of the last printed digit).
//   - Common keys and units (Figure.Value): mae, wce, mse in units of the
//     product (squared for mse); mae_pct, wce_pct, wcre_pct, ep_pct,
//     mre_pct in %; power_mw in mW, area_um2 in um2, delay_ns in ns, all at
//     45 nm (PDK45); EvoApprox8b adds power180_mw, area180_um2, delay180_ns
//     (180 nm), nodes and hd.
//   - v2022 headers print their units (PDK45_PWR in mW). EvoApprox8b headers
//     print none for power, area and delay: Power (45) and Power (180) are
//     in uW, area in um2, delay in ns. This is inferred, not printed: the
//     accurate 8x8 unsigned multipliers of EvoApprox8b have Power (45) =
//     390.2 .. 536.4, Area (45) = 616 .. 911, Delay (45) = 1.06 .. 1.89,
//     while the accurate 8x8 unsigned multiplier of v2022 (mul8u_1JJQ, same
//     45 nm library) has 0.391 mW, 709.6 um2, 1.43 ns. Figure.Raw and
//     Figure.RawUnit keep the printed uW number; Figure.Value is in mW.
//   - Entries and search spaces are sorted by name byte-wise.
//   - Errors name the file (path:line:col for header figures); Open returns
//     what it read together with the errors.
//
// Loading a candidate's lookup table or error map requires simulating its
// netlist (circuits/verilog, circuits/sim, errmap) and is not part of this
// package.
package evoapprox
