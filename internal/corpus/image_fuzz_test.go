package corpus

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// imageFile is an image's head as write lays it out, without the chunks.
func imageFile(h *imageHead) []byte {
	head := h.encode()
	pre := append([]byte(imageMagic), make([]byte, 8)...)
	binary.LittleEndian.PutUint32(pre[len(imageMagic):], uint32(len(head)))
	binary.LittleEndian.PutUint32(pre[len(imageMagic)+4:], crc32.Checksum(head, crcTable))
	return append(pre, head...)
}

// An image's head is read from a file anything may have written: any
// bytes give a head or an error, never a panic, and a head read is the
// one written.
func FuzzImageHead(f *testing.F) {
	h := &imageHead{key: "k", snapSize: 4096, snapSum: 7, snapAt: 1 << 40, probes: imageProbes(), studies: 1<<40 + 8192, n: 3, tables: 1 << 42,
		chunks: []imageChunk{{addr: 1<<40 + 8192, size: 4096, sum: 9}, {addr: 1 << 41, size: 8192, sum: 10, kind: chunkCheck}, {addr: 1 << 42, size: 4096, sum: 11, kind: chunkTables}}}
	f.Add(imageFile(h), "k")
	f.Add(imageFile(&imageHead{key: "other"}), "k")
	f.Add([]byte(imageMagic), "k")
	f.Fuzz(func(t *testing.T, b []byte, key string) {
		got, err := decodeImageHead(bytes.NewReader(b), key)
		if err != nil {
			return
		}
		if got.key != key {
			t.Fatalf("key %q read for %q", got.key, key)
		}
		if again := imageFile(got); !bytes.Equal(again, b[:len(again)]) {
			t.Fatalf("head read from %q is written as %q", b, again)
		}
	})
}
