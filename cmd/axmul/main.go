// Command axmul validates, characterises and selects approximate multipliers.
//
// Run "axmul help" for the list of subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A short-lived batch tool: collecting garbage a quarter as often
		// cut the CPU time of `axmul sim` over the 505 EvoApprox8b
		// netlists by about 30% when measured alternately with the
		// default (a later sweep of 100/200/400/800 still favoured 400).
		debug.SetGCPercent(400)
	}
	os.Exit(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr))
}

// signalContext returns a context cancelled by the first SIGINT or SIGTERM
// with an interrupted cause, so that the command stops, removes its
// temporary files and folders and run exits 130 or 143. A second signal
// ends the process at once with the same status.
func signalContext() context.Context {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		cancel(interrupted{s})
		s = <-sigs
		os.Exit(interrupted{s}.exitCode())
	}()
	return ctx
}
