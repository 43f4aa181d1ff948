// Command benchpeers supports scripts/bench-peers.sh: for one unsigned
// multiplier netlist (ports A, B, O) it times axmul's exhaustive simulation
// and writes the sources the other simulators run on the same task, the sum
// of |O - A*B| over all operand pairs:
//
//	benchpeers axmul [-workers n] [-kernel name] [-min d] [-eval|-metrics] file.v   time axmul
//	benchpeers c file.v        C model (one pair per call) with a timing main
//	benchpeers tb file.v       Verilog testbench for Icarus Verilog
//	benchpeers vmain file.v    C++ main for a Verilator model (class Vdut)
//	benchpeers top file.v      name of the top module (the one no other module instantiates)
//	benchpeers pairs file.v    number of operand pairs, 2^(n+m)
//
// Every timed program prints one line "sum=<sum |error|> seconds=<CPU
// seconds per exhaustive run> wall=<wall-clock seconds per run>", so the
// script can check that all simulators agree before it compares their
// speed (axmul adds "kernel=<name>"). CPU time (user+system of the whole process) is the figure
// compared: the machine is shared, and wall time would also count the time
// other jobs held the cores.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/gen"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: benchpeers axmul|c|tb|vmain|top|pairs [flags] file.v")
		return 2
	}
	fs := flag.NewFlagSet("benchpeers "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", 1, "axmul: worker goroutines")
	kernel := fs.String("kernel", "", "axmul: simulation kernel (default: fastest available)")
	evalOnly := fs.Bool("eval", false, "axmul: time Program.Eval on bit-sliced inputs only (no decoding to integers); the sum is checked once outside the timing")
	metrics := fs.Bool("metrics", false, "axmul: time gen.Characterise (simulation and every error metric, as axmul sim computes them)")
	minTime := fs.Duration("min", time.Second, "axmul: repeat the exhaustive run for at least this much CPU time")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "usage: benchpeers %s [flags] file.v\n", args[0])
		return 2
	}
	n, err := verilog.ParseFile(fs.Arg(0), verilog.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "benchpeers: %v\n", err)
		return 1
	}
	a, b, o, err := ports(n)
	if err != nil {
		fmt.Fprintf(stderr, "benchpeers: %s: %v\n", fs.Arg(0), err)
		return 1
	}
	switch args[0] {
	case "axmul":
		if *kernel != "" {
			restore, kerr := sim.SetKernel(*kernel)
			if kerr != nil {
				fmt.Fprintf(stderr, "benchpeers: %v\n", kerr)
				return 2
			}
			defer restore()
		}
		switch {
		case *evalOnly:
			err = timeEval(stdout, n, *minTime)
		case *metrics:
			err = timeMetrics(stdout, n, *workers, *minTime)
		default:
			err = timeAxmul(stdout, n, *workers, *minTime)
		}
	case "c":
		err = writeC(stdout, n, a, b, o)
	case "tb":
		err = writeTestbench(stdout, n.Name, a.Width(), b.Width(), o.Width())
	case "vmain":
		err = writeVerilatorMain(stdout, a.Width(), b.Width())
	case "top":
		// The elaborated netlist is named after the top module that
		// verilog chose: the one no other module instantiates.
		_, err = fmt.Fprintln(stdout, n.Name)
	case "pairs":
		_, err = fmt.Fprintln(stdout, uint64(1)<<(a.Width()+b.Width()))
	default:
		fmt.Fprintf(stderr, "benchpeers: unknown command %q\n", args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "benchpeers: %v\n", err)
		return 1
	}
	return 0
}

// ports returns A, B and O and checks the widths the generated programs
// support (products and sums in 64-bit integers).
func ports(n *circuits.Netlist) (a, b, o circuits.Port, err error) {
	var ok [3]bool
	a, ok[0] = n.Port("A")
	b, ok[1] = n.Port("B")
	o, ok[2] = n.Port("O")
	if !ok[0] || !ok[1] || !ok[2] {
		return a, b, o, fmt.Errorf("want ports A, B and O")
	}
	if a.Width()+b.Width() > 24 || o.Width() > 48 {
		return a, b, o, fmt.Errorf("A+B has %d bits and O %d: at most 24 and 48 supported", a.Width()+b.Width(), o.Width())
	}
	return a, b, o, nil
}

// timeAxmul times Multiplier.Exhaustive with a sink summing |O - A*B|:
// simulation, decoding to integers and the sum, end to end.
func timeAxmul(w io.Writer, n *circuits.Netlist, workers int, minTime time.Duration) error {
	mu, err := sim.NewMultiplier(n)
	if err != nil {
		return err
	}
	sums := make([]uint64, max(workers, 1))
	once := func() (uint64, error) {
		clear(sums)
		err := mu.Exhaustive(context.Background(), workers, func(wk int) func(*sim.Block) {
			return func(blk *sim.Block) {
				s := sums[wk]
				for i, out := range blk.Out {
					p := blk.A[i] * blk.B[i]
					if out > p {
						s += out - p
					} else {
						s += p - out
					}
				}
				sums[wk] = s
			}
		})
		var total uint64
		for _, s := range sums {
			total += s
		}
		return total, err
	}
	sum, err := once() // warm-up; also the result reported
	if err != nil {
		return err
	}
	return repeat(w, sum, minTime, once)
}

// timeMetrics times gen.Characterise: the simulation of every pair and
// all error metrics (MAE, MSE, WCE, EP, MRE, WCRE, mean, std) as `axmul
// sim` computes them. The sum of |error| is MAE times the number of pairs
// (exact below 2^53).
func timeMetrics(w io.Writer, n *circuits.Netlist, workers int, minTime time.Duration) error {
	c, err := gen.FromNetlist(n.Name, n.Name, n, gen.Unsigned)
	if err != nil {
		return err
	}
	once := func() (uint64, error) {
		r, err := gen.Characterise(context.Background(), c, gen.CharOptions{Workers: workers})
		if err != nil {
			return 0, err
		}
		return uint64(math.Round(r.Metrics.MAE * float64(r.Metrics.Count))), nil
	}
	sum, err := once()
	if err != nil {
		return err
	}
	return repeat(w, sum, minTime, once)
}

// repeat calls once until minTime of CPU time has passed, checks that
// every call returns sum, and prints the result line.
func repeat(w io.Writer, sum uint64, minTime time.Duration, once func() (uint64, error)) error {
	runs := 0
	start, cpu0 := time.Now(), cpuTime()
	var cpu time.Duration
	for cpu < minTime || runs == 0 {
		s, err := once()
		if err != nil {
			return err
		}
		if s != sum {
			return fmt.Errorf("runs disagree: %d and %d", sum, s)
		}
		runs++
		cpu = cpuTime() - cpu0
	}
	wall := time.Since(start)
	kernel, err := sim.CurrentKernel()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "sum=%d seconds=%.9f wall=%.9f kernel=%s\n", sum, cpu.Seconds()/float64(runs), wall.Seconds()/float64(runs), kernel)
	return nil
}

// timeEval times Program.Eval over all operand pairs given as bit-sliced
// inputs (pair x = B<<n | A is vector x), leaving the outputs bit-sliced:
// the simulation alone. The sum of |O - A*B| is computed from the outputs
// of the first run, outside the timing.
func timeEval(w io.Writer, n *circuits.Netlist, minTime time.Duration) error {
	mu, err := sim.NewMultiplier(n)
	if err != nil {
		return err
	}
	p := mu.Program()
	na, nb, _ := mu.Widths()
	pa, _ := p.InputPort("A")
	pb, _ := p.InputPort("B")
	po, _ := p.OutputPort("O")
	pairs := 1 << (na + nb)
	words := (pairs + 63) / 64
	inputs := make([][]uint64, p.NumInputs)
	for i := range inputs {
		inputs[i] = make([]uint64, words)
	}
	for x := range pairs {
		for t := range na + nb {
			slot := pa.Offset + t
			if t >= na {
				slot = pb.Offset + t - na
			}
			inputs[slot][x/64] |= uint64(x>>t&1) << (x % 64)
		}
	}
	outs, err := p.Eval(inputs)
	if err != nil {
		return err
	}
	var sum uint64
	for x := range pairs {
		var o uint64
		for i := range po.Width {
			o |= (outs[po.Offset+i][x/64] >> (x % 64) & 1) << i
		}
		pr := uint64(x&(1<<na-1)) * uint64(x>>na)
		if o > pr {
			sum += o - pr
		} else {
			sum += pr - o
		}
	}
	return repeat(w, sum, minTime, func() (uint64, error) {
		if _, err := p.Eval(inputs); err != nil {
			return 0, err
		}
		return sum, nil
	})
}

// cpuTime returns the user and system CPU time of the process so far: on
// a machine shared with other jobs it measures the work done, where wall
// time would also count the time other processes held the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeC writes a C program evaluating the netlist one operand pair per
// call, gate by gate in topological order on 0/1 values, with a main that
// times repeated exhaustive runs.
func writeC(w io.Writer, n *circuits.Netlist, a, b, o circuits.Port) error {
	order, err := n.TopoOrder()
	if err != nil {
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "// Generated by scripts/benchpeers from %s (%s).\n", n.Name, n.File)
	sb.WriteString("#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <time.h>\n\n")
	sb.WriteString("static inline uint64_t model(uint32_t A, uint32_t B) {\n")
	for i, net := range a.Bits {
		fmt.Fprintf(&sb, "\tuint32_t n%d = (A >> %d) & 1u;\n", net, i)
	}
	for i, net := range b.Bits {
		fmt.Fprintf(&sb, "\tuint32_t n%d = (B >> %d) & 1u;\n", net, i)
	}
	for _, gi := range order {
		g := n.Gates[gi]
		in := func(k int) string { return fmt.Sprintf("n%d", g.In[k]) }
		var e string
		switch g.Kind {
		case circuits.Const0:
			e = "0u"
		case circuits.Const1:
			e = "1u"
		case circuits.Buf:
			e = in(0)
		case circuits.Not:
			e = in(0) + " ^ 1u"
		case circuits.And:
			e = in(0) + " & " + in(1)
		case circuits.Or:
			e = in(0) + " | " + in(1)
		case circuits.Xor:
			e = in(0) + " ^ " + in(1)
		case circuits.Nand:
			e = "(" + in(0) + " & " + in(1) + ") ^ 1u"
		case circuits.Nor:
			e = "(" + in(0) + " | " + in(1) + ") ^ 1u"
		case circuits.Xnor:
			e = in(0) + " ^ " + in(1) + " ^ 1u"
		case circuits.Mux:
			e = "(" + in(1) + " & (" + in(0) + " ^ 1u)) | (" + in(2) + " & " + in(0) + ")"
		default:
			return fmt.Errorf("gate %d: unsupported kind %v", gi, g.Kind)
		}
		fmt.Fprintf(&sb, "\tuint32_t n%d = %s;\n", g.Out, e)
	}
	sb.WriteString("\treturn 0")
	for i, net := range o.Bits {
		fmt.Fprintf(&sb, "\n\t\t| (uint64_t)n%d << %d", net, i)
	}
	sb.WriteString(";\n}\n\n")
	fmt.Fprintf(&sb, `volatile uint32_t salt; /* 0, but the compiler cannot hoist the runs */

static uint64_t exhaustive(void) {
	uint32_t s = salt;
	uint64_t sum = 0;
	for (uint32_t x = 0; x < (1u << %d); x++) {
		uint32_t a = (x & %du) ^ s, b = x >> %d;
		uint64_t o = model(a, b), p = (uint64_t)a * b;
		sum += o > p ? o - p : p - o;
	}
	return sum;
}

int main(int argc, char **argv) {
	double minTime = argc > 1 ? atof(argv[1]) : 1.0;
	uint64_t sum = exhaustive();
	struct timespec w0, w1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &w0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	long runs = 0;
	double cpu;
	do {
		if (exhaustive() != sum) { fprintf(stderr, "runs disagree\n"); return 1; }
		runs++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		cpu = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
	} while (cpu < minTime);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	double wall = (w1.tv_sec - w0.tv_sec) + 1e-9 * (w1.tv_nsec - w0.tv_nsec);
	printf("sum=%%llu seconds=%%.9f wall=%%.9f\n", (unsigned long long)sum, cpu / runs, wall / runs);
	return 0;
}
`, a.Width()+b.Width(), 1<<a.Width()-1, a.Width())
	_, err = io.WriteString(w, sb.String())
	return err
}

// writeTestbench writes an Icarus Verilog testbench that applies all
// operand pairs to module top and prints the sum of |O - A*B|; the script
// times the whole vvp run (one exhaustive pass).
func writeTestbench(w io.Writer, top string, n, m, k int) error {
	_, err := fmt.Fprintf(w, `// Generated by scripts/benchpeers.
module tb;
	reg [%d:0] a;
	reg [%d:0] b;
	wire [%d:0] o;
	reg [63:0] p, sum;
	integer x;
	%s dut (.A(a), .B(b), .O(o));
	initial begin
		sum = 0;
		for (x = 0; x < %d; x = x + 1) begin
			a = x[%d:0];
			b = x >> %d;
			#1;
			p = a * b;
			sum = sum + ((o > p) ? o - p : p - o);
		end
		$display("sum=%%0d", sum);
		$finish;
	end
endmodule
`, n-1, m-1, k-1, top, 1<<(n+m), n-1, n)
	return err
}

// writeVerilatorMain writes the C++ main of a Verilator model built with
// --prefix Vdut: it times repeated exhaustive runs like the C model.
func writeVerilatorMain(w io.Writer, n, m int) error {
	_, err := fmt.Fprintf(w, `// Generated by scripts/benchpeers.
#include "Vdut.h"
#include "verilated.h"
#include <chrono>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <cstdlib>

static uint64_t exhaustive(Vdut &top) {
	uint64_t sum = 0;
	for (uint32_t x = 0; x < (1u << %d); x++) {
		uint32_t a = x & %du, b = x >> %d;
		top.A = a;
		top.B = b;
		top.eval();
		uint64_t o = top.O, p = (uint64_t)a * b;
		sum += o > p ? o - p : p - o;
	}
	return sum;
}

int main(int argc, char **argv) {
	double minTime = argc > 1 ? atof(argv[1]) : 1.0;
	VerilatedContext ctx;
	Vdut top{&ctx};
	uint64_t sum = exhaustive(top);
	auto w0 = std::chrono::steady_clock::now();
	std::clock_t c0 = std::clock();
	long runs = 0;
	double cpu;
	do {
		if (exhaustive(top) != sum) { fprintf(stderr, "runs disagree\n"); return 1; }
		runs++;
		cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
	} while (cpu < minTime);
	double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
	top.final();
	printf("sum=%%llu seconds=%%.9f wall=%%.9f\n", (unsigned long long)sum, cpu / runs, wall / runs);
	return 0;
}
`, n+m, 1<<n-1, n)
	return err
}
