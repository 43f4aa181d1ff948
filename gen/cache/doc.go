// Package cache is a content-addressed store of characterisation records:
// a library build keys every circuit's record (metrics, hardware estimates
// and the bytes of its error maps and LUTs) by the sha256 of the netlist's
// bytes and of every option that changes the result, so that a rebuild
// simulates only what changed.
//
// # Layout and safety
//
// A cache is a folder; entry k lives in one file v1/<k[0:2]>/<k>.entry:
//
//	"AXMULCACHE1\n"
//	header JSON, one line: {"meta": <caller's JSON>, "files": [{"name", "size"}]}
//	the files' bytes in header order
//	sha256 of everything above (32 bytes)
//
// Entries are written to a temporary file in the same folder and renamed
// into place, so several processes may fill one cache at once without
// locks: a reader sees a whole entry or none, and two writers of the same
// key write the same bytes. A truncated or altered entry fails its
// checksum; Get reports it (ErrCorrupt) and removes it, and the caller
// recomputes. Get refreshes an entry's modification time, which Prune uses
// to drop the least recently used entries first.
package cache
