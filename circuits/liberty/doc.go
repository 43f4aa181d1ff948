// Package liberty reads Liberty (.lib) standard-cell library files: cell
// areas, leakage, pin capacitances and Boolean functions, internal power and
// NLDM timing tables.
//
// # Reading
//
// Parse and ParseFile read a whole file in two steps: a scanner and parser
// build a generic syntax tree (groups "name (args) { ... }", simple
// attributes "name : value ;", complex attributes "name (args) ;"), then the
// groups this package models are interpreted. Unknown groups and attributes
// are therefore syntax-checked but otherwise ignored. Supported syntax:
// block (/* */) and line (//) comments, backslash-newline continuations
// outside and inside quoted strings, multi-line values such as
// values ("1, 2", \ "3, 4"), define(...) statements (kept in
// Library.Defines), a group's "{" on the next line, and a missing ";" at the
// end of a line. Not modeled: bus and bundle groups (their pins are skipped),
// 3-D tables (reported as errors), CCS/ECSM current models.
//
// Errors are reported as an ErrorList of *Error, each "file:line:col: msg"
// with a 1-based line and byte column, sorted by position and capped at ten
// (the eleventh entry then says "too many errors; stopped"). Parse returns
// the library read so far together with the errors, so callers can use what
// was valid. Limits against hostile input: MaxFileSize bytes, 64 levels of
// group nesting, 64 KiB and 256 levels of nesting per function string.
//
// # Values and units
//
// Numbers are kept in the units of the file; nothing is rescaled. The unit
// attributes are kept as written (Library.TimeUnit is "1ns", ...) and
// converted by helper methods: TimeUnitNS, LeakageUnitW, VoltageUnitV,
// CurrentUnitA, PullingResistanceUnitOhm, CapUnitPF, EnergyUnitPJ. So a cell
// leakage in watts is Cell.Leakage * Library.LeakageUnitW(), a pin
// capacitance in pF is Pin.Capacitance * Library.CapUnitPF(), and a delay in
// ns is Table.Lookup(...) * Library.TimeUnitNS().
//
// Area has no unit in Liberty (by convention um² for these libraries).
// Internal power tables hold the energy of one transition in
// capacitive_load_unit × voltage_unit² (pF·V² = pJ for the shared files);
// Library Compiler defines the internal power unit as that energy unit per
// time_unit. Numeric attributes that are absent are NaN (Cell.Area,
// Cell.Leakage, Pin.Capacitance, ...), so that sums over them fail loudly.
//
// Values are checked where they are read, with file:line:col errors: every
// number must be finite; areas, leakage powers and pin capacitances must be
// >= 0, nom_voltage > 0, table indices (slews, loads) >= 0 and output
// transition tables >= 0. Delay, constraint and internal-power tables may
// hold negative entries, as characterised libraries do (gscl45nm's INVX1
// cell_rise at its extreme corner, hold constraints, input-pin fall_power).
//
// # Tables
//
// A Table's Index1 and Index2 follow the template's variable_1 and
// variable_2; in the shared files delay and power tables have variable_1
// total_output_net_capacitance and variable_2 input_net_transition (power:
// input_transition_time), 1-D passive power tables input_transition_time,
// and constraint tables related_pin_transition and
// constrained_pin_transition. Indices a table omits come from its template. Values is [len(Index1)][len(Index2)]
// for 2-D tables, a single row for 1-D tables and [][]float64{{v}} for
// scalar tables. Lookup interpolates bilinearly and extrapolates linearly.
//
// # Functions
//
// Pin functions are parsed by ParseFunction into Expr trees. Precedence,
// from the Liberty reference manual: NOT (prefix ! and postfix '), then XOR
// (^), then AND (&, * or juxtaposition), then OR (| or +). Sequential cells
// (ff, latch, ff_bank, latch_bank, statetable groups) have Cell.Sequential
// set; their output functions name state variables such as IQ, which are
// not pins. A three_state function (Pin.ThreeStateFunc) is 1 when the output
// is high-impedance.
package liberty
