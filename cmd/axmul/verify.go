package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/axmul/axmul/circuits"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/gen"
)

func cmdVerify() *command {
	var f simFlags
	var ref string
	var claims bool
	return &command{
		name:  "verify",
		usage: "[--ref exact|FILE.v] [--claims] [--liberty FILE] [--top NAME] [--signed|--unsigned] [--ports A,B,O] [--tie NAME=0|1] NETLIST|DIR ...",
		short: "prove netlists equal to exact multiplication or a reference, and check published claims",
		long: `Verify runs two checks a hardware researcher needs.

--ref exact proves each netlist equal to exact multiplication of its operands
(two's complement when signed) over every operand pair; --ref FILE proves it
equal, bit for bit, to a reference netlist (any format) with the same ports (for example a
re-synthesised version) by simulating a miter of the two. When a check fails,
the first counterexamples (a, b, expected, got) are printed.

--claims compares the error figures a file claims in its header comments
(// MAE = ..., // WCE% = ..., // EP = ... %, in the EvoApproxLib v2022 and
EvoApprox8b styles) with the measured ones at each claim's printed precision.
A claim that is not the measured value rounded but follows from it through a
coarser intermediate value (MAE% computed from the rounded MAE, a value on a
rounding boundary) is reported as "explained" and does not fail.

Port roles and signedness are decided as in 'axmul sim' (see axmul help sim);
--ports and --tie apply to the checked netlists, the reference gets automatic
roles.

Circuits with more than 24 operand bits are checked on a seeded sample unless
--exhaustive is given. One report line per file; exit status 1 if any check
fails.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			f.register(fs)
			fs.StringVar(&ref, "ref", "", "reference: exact, or a Verilog `file` with the same ports")
			fs.BoolVar(&claims, "claims", false, "check the error figures claimed in the header comments")
			return func(ctx context.Context, e *env, args []string) error {
				if ref == "" && !claims {
					return usagef("nothing to check: give --ref exact|FILE.v and/or --claims")
				}
				if len(args) == 0 {
					return usagef("no netlist given")
				}
				return runVerify(ctx, e, &f, ref, claims, args)
			}
		},
	}
}

func runVerify(ctx context.Context, e *env, f *simFlags, ref string, claims bool, args []string) error {
	if _, err := f.zeroExact(""); err != nil { // a bad --mre-zero is a usage error, before any work
		return err
	}
	lo, err := f.loadOptions(e)
	if err != nil {
		return err
	}
	files, err := expandInputs(args, f.liberty != "", lo.Verbose)
	if err != nil {
		return err
	}
	var refC *gen.Circuit
	if ref != "" && ref != "exact" {
		// --top, --ports and --tie describe the checked netlists; the
		// reference gets its own top module and automatic roles.
		refLo := lo
		refLo.Roles = circuits.RoleOptions{}
		refLo.Top = ""
		if refC, err = loadCircuit(ref, refLo); err != nil {
			return err
		}
		warn(e, refC)
	}
	vo := gen.VerifyOptions{Workers: f.jobs, Exhaustive: f.exhaustive, Samples: f.samples, Seed: f.seed}
	failed := 0
	bar := newProgressBar(e.stderr)
	defer bar.done()
	e = &env{stdout: bar.clearing(e.stdout), stderr: e.stderr}
	for i, file := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		bar.update(i, len(files), filepath.Base(file))
		ok, err := verifyOne(ctx, e, f, lo, vo, file, ref, refC, claims)
		if err != nil && ctx.Err() != nil {
			return ctx.Err() // interrupted, not a failure of this file
		}
		if err != nil {
			fmt.Fprintf(e.stdout, "%s: ERROR %v\n", file, err)
			failed++
			continue
		}
		if !ok {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stdout, "%d of %d files failed\n", failed, len(files))
		return errFailed
	}
	fmt.Fprintf(e.stdout, "all %d files passed\n", len(files))
	return nil
}

func verifyOne(ctx context.Context, e *env, f *simFlags, lo gen.LoadOptions, vo gen.VerifyOptions, file, ref string, refC *gen.Circuit, claims bool) (bool, error) {
	c, err := loadCircuit(file, lo)
	if err != nil {
		return false, err
	}
	warn(e, c)
	ok := true
	if ref != "" {
		var eq *gen.Equivalence
		what := "exact multiplication"
		if refC == nil {
			eq, err = gen.VerifyExact(ctx, c, vo)
		} else {
			what = refC.File
			eq, err = gen.VerifyEquivalent(ctx, c, refC, vo)
		}
		if err != nil {
			return false, err
		}
		scope := fmt.Sprintf("all %d pairs", eq.Pairs)
		if !eq.Exhaustive {
			scope = fmt.Sprintf("%d sampled pairs (seed %d; --exhaustive for all)", eq.Pairs, vo.Seed)
		}
		if eq.Mismatches == 0 {
			fmt.Fprintf(e.stdout, "%s: ok: equal to %s on %s\n", file, what, scope)
		} else {
			ok = false
			fmt.Fprintf(e.stdout, "%s: FAIL: differs from %s on %d of %s\n", file, what, eq.Mismatches, scope)
			for _, ce := range eq.First {
				fmt.Fprintf(e.stdout, "    a=%d b=%d expected=%d got=%d\n", ce.A, ce.B, ce.Expected, ce.Got)
			}
		}
	}
	if claims {
		cok, err := checkClaims(ctx, e, f, c, file)
		if err != nil {
			return false, err
		}
		ok = ok && cok
	}
	return ok, nil
}

func checkClaims(ctx context.Context, e *env, f *simFlags, c *gen.Circuit, file string) (bool, error) {
	fh, err := os.Open(file)
	if err != nil {
		return false, err
	}
	h, err := evoapprox.ParseHeader(file, fh)
	fh.Close()
	if err != nil {
		return false, err
	}
	z, err := f.zeroExact(c.Name)
	if err != nil {
		return false, err
	}
	res, err := gen.Characterise(ctx, c, gen.CharOptions{Workers: f.jobs, Exhaustive: f.exhaustive, Samples: f.samples, Seed: f.seed, ZeroExact: z})
	if err != nil {
		return false, err
	}
	cl := gen.CheckClaims(&h, c.ABits, c.BBits, res.Metrics)
	if len(cl) == 0 {
		fmt.Fprintf(e.stdout, "%s: FAIL: no error figures claimed in the header\n", file)
		return false, nil
	}
	if !res.Exhaustive {
		fmt.Fprintf(e.stdout, "%s: skipped: claims are checked only on all pairs; %d operand bits need --exhaustive\n", file, c.ABits+c.BBits)
		return true, nil
	}
	var bad, notes []string
	for _, x := range cl {
		line := fmt.Sprintf("%s claimed %s, measured %.10g", x.Figure.Label, x.Figure.String(), x.Measured)
		switch x.Status {
		case gen.ClaimFailed:
			bad = append(bad, line+": "+x.Note)
		case gen.ClaimExplained:
			notes = append(notes, line+": "+x.Note)
		}
	}
	status := "ok"
	if len(bad) > 0 {
		status = "FAIL"
	}
	fmt.Fprintf(e.stdout, "%s: claims %s: %d of %d figures match (MRE convention %s)\n", file, status, len(cl)-len(bad)-len(notes), len(cl), gen.ZeroName(z))
	for _, l := range bad {
		fmt.Fprintf(e.stdout, "    FAIL %s\n", l)
	}
	for _, l := range notes {
		fmt.Fprintf(e.stdout, "    explained %s\n", l)
	}
	return len(bad) == 0, nil
}
