package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen"
)

// netlistFlags are the flags shared by commands that read netlists.
type netlistFlags struct {
	signed, unsigned bool
	liberty          string
	top              string
	verbose          bool
	defines          defineFlag
	includes         listFlag
}

func (f *netlistFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.signed, "signed", false, "treat operands and product as two's complement (default: from the EvoApprox name, else unsigned)")
	fs.BoolVar(&f.unsigned, "unsigned", false, "treat operands and product as unsigned")
	fs.StringVar(&f.liberty, "liberty", "", "Liberty `file` defining standard cells the netlists instantiate (e.g. gscl45nm.lib)")
	fs.StringVar(&f.top, "top", "", "top module `name` (default: the module nobody instantiates)")
	fs.BoolVar(&f.verbose, "v", false, "verbose: report EvoApprox compatibility rewrites and progress on stderr")
	f.registerPreproc(fs)
}

// registerPreproc adds the Verilog preprocessor flags --define and -I.
func (f *netlistFlags) registerPreproc(fs *flag.FlagSet) {
	fs.Var(&f.defines, "define", "define a Verilog macro, `NAME=VALUE` or NAME (repeatable)")
	fs.Var(&f.includes, "I", "search `DIR` for `include files after the including file's folder (repeatable)")
}

// loadOptions builds gen.LoadOptions, reading the Liberty file if given.
func (f *netlistFlags) loadOptions(e *env) (gen.LoadOptions, error) {
	var o gen.LoadOptions
	if f.signed && f.unsigned {
		return o, usagef("--signed and --unsigned are exclusive")
	}
	switch {
	case f.signed:
		o.Sign = gen.Signed
	case f.unsigned:
		o.Sign = gen.Unsigned
	}
	o.Top = f.top
	o.Defines, o.IncludeDirs = f.defines.m, f.includes
	if f.liberty != "" {
		lib, err := liberty.ParseFile(f.liberty)
		if err != nil {
			return o, err
		}
		o.Cells = verilog.LibertyCells(lib)
	}
	if f.verbose {
		o.Verbose = func(msg string) { fmt.Fprintln(e.stderr, msg) }
	}
	return o, nil
}

// expandInputs turns files and directories into a list of .v files: a
// directory contributes every .v file below it, sorted, leaving out the
// *_pdk45.v standard-cell twins unless withPDK is set. Files named
// explicitly are always kept.
func expandInputs(args []string, withPDK bool) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".v") {
				return nil
			}
			if strings.HasSuffix(p, "_pdk45.v") && !withPDK {
				return nil
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no .v files", a)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// defineFlag collects --define NAME=VALUE (or NAME, defined empty).
type defineFlag struct{ m map[string]string }

func (d *defineFlag) String() string {
	if d == nil || len(d.m) == 0 {
		return ""
	}
	var parts []string
	for k, v := range d.m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (d *defineFlag) Set(s string) error {
	name, value, _ := strings.Cut(s, "=")
	if name == "" || !validMacroName(name) {
		return fmt.Errorf("invalid macro name %q (want NAME=VALUE)", name)
	}
	if d.m == nil {
		d.m = map[string]string{}
	}
	d.m[name] = value
	return nil
}

// validMacroName reports whether s is a Verilog identifier.
func validMacroName(s string) bool {
	for i, c := range s {
		letter := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') && !(i > 0 && c == '$') {
			return false
		}
	}
	return true
}

// listFlag collects the values of a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	if s == "" {
		return fmt.Errorf("empty folder")
	}
	*l = append(*l, s)
	return nil
}
