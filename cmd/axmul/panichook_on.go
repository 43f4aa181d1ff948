//go:build axmul_panichook

package main

import (
	"os"
	"strings"
)

// workerHook panics when name contains $AXMUL_TEST_PANIC (test builds
// only; see panichook.go).
func workerHook(name string) {
	if s := os.Getenv("AXMUL_TEST_PANIC"); s != "" && strings.Contains(name, s) {
		panic("test panic in the worker of " + name)
	}
}
