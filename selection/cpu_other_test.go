//go:build !unix

package selection

// cpuTime is not measured on this platform; cpu-ms/op reports 0.
func cpuTime() int64 { return 0 }
