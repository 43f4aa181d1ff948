package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/axmul/axmul/internal/safego"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // data or runtime error
	exitUsage = 2
	// exitInternal reports a bug: a command panicked. No input should get
	// there (the tests check that bad inputs give clean errors); it is a
	// safety net so that a panic is not mistaken for a usage error.
	exitInternal = 70
)

// command is one subcommand of axmul, in the manner of Go's cmd/go base.Command.
type command struct {
	name  string
	usage string // arguments after the name
	short string // one line
	long  string // paragraphs
	// flags registers the command's flags and returns the function that
	// runs it with the remaining arguments.
	setup func(fs *flag.FlagSet) func(ctx context.Context, env *env, args []string) error
}

// env carries the output streams of one invocation.
type env struct {
	stdout, stderr io.Writer
	// hide rewrites error messages before they are printed: paths of
	// temporary folders the user never named (the built-in library's)
	// become a description.
	hide []func(string) string
}

// errText is err's message as printed, with e.hide applied and the
// temporaries of outfile (".NAME.tmp-PID-HOST-N", in which gen builds a
// bundle) named by the path they become.
func (e *env) errText(err error) string {
	msg := err.Error()
	for _, h := range e.hide {
		msg = h(msg)
	}
	return tempPath.ReplaceAllString(msg, "$1")
}

// tempPath matches a path component that is an outfile temporary.
var tempPath = regexp.MustCompile(`\.([^/\s]+)\.tmp-[0-9]+-[0-9a-f]{8}-[0-9]+\b`)

// usageError marks errors that should exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errFailed reports that a check failed after its report was printed.
var errFailed = errors.New("check failed")

func commands() []*command {
	cs := []*command{cmdCache(), cmdConvert(), cmdDeploy(), cmdErrmap(), cmdEvolve(), cmdGen(), cmdHw(), cmdMerge(), cmdPlot(), cmdSelect(), cmdSim(), cmdValidate(), cmdVerify(), cmdVersion()}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 2 {
			fmt.Fprintf(stderr, "axmul help: want at most one command, have %q\nusage: axmul help [command]\n", args[1:])
			return exitUsage
		}
		if len(args) > 1 && args[1] == "help" {
			fmt.Fprintf(stdout, "usage: axmul help [command]\n\nHelp lists the commands, or explains the named one: its usage line, what it\ndoes and its flags. 'axmul COMMAND -h' does the same.\n")
			return exitOK
		}
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
					c.setup(fs)
					printCommandHelp(stdout, c, fs)
					return exitOK
				}
			}
			fmt.Fprintf(stderr, "axmul help: unknown command %q\nRun 'axmul help' for the list of commands.\n", args[1])
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		runFn := c.setup(fs)
		if err := fs.Parse(interleave(fs, args[1:])); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printCommandHelp(stdout, c, fs)
				return exitOK
			}
			fmt.Fprintf(stderr, "axmul %s: %v\nusage: axmul %s %s\nRun 'axmul help %s' for details.\n", c.name, err, c.name, c.usage, c.name)
			return exitUsage
		}
		err := runSafe(ctx, runFn, e, fs.Args())
		if sig, ok := interruptCause(ctx); ok {
			// The command has stopped and removed its temporaries.
			fmt.Fprintf(stderr, "axmul %s: %v\n", c.name, sig)
			return sig.exitCode()
		}
		var ue usageError
		var pe *safego.PanicError
		switch {
		case err == nil:
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "axmul %s: %s\nusage: axmul %s %s\n", c.name, e.errText(err), c.name, c.usage)
			return exitUsage
		case errors.Is(err, errFailed):
			return exitError
		case errors.As(err, &pe):
			// A panic, in the command's goroutine or in a worker whose
			// caller returned it as an error after its cleanup.
			fmt.Fprintf(stderr, "axmul: internal error (a bug in axmul; please report it with this message): %s\n%s", e.errText(err), pe.Stack)
			return exitInternal
		default:
			fmt.Fprintf(stderr, "axmul: %s\n", e.errText(err))
			return exitError
		}
	}
	fmt.Fprintf(stderr, "axmul: unknown command %q\nRun 'axmul help' for usage.\n", name)
	return exitUsage
}

// runSafe runs a command, turning a panic in its goroutine into a
// *safego.PanicError. Workers re-raise their panics in the goroutine that
// waited for them (safego.Repanic), so these arrive here too, with the
// worker's stack.
func runSafe(ctx context.Context, fn func(context.Context, *env, []string) error, e *env, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = safego.FromRecovered(r)
		}
	}()
	return fn(ctx, e, args)
}

// interleave moves flags that follow positional arguments in front of
// them, so that "axmul sim DIR --format json" works like the GNU tools.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if f := fs.Lookup(name); f != nil {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "axmul validates, characterises and selects approximate multipliers.\n\nUsage:\n\n\taxmul <command> [flags] [arguments]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, "\nRun 'axmul help <command>' for details on a command.\n")
}

func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: axmul %s %s\n\n%s\n", c.name, c.usage, strings.TrimSpace(c.long))
	var has bool
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
