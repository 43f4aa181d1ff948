package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// builtinPrefix names the temporary folders of the built-in library
// (outfile.MkdirTemp in $TMPDIR: axmul-builtin-PID-RANDOM).
const builtinPrefix = "axmul-builtin-"

// unwrapPathErr drops the path of a *fs.PathError (a temporary's name the
// user never gave), keeping the cause.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// interrupted is the cancellation cause of a signal (SIGINT, SIGTERM).
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return "interrupted by " + signalName(i.sig) }

// exitCode is 128 + the signal number, as the shells report a process
// killed by it: 130 for SIGINT, 143 for SIGTERM.
func (i interrupted) exitCode() int {
	if s, ok := i.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// interruptCause returns the signal that cancelled ctx, if one did.
func interruptCause(ctx context.Context) (interrupted, bool) {
	var i interrupted
	ok := errors.As(context.Cause(ctx), &i)
	return i, ok
}
