// Package cache is a content-addressed store of characterisation records:
// a library build keys every circuit's record (metrics, hardware estimates
// and its error maps and LUTs) by the sha256 of the netlist's bytes and of
// every option that changes the result, so that a rebuild simulates only
// what changed.
//
// # Layout and safety
//
// A cache is a folder with two kinds of file under v2/:
//
//	blobs/<h[0:2]>/<h>            a file's bytes, named by their sha256 h
//	entries/<k[0:2]>/<k>.entry    a record: "AXMULCACHE2\n", one JSON line
//	                              {"meta": ..., "files": [{"name", "sha256",
//	                              "size"}]}, then the sha256 of both (32 bytes)
//
// Blobs are stored before the entry that names them, each written to a
// temporary file (or hard-linked from the caller's file) and renamed into
// place, so several processes may fill one cache at once without locks: a
// reader sees a whole entry or none, and two writers of the same key write
// the same bytes. Reading a record checks the entry's checksum and every
// blob's sha256; a truncated or altered record is reported (ErrCorrupt),
// removed, and the caller recomputes it. Files are handed out by hard link
// where the file system allows (a cache hit then costs a hash, not a copy)
// and copied elsewhere. Get refreshes an entry's modification time, which
// Prune uses to drop the least recently used records first; blobs that no
// entry names are removed with them.
package cache
