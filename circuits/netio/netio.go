package netio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/aiger"
	"github.com/axmul/axmul/circuits/blif"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/circuits/yosysjson"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/internal/regfile"
)

// Options control how a netlist file is read; each front-end uses the
// fields that apply to it.
type Options struct {
	// Top names the top module (Verilog) or model (BLIF); empty: the
	// format's default (the module nobody instantiates, the first model).
	Top string
	// Cells resolves library cells the netlist instantiates but does not
	// define (Verilog instances, BLIF .gate and .subckt). May be nil.
	Cells verilog.CellResolver
	// Verbose, when set, receives notes (compatibility rewrites, skipped
	// directives and properties).
	Verbose func(msg string)
	// Reader, when set, parses Verilog files keeping its working memory
	// for the next file (one per goroutine); nil uses verilog.ParseFile.
	Reader *verilog.Reader
	// KeepBits leaves bit-blasted ports as the file names them instead of
	// regrouping them (GroupBits): the multiplier loader (gen.Load) does
	// that itself with circuits.AssignRoles, which reports what it
	// regrouped and keeps the source's port names for messages.
	KeepBits bool
	// Defines and IncludeDirs are given to the Verilog preprocessor
	// (verilog.Options).
	Defines     map[string]string
	IncludeDirs []string
}

// Format is one netlist format.
type Format struct {
	// Name is a short lower-case name ("verilog", "blif", "aiger").
	Name string
	// Exts are the file extensions, with the dot, in lower case.
	Exts []string
	// Parse reads src, the contents of the file called name.
	Parse func(name string, src []byte, opts Options) (*circuits.Netlist, error)
	// Write writes a netlist in this format for the extension ext; nil
	// when the format cannot be written.
	Write func(w io.Writer, n *circuits.Netlist, ext string) error
	// Probe, when set, tells List whether a file with this extension
	// really holds a netlist of the format (a .json file may be anything);
	// files it rejects are skipped with a note. Nil accepts every file.
	Probe func(path string) (bool, error)
}

// formats is the table of known formats. To add one, add an entry here;
// the table is not changed after initialisation.
var formats = []Format{
	{
		Name: "verilog",
		Exts: []string{".v", ".sv"},
		Parse: func(name string, src []byte, o Options) (*circuits.Netlist, error) {
			return verilog.Parse(name, src, verilog.Options{Top: o.Top, Cells: o.Cells, Verbose: o.Verbose, Defines: o.Defines, IncludeDirs: o.IncludeDirs})
		},
		Write: func(w io.Writer, n *circuits.Netlist, _ string) error { return verilog.Write(w, n) },
	},
	{
		Name: "blif",
		Exts: []string{".blif"},
		Parse: func(name string, src []byte, o Options) (*circuits.Netlist, error) {
			return blif.Parse(name, src, blif.Options{Top: o.Top, Cells: o.Cells, Verbose: o.Verbose})
		},
		Write: func(w io.Writer, n *circuits.Netlist, _ string) error { return blif.Write(w, n) },
	},
	{
		Name: "aiger",
		Exts: []string{".aag", ".aig"},
		Parse: func(name string, src []byte, o Options) (*circuits.Netlist, error) {
			return aiger.Parse(name, src, aiger.Options{Verbose: o.Verbose})
		},
		Write: func(w io.Writer, n *circuits.Netlist, ext string) error {
			if ext == ".aag" {
				return aiger.WriteASCII(w, n)
			}
			return aiger.Write(w, n)
		},
	},
	{
		Name: "yosys-json",
		Exts: []string{".json"},
		Parse: func(name string, src []byte, o Options) (*circuits.Netlist, error) {
			return yosysjson.Parse(name, src, yosysjson.Options{Top: o.Top, Cells: o.Cells, Verbose: o.Verbose})
		},
		// A .json file may be anything (a manifest, an index): List keeps
		// only Yosys netlists.
		Probe: yosysjson.Probe,
	},
}

// Formats returns the known formats.
func Formats() []Format { return append([]Format(nil), formats...) }

// Extensions returns every known netlist extension, sorted.
func Extensions() []string {
	var exts []string
	for _, f := range formats {
		exts = append(exts, f.Exts...)
	}
	sort.Strings(exts)
	return exts
}

// ErrUnknownFormat is wrapped by the errors of Open and WriteFile for a
// file whose extension names no known format.
var ErrUnknownFormat = errors.New("unknown netlist format")

// FormatOf returns the format of path by its extension (case-insensitive).
func FormatOf(path string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		for _, e := range f.Exts {
			if e == ext {
				return f, true
			}
		}
	}
	return Format{}, false
}

// IsNetlist reports whether path has the extension of a known format.
func IsNetlist(path string) bool {
	_, ok := FormatOf(path)
	return ok
}

// Open reads the netlist file at path in the format its extension names,
// then regroups bit-blasted one-bit ports (see the package comment). A file
// whose extension names no format is read as Verilog, axmul's historical
// default; its errors then say so.
func Open(path string, opts Options) (*circuits.Netlist, error) {
	f, ok := FormatOf(path)
	if !ok {
		f = formats[0]
	}
	var n *circuits.Netlist
	var err error
	if f.Name == "verilog" {
		vo := verilog.Options{Top: opts.Top, Cells: opts.Cells, Verbose: opts.Verbose, Defines: opts.Defines, IncludeDirs: opts.IncludeDirs}
		if opts.Reader != nil {
			n, err = opts.Reader.ParseFile(path, vo)
		} else {
			n, err = verilog.ParseFile(path, vo)
		}
	} else {
		var src []byte
		// A FIFO is refused, not waited on.
		if src, err = regfile.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		n, err = f.Parse(path, src, opts)
	}
	if err != nil {
		if !ok && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, regfile.ErrNotRegular) {
			return nil, fmt.Errorf("%w\n(%s was read as Verilog: its extension %q names no known format; known: %s)", err, path, filepath.Ext(path), strings.Join(Extensions(), " "))
		}
		return nil, err
	}
	if opts.KeepBits {
		return n, nil
	}
	return GroupBits(n), nil
}

// List returns the netlist files below dir (recursively, skipping folders
// whose name starts with a dot), sorted by path. Files that a format's
// Probe rejects are left out, with a message to note when it is not nil.
func List(dir string, note func(msg string)) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		f, ok := FormatOf(p)
		if !ok {
			return nil
		}
		if f.Probe != nil {
			is, err := f.Probe(p)
			if err != nil {
				return err
			}
			if !is {
				if note != nil {
					note(fmt.Sprintf("%s: skipped: not a %s netlist", p, f.Name))
				}
				return nil
			}
		}
		found = append(found, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(found)
	return found, nil
}

// Write writes n to w in the format of the extension ext (".v", ".blif",
// ".aag", ".aig").
func Write(w io.Writer, n *circuits.Netlist, ext string) error {
	ext = strings.ToLower(ext)
	f, ok := FormatOf("x" + ext)
	if !ok || f.Write == nil {
		return fmt.Errorf("%w: cannot write %q (writable: .v .blif .aag .aig)", ErrUnknownFormat, ext)
	}
	return f.Write(w, n, ext)
}

// WriteFile writes n to path in the format its extension names, through a
// temporary file in the same folder renamed into place, so that a failed
// write leaves no partial file. The file gets mode 0666 minus the umask.
func WriteFile(path string, n *circuits.Netlist) error {
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := FormatOf(path); !ok || f.Write == nil {
		return fmt.Errorf("%s: %w: cannot write %q (writable: .v .blif .aag .aig)", path, ErrUnknownFormat, ext)
	}
	// outfile.WriteAtomic: a temporary renamed over path, mode 0666 minus
	// the umask, errors naming path rather than the temporary.
	return outfile.WriteAtomic(path, func(w io.Writer) error {
		if err := Write(w, n, ext); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	})
}
