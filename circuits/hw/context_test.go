package hw

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/axmul/axmul/circuits"
)

// cancellingStim draws uniform vectors and cancels a context once it has
// drawn after vectors of them.
type cancellingStim struct {
	Stimulus
	after, drawn int
	cancel       context.CancelFunc
}

func (s *cancellingStim) Next(vals []uint64) {
	if s.drawn++; s.drawn == s.after {
		s.cancel()
	}
	s.Stimulus.Next(vals)
}

// TestActivityContext checks that a cancelled context stops the activity
// simulation at the next chunk with ctx's error, and that without a
// cancel the context variants give Power's result.
func TestActivityContext(t *testing.T) {
	lib := tinyLib(t)
	n := newGateNet("and", "a", "b")
	y := n.g(circuits.And, n.in("a"), n.in("b"))
	n.out("y", y)
	m, err := Map(n.Netlist, lib)
	if err != nil {
		t.Fatal(err)
	}
	const vectors = 64 * activityChunkWords * 100
	ctx, cancel := context.WithCancel(context.Background())
	stim := &cancellingStim{Stimulus: perVector{UniformStimulus(3)}, after: 10, cancel: cancel}
	if _, err := m.ActivityContext(ctx, stim, vectors); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if chunk := 64 * activityChunkWords; stim.drawn != chunk {
		t.Errorf("%d vectors drawn, want the first chunk's %d", stim.drawn, chunk)
	}
	opts := m.DefaultPowerOptions()
	opts.Vectors = vectors
	want, err := m.Power(opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.PowerContext(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Activity.Toggles, want.Activity.Toggles) || got.Total != want.Total {
		t.Errorf("PowerContext %v, Power %v", got.Total, want.Total)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := m.PowerContext(ctx, opts); !errors.Is(err, context.Canceled) {
		t.Errorf("PowerContext with a cancelled context: err = %v", err)
	}
}
