package gen

import (
	"fmt"
	"math"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
)

// ClaimStatus is the outcome of checking one published figure.
type ClaimStatus int

// Claim statuses.
const (
	// ClaimOK: the measured value rounds to the printed figure.
	ClaimOK ClaimStatus = iota
	// ClaimExplained: the printed figure is not the measured value rounded,
	// but follows from it through a coarser intermediate value (see
	// Claim.Note): MAE% or WCE% computed from the already rounded MAE or
	// WCE, or a value within 1e-4 relative of the rounding boundary next to
	// the printed figure (a less precise computation rounded the other way).
	ClaimExplained
	// ClaimFailed: nothing explains the difference.
	ClaimFailed
)

// String returns "ok", "explained" or "FAIL".
func (s ClaimStatus) String() string {
	switch s {
	case ClaimOK:
		return "ok"
	case ClaimExplained:
		return "explained"
	}
	return "FAIL"
}

// Claim is one published error figure compared with the measured value.
type Claim struct {
	Figure   evoapprox.Figure
	Measured float64
	Status   ClaimStatus
	Note     string
}

// MetricValue returns the measured value of the error metric named by a
// published-figure key (evoapprox.KeyMAE, ...), in the key's unit.
func MetricValue(m errmap.Metrics, key string) (float64, bool) {
	switch key {
	case evoapprox.KeyMAE:
		return m.MAE, true
	case evoapprox.KeyMSE:
		return m.MSE, true
	case evoapprox.KeyWCE:
		return float64(m.WCE), true
	case evoapprox.KeyEPPct:
		return m.EP, true
	case evoapprox.KeyMREPct:
		return m.MRE, true
	case evoapprox.KeyWCREPct:
		return m.WCRE, true
	case evoapprox.KeyMAEPct:
		return m.MAEPct, true
	case evoapprox.KeyWCEPct:
		return m.WCEPct, true
	}
	return 0, false
}

// CheckClaims compares every error figure of a header with the measured
// metrics of an aBits x bBits multiplier at the figure's printed precision.
// Figures that are not error metrics (power, area, ...) are left out.
func CheckClaims(h *evoapprox.Header, aBits, bBits int, m errmap.Metrics) []Claim {
	var out []Claim
	for _, fig := range h.Figures {
		v, ok := MetricValue(m, fig.Key)
		if !ok {
			continue
		}
		c := Claim{Figure: fig, Measured: v}
		switch {
		case fig.Matches(v):
			c.Status = ClaimOK
		default:
			if why := explain(h, fig, aBits+bBits, v); why != "" {
				c.Status, c.Note = ClaimExplained, why
			} else {
				c.Status = ClaimFailed
				c.Note = fmt.Sprintf("differs by %.3g (half a printed unit is %.3g)", v-fig.Value, fig.Resolution())
			}
		}
		out = append(out, c)
	}
	return out
}

// explain classifies a mismatch between a measured metric v and its
// published figure: it returns why the published figure, though not v
// rounded, follows from v through a coarser intermediate value, or "".
func explain(h *evoapprox.Header, fig evoapprox.Figure, bits int, v float64) string {
	scale := 100 / math.Ldexp(1, bits)
	// MAE% and WCE% printed from the already rounded MAE and WCE.
	if base, ok := map[string]string{evoapprox.KeyMAEPct: evoapprox.KeyMAE, evoapprox.KeyWCEPct: evoapprox.KeyWCE}[fig.Key]; ok {
		if b, ok := h.Figure(base); ok && fig.Matches(b.Value*scale) {
			return fmt.Sprintf("computed from the printed %s %s", base, b.Text)
		}
	}
	// A value within 1e-4 relative of the rounding boundary next to the
	// published figure: the figure was rounded from a value computed with
	// less precision (single-precision sums give errors of this size).
	if math.Abs(v-fig.Value) <= fig.Resolution()+1e-4*math.Abs(v) {
		return "on a rounding boundary (within 1e-4 relative): rounded from a less precise value"
	}
	return ""
}
