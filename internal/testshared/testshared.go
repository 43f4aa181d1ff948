// Package testshared finds the shared data folder that the AXMUL_SHARED
// environment variable names for the tests.
//
// go test runs each package's tests in the package's own folder, so a
// relative AXMUL_SHARED (the README's `AXMUL_SHARED=../shared go test ./...`)
// is resolved against the module root — the nearest folder above the working
// directory that holds go.mod — not against the package folder.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// Env is the environment variable that names the shared data folder.
const Env = "AXMUL_SHARED"

// Root returns the shared data folder as an absolute path, or "" when
// AXMUL_SHARED is unset or empty. A relative value is taken relative to the
// module root. Root does not check that the folder exists: callers that need
// it use Dir, which fails the test when it is missing.
func Root() string {
	v := os.Getenv(Env)
	if v == "" {
		return ""
	}
	if filepath.IsAbs(v) {
		return filepath.Clean(v)
	}
	base, err := os.Getwd()
	if err != nil {
		return v
	}
	if root, ok := moduleRoot(base); ok {
		base = root
	}
	return filepath.Join(base, v)
}

// moduleRoot returns the nearest folder at or above dir that holds go.mod.
func moduleRoot(dir string) (string, bool) {
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Dir returns Root joined with the elements of sub. It skips the test when
// AXMUL_SHARED is unset and fails it when the variable is set but the folder
// (or file) is missing: data that CI promises must not be skipped silently.
func Dir(tb testing.TB, sub ...string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skip(Env + " not set")
	}
	p := filepath.Join(append([]string{root}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("%s=%s but %v", Env, os.Getenv(Env), err)
	}
	return p
}
