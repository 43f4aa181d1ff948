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
		// cut the CPU time of `axmul sim` over the 505 EvoApprox8b
		// netlists by about 30% when measured alternately with the
		// default (a later sweep of 100/200/400/800 still favoured 400).
		debug.SetGCPercent(400)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
