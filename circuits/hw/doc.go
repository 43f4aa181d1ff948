// Package hw estimates the hardware cost of a netlist with a Liberty
// standard-cell library: technology mapping, area, static timing and
// switching-activity power.
package hw
