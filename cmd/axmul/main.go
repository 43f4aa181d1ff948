// Command axmul validates, characterises and selects approximate multipliers.
//
// Run "axmul help" for the list of subcommands.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A short-lived batch tool: collecting garbage a quarter as often
		// cuts the CPU time of `axmul sim` over the 505 EvoApprox8b
		// netlists by about 30% (wall 0.85-0.96 s -> 0.66-0.73 s on 2
		// cores, measured alternately), for about 230 MB of peak memory.
		debug.SetGCPercent(400)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
