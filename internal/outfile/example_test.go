package outfile_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/internal/outfile"
)

// WriteAtomic writes through a temporary beside the target: the target
// appears whole or not at all, and nothing else is left in the folder.
func ExampleWriteAtomic() {
	dir, err := os.MkdirTemp("", "outfile-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "result.json")
	err = outfile.WriteAtomic(out, func(w io.Writer) error {
		_, err := io.WriteString(w, "{\"ok\": true}\n")
		return err
	})
	fmt.Println(err)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	err = outfile.WriteAtomic(filepath.Join(dir, "missing", "r.json"), func(io.Writer) error { return nil })
	fmt.Println(err != nil)
	// Output:
	// <nil>
	// result.json
	// true
}
