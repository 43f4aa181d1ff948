package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/internal/outfile"
)

// builtinPrefix names the temporary folders of the built-in library
// (outfile.MkdirTemp in $TMPDIR: axmul-builtin-PID-HOST-N).
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

// loadCircuit is gen.Load with the wording of the command line: a netlist
// of standard cells read without --liberty fails on every cell instance
// ("unknown module HAX1" a line, dozens of lines); that becomes one line
// saying what to give.
func loadCircuit(file string, lo gen.LoadOptions) (*gen.Circuit, error) {
	c, err := gen.Load(file, lo)
	if err == nil || lo.Cells != nil {
		return c, err
	}
	var list verilog.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return c, err
	}
	var cells []string
	seen := map[string]bool{}
	for _, e := range list {
		name, ok := strings.CutPrefix(e.Msg, "unknown module ")
		if !ok {
			return c, err
		}
		name, _, _ = strings.Cut(name, " ")
		if !seen[name] {
			seen[name] = true
			cells = append(cells, name)
		}
	}
	sort.Strings(cells)
	if len(cells) > 6 {
		cells = append(cells[:6], "...")
	}
	return nil, fmt.Errorf("%s: instantiates cells no module defines (%s): a standard-cell netlist needs --liberty FILE, the cell library (e.g. ../shared/cells/gscl45nm.lib for *_pdk45.v)", file, strings.Join(cells, ", "))
}

// checkOutputFolder checks before any work that the folder flag (gen -o,
// deploy -o) names a place whose parent folder exists.
func checkOutputFolder(flag, path string) error {
	if path == "" {
		return usagef("%s: empty folder name", flag)
	}
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return fmt.Errorf("%s %s: exists and is not a folder", flag, path)
	}
	parent := filepath.Dir(filepath.Clean(path))
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		return fmt.Errorf("%s %s: folder %s does not exist", flag, path, parent)
	}
	return nil
}

// checkOutputFile checks before any work that the file flag (-o, --lut)
// can be written: its folder exists and it is not a folder. It also
// removes the temporaries of earlier writes to path whose process was
// killed.
func checkOutputFile(flag, path string) error {
	if path == "" {
		return usagef("%s: empty file name", flag)
	}
	if err := outfile.CheckTarget(flag, path); err != nil {
		return err
	}
	outfile.RemoveStale(filepath.Dir(path), outfile.TempPrefix(path), false)
	return nil
}

// flagSet reports whether the flag was given on the command line (also
// when given an empty value).
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
