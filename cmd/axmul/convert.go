package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/netio"
)

func cmdConvert() *command {
	var f netlistFlags
	var out string
	return &command{
		name:  "convert",
		usage: "[--top NAME] [--liberty FILE] [--ports A,B,O] [--tie NAME=0|1] [--signed|--unsigned] [--define NAME=VALUE] [-I DIR] [-v] NETLIST -o OUT.{v,blif,aag,aig}",
		short: "write a netlist as flat Verilog, BLIF or AIGER",
		long: `Convert reads one netlist in any format axmul reads (by extension: .v .sv
structural Verilog, .blif, .aag/.aig AIGER) and writes it flattened to gates in
the format the extension of -o names:

  .v     structural Verilog: one module, the ports as buses (input [7:0] A),
         one wire and assign per gate
  .blif  one BLIF model, one .names cover per gate, port bits A[0], A[1], ...
  .aag   ASCII AIGER 1.9 with a symbol table (i0 A[0], o0 O[0])
  .aig   binary AIGER 1.9 with a symbol table

so that generated circuits and any input go on to Yosys and ABC. Standard
cells (--liberty) are flattened into their gate functions. The file is written
to a temporary file and renamed into place.

With --ports, --tie, --signed or --unsigned the netlist is first read as a
multiplier, as 'axmul sim' does (see axmul help sim): the written file has
exactly the ports A, B and O (inputs tied to constants, other outputs
dropped, an output declared [15:8] widened with zero bits). --signed
declares A and B signed in a written .v (so that the commands that read it
take it as signed), --unsigned declares them unsigned; BLIF and AIGER have
no signed ports, so there signedness comes from the names as usual (the
model name for BLIF, the file name for AIGER). --define and -I are the
Verilog preprocessor's, as in sim.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			fs.StringVar(&f.liberty, "liberty", "", "Liberty `file` defining standard cells the netlist instantiates (e.g. gscl45nm.lib)")
			fs.StringVar(&f.top, "top", "", "top module `name` (default: the module nobody instantiates; BLIF: the first model)")
			fs.BoolVar(&f.verbose, "v", false, "verbose: report compatibility rewrites and skipped directives on stderr")
			f.registerRoles(fs)
			fs.BoolVar(&f.signed, "signed", false, "read as a multiplier and declare A and B signed (in a written .v)")
			fs.BoolVar(&f.unsigned, "unsigned", false, "read as a multiplier and declare A and B unsigned (in a written .v)")
			f.registerPreproc(fs)
			fs.StringVar(&out, "o", "", "output `file`; its extension (.v, .blif, .aag, .aig) chooses the format")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one netlist")
				}
				if out == "" {
					return usagef("-o OUT is required")
				}
				ext := strings.ToLower(filepath.Ext(out))
				switch ext {
				case ".v", ".blif", ".aag", ".aig":
				default:
					return usagef("-o %s: extension %q names no format axmul writes (want .v, .blif, .aag or .aig)", out, ext)
				}
				if err := checkOutputFile("-o", out); err != nil {
					return err
				}
				lo, err := f.loadOptions(e)
				if err != nil {
					return err
				}
				n, err := netio.Open(args[0], netio.Options{Top: lo.Top, Cells: lo.Cells, Verbose: lo.Verbose, Defines: lo.Defines, IncludeDirs: lo.IncludeDirs})
				if err != nil {
					return err
				}
				if n.Name == "" { // AIGER names no module: use the file's
					cp := *n
					cp.Name = strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
					n = &cp
				}
				if lo.Roles.String() != "" || f.signed || f.unsigned {
					m, roles, err := circuits.AssignRoles(n, lo.Roles)
					if err != nil {
						return fmt.Errorf("%s: %w", args[0], err)
					}
					if lo.Verbose != nil {
						for _, s := range roles.Regrouped {
							lo.Verbose(fmt.Sprintf("%s: %s", args[0], s))
						}
						for _, s := range roles.Dropped {
							lo.Verbose(fmt.Sprintf("%s: output %s plays no role (dropped)", args[0], s))
						}
					}
					if f.signed || f.unsigned {
						// AssignRoles gives the ports in the order A, B, O.
						m.Ports[0].Signed, m.Ports[1].Signed = f.signed, f.signed
					}
					n = m
				}
				if err := netio.WriteFile(out, n); err != nil {
					return err
				}
				var in, outs int
				for _, p := range n.Ports {
					if p.Dir == circuits.Input {
						in += len(p.Bits)
					} else {
						outs += len(p.Bits)
					}
				}
				fmt.Fprintf(e.stdout, "wrote %s: %s, %d ports (%d input and %d output bits), %d gates\n", out, n.Name, len(n.Ports), in, outs, len(n.Gates))
				return nil
			}
		},
	}
}
