//go:build !unix

package evolve

import "time"

// processCPU reports that this platform's process CPU time is not used.
func processCPU() (time.Duration, bool) { return 0, false }
