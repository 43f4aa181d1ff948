package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/errmap/lutgemm"
	"github.com/klauspost/cpuid/v2"
)

func cmdVersion() *command {
	return &command{
		name:  "version",
		usage: "",
		short: "print the version, the CPU features and the chosen kernels",
		long: `Version prints axmul's module version, the Go toolchain, the CPU and its
SIMD features as detected by cpuid, and the simulation kernel in use
(set with the AXMUL_KERNEL environment variable).`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			return func(_ context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("version takes no arguments")
				}
				v := "(devel)"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
					v = bi.Main.Version
				}
				fmt.Fprintf(e.stdout, "axmul %s %s %s/%s\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				fmt.Fprintf(e.stdout, "cpu: %s (%d logical cores)\n", cpuid.CPU.BrandName, runtime.NumCPU())
				var feats []string
				for _, f := range []cpuid.FeatureID{cpuid.POPCNT, cpuid.BMI2, cpuid.AVX2, cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL, cpuid.AVX512VPOPCNTDQ, cpuid.AVX512VBMI, cpuid.GFNI} {
					if cpuid.CPU.Supports(f) {
						feats = append(feats, f.String())
					}
				}
				fmt.Fprintf(e.stdout, "features: %s\n", strings.Join(feats, " "))
				fmt.Fprintf(e.stdout, "kernels: %s\n", kernelSummary())
				fmt.Fprintf(e.stdout, "lut-gemm (validate): %s (available: %s)\n", lutgemm.Kernel(), strings.Join(lutgemm.Kernels(), ", "))
				return nil
			}
		},
	}
}

// kernelSummary lists the simulation kernels and the one in use.
func kernelSummary() string {
	cur, err := sim.CurrentKernel()
	if err != nil {
		cur = "error: " + err.Error()
	}
	return fmt.Sprintf("sim %s (available: %s)", cur, strings.Join(sim.Kernels(), ", "))
}
