package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/selection"
)

func cmdErrmap() *command {
	var f netlistFlags
	var domain, out, lut, port string
	return &command{
		name:  "errmap",
		usage: "[--domain native|int8] [-o err.npy] [--lut lut.npy] [--activation-port A|B] [--liberty FILE] [--top NAME] [--signed|--unsigned] [--ports A,B,O] [--tie NAME=0|1] NETLIST",
		short: "write a multiplier's error map and LUT as .npy",
		long: `Errmap simulates a multiplier netlist on every operand pair and writes its
error map (approximate - exact) as an int32 .npy file of shape
[2^n, 2^m]: row = A operand, column = B operand, both in ascending numerical
order (signed operands from -2^(n-1)).

--domain int8 (8x8 circuits only) writes the map in the int8 domain of
agnapprox and TorchApprox, operands x, w in -128..127: a signed circuit as it
is, an unsigned circuit M used sign-magnitude, s(x)·s(w)·M(|x|, |w|).

--lut writes the int8-domain approximate products in TorchApprox's LUT
layout: int32 [256, 256] indexed by the uint8 bit patterns of the operands
(index i is the value i for i < 128, i - 256 otherwise).

--activation-port B writes both for the circuit used with its operands
swapped (the activation x at port B, the weight at A): the map's rows are
then port B's operand, and the LUT stays indexed [activation, weight].

Both files load with numpy.load. Without -o and --lut the map's metrics are
printed only.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&domain, "domain", "native", "operand domain of the error map: native or int8")
			fs.StringVar(&out, "o", "", "write the error map to this .npy `file`")
			fs.StringVar(&lut, "lut", "", "write the int8-domain LUT (TorchApprox layout) to this .npy `file`")
			fs.StringVar(&port, "activation-port", "A", "port that receives the activations (the map's rows): A or B")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one netlist")
				}
				if domain != "native" && domain != "int8" {
					return usagef("--domain %q: want native or int8", domain)
				}
				for _, o := range []struct{ name, flag, path string }{{"o", "-o", out}, {"lut", "--lut", lut}} {
					if flagSet(fs, o.name) {
						if err := checkOutputFile(o.flag, o.path); err != nil {
							return err
						}
					}
				}
				p, err := parsePortFlag(port)
				if err != nil {
					return err
				}
				lo, err := f.loadOptions(e)
				if err != nil {
					return err
				}
				c, err := loadCircuit(args[0], lo)
				if err != nil {
					return err
				}
				warn(e, c)
				if c.ABits+c.BBits > errmap.MaxMapBits {
					return fmt.Errorf("%s: %dx%d operands: error maps need at most %d operand bits", c.File, c.ABits, c.BBits, errmap.MaxMapBits)
				}
				if (domain == "int8" || lut != "") && (c.ABits != 8 || c.BBits != 8) {
					return fmt.Errorf("%s: the int8 domain needs an 8x8 multiplier, have %dx%d", c.File, c.ABits, c.BBits)
				}
				if c.OBits != c.ABits+c.BBits {
					return fmt.Errorf("%s: output has %d bits, want %d for a %dx%d multiplier", c.File, c.OBits, c.ABits+c.BBits, c.ABits, c.BBits)
				}
				raw, err := c.Multiplier().Products()
				if err != nil {
					return err
				}
				em, err := errmap.FromProducts(c.ABits, c.BBits, c.Signed, raw)
				if err != nil {
					return fmt.Errorf("%s: %w", c.File, err)
				}
				m := em.Metrics(errmap.Options{ZeroExact: gen.DefaultZeroExact(c.Name)})
				if p == selection.PortB {
					em = em.Transpose()
				}
				sign := "unsigned"
				if c.Signed {
					sign = "signed"
				}
				fmt.Fprintf(e.stdout, "%s: %dx%d %s, MAE %.6g, WCE %d, EP %.2f%%, mean %.6g, std %.6g\n",
					c.Name, c.ABits, c.BBits, sign, m.MAE, m.WCE, m.EP, m.Mean, m.Std)
				if domain == "int8" || lut != "" {
					i8, err := em.Int8()
					if err != nil {
						return err
					}
					if lut != "" {
						if err := i8.WriteLUT(lut); err != nil {
							return err
						}
						fmt.Fprintf(e.stdout, "wrote %s (LUT, int32 [256,256], TorchApprox layout)\n", lut)
					}
					if domain == "int8" {
						em = i8
					}
				}
				if out != "" {
					if err := em.WriteNPY(out); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "wrote %s (error map, int32 [%d,%d], %s domain)\n", out, 1<<em.ABits(), 1<<em.BBits(), domain)
				}
				return nil
			}
		},
	}
}
