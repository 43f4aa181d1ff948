package evolve

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/axmul/axmul/internal/safego"
)

// panicky is an Objective whose Cost panics after its first call (the
// seed's, made by the caller's goroutine).
type panicky struct {
	Objective
	calls atomic.Int64
}

func (p *panicky) Cost(c Candidate) float64 {
	if p.calls.Add(1) > 1 {
		panic("cost exploded")
	}
	return p.Objective.Cost(c)
}

// TestRunWorkerPanic checks that an Objective panicking in an offspring
// worker makes Run return a *safego.PanicError instead of crashing.
func TestRunWorkerPanic(t *testing.T) {
	seed, c := metric4x4(t, WCE, 6)
	for _, w := range []int{2, 3} {
		_, err := Run(context.Background(), seed, c, &panicky{Objective: Gates()}, Options{Seed: 3, Generations: 50, Workers: w})
		var pe *safego.PanicError
		if !errors.As(err, &pe) || pe.Value != "cost exploded" {
			t.Fatalf("%d workers: err = %v, want the objective's panic", w, err)
		}
		if !strings.Contains(string(pe.Stack), "(*panicky).Cost") {
			t.Errorf("%d workers: the stack does not show Cost:\n%s", w, pe.Stack)
		}
	}
}
