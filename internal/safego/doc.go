// Package safego turns a panic in a worker goroutine into an error.
//
// A panic in a goroutine other than the command's ends the process with
// Go's exit status 2 and skips every deferred cleanup. Workers run their
// body through Call instead, which recovers a panic into a *PanicError
// carrying the panic value and the stack of the goroutine that panicked;
// the function that started the workers waits for all of them and returns
// that error (or, if it returns no error, panics with it in its own
// goroutine, where the caller's recovery sees the original stack). The
// axmul command reports a *PanicError as an internal error, exit status
// 70, after its temporaries are removed.
package safego
