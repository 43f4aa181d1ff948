//go:build unix

package sim

import (
	"syscall"
	"time"
)

// ktProcessCPU returns the user+system CPU time of the process so far.
func ktProcessCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
