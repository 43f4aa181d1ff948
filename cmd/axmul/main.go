// Command axmul validates, characterises and selects approximate multipliers.
//
// Run "axmul help" for the list of subcommands.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) }
