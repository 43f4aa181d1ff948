//go:build !unix

package cputime

import "time"

// Process reports that this system's process CPU time is not available.
func Process() (time.Duration, bool) { return 0, false }
