// Package regfile opens input files only when they are regular files, so
// that a named pipe, a device or a socket given where data is expected is an
// error instead of a read that blocks forever or never ends.
//
// Open checks the path with os.Stat before opening it (opening a FIFO for
// reading blocks until a writer appears) and checks the opened file again
// with Stat, so a file swapped in between is caught as well.
package regfile
