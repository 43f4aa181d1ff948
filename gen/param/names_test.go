package param

import (
	"testing"

	"github.com/axmul/axmul/evoapprox"
)

// Generated names follow the EvoApprox naming rule, so tools that derive
// widths and signedness from a name (evoapprox.ParseName) read them right.
func TestNamesParseAsEvoApprox(t *testing.T) {
	for _, s := range append(Builtin(), extraSpecs(t)...) {
		sh, err := evoapprox.ParseName(s.Name)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		if sh.ABits != s.ABits || sh.BBits != s.BBits || sh.Signed != s.Signed {
			t.Errorf("%s: ParseName says %v, spec is %dx%d signed=%v", s.Name, sh, s.ABits, s.BBits, s.Signed)
		}
	}
}
