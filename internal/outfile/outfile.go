package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// TempPrefix returns the name prefix of the temporaries written beside
// path: "." + base name + ".tmp-".
func TempPrefix(path string) string {
	return "." + filepath.Base(filepath.Clean(path)) + ".tmp-"
}

// tempName returns prefix + PID + "-" + host tag + "-" + a random number.
func tempName(prefix string) string {
	return prefix + strconv.Itoa(os.Getpid()) + "-" + HostTag() + "-" + strconv.FormatUint(rand.Uint64()%1e10, 10)
}

// HostTag returns 8 hex digits of a hash of the host name: a PID is only
// meaningful on the machine (and in the PID namespace, which containers
// usually pair with their own host name) that gave it, so RemoveStale
// judges only temporaries with this machine's tag.
func HostTag() string {
	name, err := os.Hostname()
	if err != nil {
		name = "unknown"
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}

// CreateTemp creates a new file in dir named prefix + PID + "-" + random
// digits, open for reading and writing, with mode 0666 minus the umask.
func CreateTemp(dir, prefix string) (*os.File, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	for try := 0; ; try++ {
		f, err := os.OpenFile(filepath.Join(dir, tempName(prefix)), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, err
	}
}

// MkdirTemp creates a new folder in dir named prefix + PID + "-" + random
// digits, with mode 0777 minus the umask, and returns its path.
func MkdirTemp(dir, prefix string) (string, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	for try := 0; ; try++ {
		p := filepath.Join(dir, tempName(prefix))
		err := os.Mkdir(p, 0o777)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		if err != nil {
			return "", err
		}
		return p, nil
	}
}

// CheckTarget checks that a file can be written at path: its folder exists
// and path is not a folder. The error names path and the flag or field
// that gave it (what, e.g. "-o"), so that a failure is reported before any
// work and in the user's words.
func CheckTarget(what, path string) error {
	if path == "" {
		return fmt.Errorf("%s: empty path", what)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s %s: is a folder, want a file name", what, path)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: folder %s does not exist", what, path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", what, path, unwrapPath(err))
	case !st.IsDir():
		return fmt.Errorf("%s %s: %s is not a folder", what, path, dir)
	}
	return nil
}

// WriteAtomic writes path through a temporary file in the same folder
// (CreateTemp, so mode 0666 minus the umask) that is renamed over path only
// when write and closing succeeded; on failure the temporary is removed and
// path is untouched. Errors name path, never the temporary.
func WriteAtomic(path string, write func(w io.Writer) error) (err error) {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a folder, want a file name")}
	}
	f, err := CreateTemp(filepath.Dir(path), TempPrefix(path))
	if err != nil {
		return &fs.PathError{Op: "create", Path: path, Err: unwrapPath(err)}
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrapPath(err)}
	}
	if err = bw.Flush(); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrapPath(err)}
	}
	if err = f.Close(); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrapPath(err)}
	}
	if err = os.Rename(tmp, path); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: unwrapPath(err)}
	}
	return nil
}

// unwrapPath drops the path of a *fs.PathError or *os.LinkError (the
// temporary's name), keeping the cause.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// RemoveStale removes the entries of dir named prefix + PID + "-" + host
// tag + "-" + digits (CreateTemp's and MkdirTemp's names, and with withOld
// the ".old" folders derived from them) that this machine made and whose
// process PID no longer runs, and returns their paths. The temporaries of
// running processes, this one included, and of other machines (a shared
// or network folder, another container) are kept, as is anything whose
// name does not follow the pattern. A missing dir is not an error.
func RemoveStale(dir, prefix string, withOld bool) ([]string, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	host := HostTag()
	for _, e := range entries {
		pid, tag, ok := tempPID(e.Name(), prefix)
		if !ok || tag != host || (!withOld && strings.HasSuffix(e.Name(), ".old")) || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}

// tempPID parses the PID and host tag of a temporary's name, prefix +
// PID + "-" + tag + "-" + digits (+ ".old").
func tempPID(name, prefix string) (pid int, tag string, ok bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return 0, "", false
	}
	parts := strings.Split(strings.TrimSuffix(rest, ".old"), "-")
	if len(parts) != 3 {
		return 0, "", false
	}
	pidText, tag, tail := parts[0], parts[1], parts[2]
	if len(tag) != 8 || strings.Trim(tag, "0123456789abcdef") != "" {
		return 0, "", false
	}
	if tail == "" || strings.Trim(tail, "0123456789") != "" {
		return 0, "", false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 || strconv.Itoa(pid) != pidText {
		return 0, "", false
	}
	return pid, tag, true
}
