package safego

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a recovered panic: its value and the stack of the
// goroutine that panicked, taken where it panicked.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack (runtime/debug.Stack)
}

// Error returns "panic: " and the panic value; the stack is in Stack.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error (a runtime error,
// for one), so that errors.As finds it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// FromRecovered returns the *PanicError for a value returned by recover,
// capturing the current stack unless r already is a *PanicError (a panic
// re-raised from a worker keeps the worker's stack). It must be called by
// the deferred function that called recover, so that the stack still
// shows where the panic happened.
func FromRecovered(r any) *PanicError {
	if pe, ok := r.(*PanicError); ok {
		return pe
	}
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// Call runs f and returns its error, or a *PanicError if f panics.
func Call(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = FromRecovered(r)
		}
	}()
	return f()
}

// Do runs f and returns a *PanicError if f panics, nil otherwise.
func Do(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = FromRecovered(r)
		}
	}()
	f()
	return nil
}

// Repanic panics with the first non-nil error of errs, for functions
// without an error result whose workers ran under Do: the panic moves to
// the goroutine that waited for them. It returns when every error is nil.
func Repanic(errs []error) {
	for _, err := range errs {
		if err != nil {
			panic(err)
		}
	}
}
