package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
)

// maxJobs bounds every --jobs flag: more workers than this only costs
// memory (each holds simulation buffers).
const maxJobs = 1 << 12

// intFlag is an int flag restricted to lo..hi: a value outside, or one that
// does not fit an int, is a usage error naming the flag and the range
// (flag.FlagSet reports it, and run exits 2).
type intFlag struct {
	p      *int
	lo, hi int
}

func (f intFlag) String() string {
	if f.p == nil {
		return "0"
	}
	return strconv.Itoa(*f.p)
}

func (f intFlag) Set(s string) error {
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil || v < int64(f.lo) || v > int64(f.hi) {
		return fmt.Errorf("want an integer in %d..%d", f.lo, f.hi)
	}
	*f.p = int(v)
	return nil
}

// uint64Flag is a uint64 flag restricted to lo..hi.
type uint64Flag struct {
	p      *uint64
	lo, hi uint64
}

func (f uint64Flag) String() string {
	if f.p == nil {
		return "0"
	}
	return strconv.FormatUint(*f.p, 10)
}

func (f uint64Flag) Set(s string) error {
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil || v < f.lo || v > f.hi {
		return fmt.Errorf("want an integer in %d..%d", f.lo, f.hi)
	}
	*f.p = v
	return nil
}

// floatFlag is a finite float64 flag in lo..hi (lo excluded if openLo).
type floatFlag struct {
	p      *float64
	lo, hi float64
	openLo bool
}

func (f floatFlag) String() string {
	if f.p == nil {
		return "0"
	}
	return strconv.FormatFloat(*f.p, 'g', -1, 64)
}

func (f floatFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	bad := err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v > f.hi || v < f.lo || (f.openLo && v == f.lo)
	if bad {
		if f.openLo {
			return fmt.Errorf("want a number > %g and <= %g", f.lo, f.hi)
		}
		return fmt.Errorf("want a number in %g..%g", f.lo, f.hi)
	}
	*f.p = v
	return nil
}

// intVar defines an int flag with default def restricted to lo..hi.
func intVar(fs *flag.FlagSet, p *int, name string, def, lo, hi int, usage string) {
	*p = def
	fs.Var(intFlag{p, lo, hi}, name, usage)
}

// uint64Var defines a uint64 flag with default def restricted to lo..hi.
func uint64Var(fs *flag.FlagSet, p *uint64, name string, def, lo, hi uint64, usage string) {
	*p = def
	fs.Var(uint64Flag{p, lo, hi}, name, usage)
}

// floatVar defines a finite float64 flag with default def in lo..hi (lo
// excluded if openLo).
func floatVar(fs *flag.FlagSet, p *float64, name string, def, lo, hi float64, openLo bool, usage string) {
	*p = def
	fs.Var(floatFlag{p, lo, hi, openLo}, name, usage)
}

// jobsVar defines the --jobs flag of a command: 0 (all cores) up to maxJobs.
func jobsVar(fs *flag.FlagSet, p *int, usage string) {
	intVar(fs, p, "jobs", 0, 0, maxJobs, "`N` "+usage)
}
