// Package liberty reads Liberty (.lib) standard-cell library files: cell
// areas, leakage, pin capacitances and Boolean functions, internal power and
// NLDM timing tables.
package liberty
