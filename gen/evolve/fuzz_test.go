package evolve

import (
	"os"
	"testing"
)

// FuzzCheckpoint feeds arbitrary bytes to the checkpoint reader, seeded
// with a checkpoint written by Run (testdata/mul2x2.ckpt): it must return
// a checked genome or an error, never panic.
func FuzzCheckpoint(f *testing.F) {
	data, err := os.ReadFile("testdata/mul2x2.ckpt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"version": 1}`))
	f.Add([]byte(`{"version": 1, "evaluations": 1, "simulated": 1, "rng": "zz", "parent": {"a_bits": 1, "b_bits": 1, "levels_back": 1, "nodes": [[4, 0, 1, 0]], "outs": [2]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, g, _, err := parseCheckpoint("x.ckpt", data)
		if err != nil {
			return
		}
		if err := g.Check(); err != nil {
			t.Fatalf("accepted a genome that fails Check: %v", err)
		}
		if _, err := g.Netlist("x"); err != nil {
			t.Fatalf("accepted a genome without a netlist: %v", err)
		}
	})
}

// TestCheckpointFile checks that the committed checkpoint parses (the
// fuzz seed must stay valid).
func TestCheckpointFile(t *testing.T) {
	data, err := os.ReadFile("testdata/mul2x2.ckpt")
	if err != nil {
		t.Fatal(err)
	}
	ck, g, _, err := parseCheckpoint("testdata/mul2x2.ckpt", data)
	if err != nil {
		t.Fatal(err)
	}
	if ck.Generation != 20 || g.ABits != 2 || g.BBits != 2 {
		t.Errorf("checkpoint: generation %d, %dx%d", ck.Generation, g.ABits, g.BBits)
	}
}
