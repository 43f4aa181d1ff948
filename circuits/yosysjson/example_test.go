package yosysjson_test

import (
	"fmt"

	"github.com/axmul/axmul/circuits/yosysjson"
)

// Parse a netlist as Yosys's write_json writes it: a 2-bit AND of A and
// B through a $and cell, with a constant 0 in the top output bit.
func ExampleParse() {
	src := `{
  "creator": "Yosys 0.23",
  "modules": {
    "and2": {
      "attributes": {"top": "00000000000000000000000000000001"},
      "ports": {
        "A": {"direction": "input", "bits": [2, 3]},
        "B": {"direction": "input", "bits": [4, 5]},
        "O": {"direction": "output", "bits": [6, 7, "0"]}
      },
      "cells": {
        "$and$1": {
          "type": "$and",
          "parameters": {"A_SIGNED": "00000000000000000000000000000000", "A_WIDTH": "00000000000000000000000000000010",
                         "B_SIGNED": "00000000000000000000000000000000", "B_WIDTH": "00000000000000000000000000000010",
                         "Y_WIDTH": "00000000000000000000000000000010"},
          "connections": {"A": [2, 3], "B": [4, 5], "Y": [6, 7]}
        }
      }
    }
  }
}`
	nl, err := yosysjson.Parse("and2.json", []byte(src), yosysjson.Options{})
	fmt.Println(nl, err)
	_, err = yosysjson.Parse("bad.json", []byte(`{"modules": {"m": {"ports": {"A": {"direction": "inout", "bits": [2]}}}}}`), yosysjson.Options{})
	fmt.Println(err)
	// Output:
	// and2(in A[2], in B[2], out O[3]): 7 nets, 3 gates <nil>
	// bad.json:1:30: module m: port A: direction must be "input" or "output" (inout is not supported)
}
