package safego

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestCall(t *testing.T) {
	errX := errors.New("x")
	tests := []struct {
		name      string
		f         func() error
		wantPanic bool
		wantErr   error
		wantValue string
	}{
		{"ok", func() error { return nil }, false, nil, ""},
		{"error", func() error { return errX }, false, errX, ""},
		{"panic", func() error { panic("boom") }, true, nil, "boom"},
		{"runtime", func() error { var s []int; _ = s[3]; return nil }, true, nil, "index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Call(tt.f)
			var pe *PanicError
			if got := errors.As(err, &pe); got != tt.wantPanic {
				t.Fatalf("Call: err %v, panic %v, want panic %v", err, got, tt.wantPanic)
			}
			if !tt.wantPanic {
				if err != tt.wantErr {
					t.Fatalf("Call: err %v, want %v", err, tt.wantErr)
				}
				return
			}
			if !strings.Contains(fmt.Sprint(pe.Value), tt.wantValue) {
				t.Errorf("value %v, want it to contain %q", pe.Value, tt.wantValue)
			}
			// The stack is the panicking goroutine's, taken at the panic.
			if !strings.Contains(string(pe.Stack), "safego_test.go") {
				t.Errorf("stack does not show the test's frame:\n%s", pe.Stack)
			}
		})
	}
}

// TestRepanic checks that a worker's panic, re-raised in the waiting
// goroutine, keeps the worker's value and stack.
func TestRepanic(t *testing.T) {
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			errs[i] = Do(func() {
				if i == 2 {
					workerPanics()
				}
			})
		})
	}
	wg.Wait()
	err := Do(func() { Repanic(errs) })
	var pe *PanicError
	if !errors.As(err, &pe) || pe != errs[2] {
		t.Fatalf("re-raised %v, want worker 2's %v", err, errs[2])
	}
	if !strings.Contains(string(pe.Stack), "workerPanics") {
		t.Errorf("stack lost the worker's frames:\n%s", pe.Stack)
	}
	if err := Do(func() { Repanic(make([]error, 3)) }); err != nil {
		t.Errorf("Repanic of no errors: %v", err)
	}
}

func workerPanics() { panic("worker 2") }

func ExampleCall() {
	err := Call(func() error {
		var m map[string]int
		m["x"] = 1 // assignment to entry in nil map
		return nil
	})
	var pe *PanicError
	fmt.Println(errors.As(err, &pe), err)
	// Output: true panic: assignment to entry in nil map
}
