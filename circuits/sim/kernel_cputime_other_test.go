//go:build !unix

package sim

import "time"

// ktProcessCPU reports that this platform's process CPU time is not used.
func ktProcessCPU() (time.Duration, bool) { return 0, false }
