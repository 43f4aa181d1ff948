//go:build !axmul_panichook

package main

// workerHook is called by the workers of gen, sim and hw (through their
// progress bars) with the name of the item they finished. It does nothing:
// binaries built with the axmul_panichook tag (tests only) make it panic,
// to check that a worker's panic is reported, after cleanup, with exit 70.
func workerHook(string) {}
