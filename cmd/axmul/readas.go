package main

import "github.com/axmul/axmul/gen"

// netlistRead is how a netlist was read: the fields that the records of
// `axmul sim` and `axmul hw` begin with (a bundle entry, gen.Entry,
// records the same with its own omissions).
type netlistRead struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	ABits  int    `json:"a_bits"`
	BBits  int    `json:"b_bits"`
	Signed bool   `json:"signed"`
	// SignedFrom says where Signed came from: flag, ports, module, file
	// or default.
	SignedFrom string `json:"signed_from"`
	// Ports names the source ports that play A, B and O; ORange is the
	// product's declared bit range ("[15:0]", "[15:8]"); Ties lists the
	// inputs tied to constants ("en=1").
	Ports  gen.EntryPorts `json:"ports"`
	ORange string         `json:"o_range"`
	Ties   []string       `json:"ties,omitempty"`
}

// readOf returns how c, loaded from file, was read.
func readOf(c *gen.Circuit, file string) netlistRead {
	ports, oRange, ties := c.ReadAs()
	return netlistRead{Name: c.Name, File: file, ABits: c.ABits, BBits: c.BBits, Signed: c.Signed,
		SignedFrom: c.SignSource, Ports: ports, ORange: oRange, Ties: ties}
}
