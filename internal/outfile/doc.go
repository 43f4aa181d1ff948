// Package outfile creates the output files and folders of axmul so that they
// appear whole or not at all, with the permissions the user's umask asks for,
// and recognisably named temporaries that a later run can clean up.
//
// Conventions:
//   - Files are created with mode 0666 and folders with 0777, minus the
//     process umask (the kernel applies it), like the shell's redirections
//     and mkdir; os.CreateTemp and os.MkdirTemp would give 0600 and 0700.
//   - A temporary beside an output PATH is named ".BASE.tmp-PID-HOST-RANDOM"
//     (TempPrefix(PATH) + PID + "-" + 8 hex digits hashed from the host
//     name + "-" + RANDOM, plus ".old" for a replaced folder being
//     removed), so that RemoveStale can tell the temporaries of a process
//     of this machine that has gone (killed with SIGKILL, a crash, a power
//     loss) from those of a run still going on, here or elsewhere.
//   - Errors name the path the user gave, not the temporary.
package outfile
