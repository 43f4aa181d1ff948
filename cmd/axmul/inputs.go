package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/netio"
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
	ports            string
	ties             tieFlag
}

// tieFlag collects repeated --tie NAME=0|1 values.
type tieFlag []circuits.Tie

func (t *tieFlag) String() string {
	var s []string
	for _, x := range *t {
		s = append(s, x.String())
	}
	return strings.Join(s, " ")
}

func (t *tieFlag) Set(v string) error {
	x, err := circuits.ParseTie(v)
	if err != nil {
		return err
	}
	*t = append(*t, x)
	return nil
}

func (f *netlistFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.signed, "signed", false, "treat operands and product as two's complement (default: ports declared signed, else the module or file name mulNs_*, else unsigned)")
	fs.BoolVar(&f.unsigned, "unsigned", false, "treat operands and product as unsigned")
	fs.StringVar(&f.liberty, "liberty", "", "Liberty `file` defining standard cells the netlists instantiate (e.g. gscl45nm.lib)")
	fs.StringVar(&f.top, "top", "", "top module `name` (default: the module nobody instantiates)")
	f.registerRoles(fs)
	fs.BoolVar(&f.verbose, "v", false, "verbose: report EvoApprox compatibility rewrites and progress on stderr")
	f.registerPreproc(fs)
}

// registerPreproc adds the Verilog preprocessor flags --define and -I.
func (f *netlistFlags) registerPreproc(fs *flag.FlagSet) {
	fs.Var(&f.defines, "define", "define a Verilog macro, `NAME=VALUE` or NAME (repeatable)")
	fs.Var(&f.includes, "I", "search `DIR` for `include files after the including file's folder (repeatable)")
}

// warn prints a circuit's load warnings (signedness conflicts) on stderr.
func warn(e *env, c *gen.Circuit) {
	for _, w := range c.Warnings {
		fmt.Fprintf(e.stderr, "axmul: warning: %s\n", w)
	}
}

// registerRoles registers --ports and --tie.
func (f *netlistFlags) registerRoles(fs *flag.FlagSet) {
	fs.StringVar(&f.ports, "ports", "", "operand and product ports `A_NAME,B_NAME,O_NAME` (default: A, B and the only output, or two inputs in declaration order and one output)")
	fs.Var(&f.ties, "tie", "drive input `NAME=0|1` with a constant (repeatable; for enables and clocks of combinational designs)")
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
	if f.ports != "" {
		a, b, out, err := circuits.ParsePorts(f.ports)
		if err != nil {
			return o, usagef("%v", err)
		}
		o.Roles.A, o.Roles.B, o.Roles.O = a, b, out
	}
	o.Roles.Ties = f.ties
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

// expandInputs turns files and directories into a list of netlist files:
// a directory contributes every file below it in a format circuits/netio
// knows (.v .sv .blif .aag .aig), sorted, leaving out the *_pdk45
// standard-cell twins unless withPDK is set. Files named explicitly are
// always kept. Files that are skipped for not holding a netlist (a .json
// that is not a Yosys netlist) are reported to note when it is not nil.
func expandInputs(args []string, withPDK bool, note func(string)) ([]string, error) {
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
		all, err := netio.List(a, note)
		if err != nil {
			return nil, err
		}
		var found []string
		for _, p := range all {
			stem := strings.TrimSuffix(p, filepath.Ext(p))
			if strings.HasSuffix(stem, "_pdk45") && !withPDK {
				continue
			}
			found = append(found, p)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no netlist files (%s)", a, strings.Join(netio.Extensions(), " "))
		}
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
