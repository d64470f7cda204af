package corpus

// The corpus fingerprint and the per-file hashes it is made of.

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strconv"
)

// contentHash is the hash of one file's bytes; it is also the file's ETag.
func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// setHash is the fingerprint under construction: the XOR of one SHA-256
// per file (name and content hash). As a set hash it needs no sorting, and
// replacing one file updates it without looking at the others.
type setHash [sha256.Size]byte

func (h *setHash) toggle(rel, hash string) {
	sum := fileSum(rel, hash)
	h.xor(&sum)
}

func (h *setHash) xor(sum *[sha256.Size]byte) {
	for i := range h {
		h[i] ^= sum[i]
	}
}

// fileSum is one file's part of the fingerprint: its name and content hash.
func fileSum(rel, hash string) [sha256.Size]byte {
	var buf [256]byte // on the stack for the usual path and hash
	return sha256.Sum256(append(append(append(buf[:0], rel...), 0), hash...))
}

func (h *setHash) String() string { return hex.EncodeToString(h[:]) }

// fingerprint combines the per-file hashes: studies is the study files'
// part, summed while they were read (on every core), and others the rest.
func (c *Corpus) fingerprint(studies setHash, others []string) string {
	c.fp = studies
	slices.Sort(others)
	for _, rel := range slices.Compact(others) {
		c.fp.toggle(rel, c.files.get(rel))
	}
	return c.fp.String()
}

// StudyHashes are one per study, aligned with Studies, and change whenever
// the study's file does: what the index diffs to find changed studies
// without reading them. Read only.
func (c *Corpus) StudyHashes() []uint64 { return c.hashes }

// hash64 is the first 64 bits of a file's content hash.
func hash64(hexHash string) uint64 {
	if len(hexHash) < 16 {
		return 0
	}
	var v uint64
	var bad byte
	for i := range 16 { // lowercase, as contentHash writes it: a table
		d := lowerHex[hexHash[i]]
		bad |= d
		v = v<<4 | uint64(d&0x0f)
	}
	if bad&0x80 != 0 {
		v, _ = strconv.ParseUint(hexHash[:16], 16, 64)
	}
	return v
}

// ETag is the version tag of a study's file: it changes whenever the file does.
func (c *Corpus) ETag(id string) string {
	return c.files.get(filepath.Join(StudiesDir, id+".toml"))
}
