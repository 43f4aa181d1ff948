package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootRelativeToModule(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Dir(filepath.Dir(wd)) // internal/testshared -> module root
	for _, tc := range []struct{ env, want string }{
		{"", ""},
		{"../shared", filepath.Join(filepath.Dir(mod), "shared")},
		{"/abs/shared", "/abs/shared"},
		{"data", filepath.Join(mod, "data")},
	} {
		t.Setenv(Env, tc.env)
		if got := Root(); got != tc.want {
			t.Errorf("%s=%q: Root() = %q, want %q", Env, tc.env, got, tc.want)
		}
	}
}

func TestDirMissingFails(t *testing.T) {
	t.Setenv(Env, t.TempDir())
	ft := &fakeTB{TB: t}
	func() {
		defer func() { recover() }()
		Dir(ft, "no-such-folder")
	}()
	if !ft.failed {
		t.Error("Dir did not fail for a missing folder")
	}
}

// fakeTB records Fatalf instead of stopping the outer test.
type fakeTB struct {
	testing.TB
	failed bool
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	panic("fatal")
}
