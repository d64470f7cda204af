//go:build linux

package corpus

import (
	"encoding/binary"
	"os"
	"syscall"
	"unsafe"
)

// inodes maps the names in dir to their inode numbers, as the folder
// lists them (getdents64: no stat, so no read of any file's inode); nil
// when it cannot be read. The names point into the buffers read.
func inodes(dir string) map[string]uint64 {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	m := map[string]uint64{}
	for {
		buf := make([]byte, 1<<20) // kept: the map's names point into it
		n, err := syscall.Getdents(int(f.Fd()), buf)
		if err != nil {
			return nil
		}
		if n <= 0 {
			return m
		}
		if !parseDirents(buf[:n], m) {
			return nil
		}
	}
}

// parseDirents adds the entries of a getdents64 buffer to m: struct
// linux_dirent64 is an 8-byte inode number, an 8-byte offset, a 2-byte
// record length, a 1-byte type and the name, ended by a zero byte.
func parseDirents(buf []byte, m map[string]uint64) bool {
	const nameAt = 19
	for len(buf) > 0 {
		if len(buf) < nameAt {
			return false
		}
		reclen := int(binary.NativeEndian.Uint16(buf[16:]))
		if reclen < nameAt || reclen > len(buf) {
			return false
		}
		ino, name := binary.NativeEndian.Uint64(buf), buf[nameAt:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if len(name) > 0 {
			m[unsafe.String(unsafe.SliceData(name), len(name))] = ino
		}
		buf = buf[reclen:]
	}
	return true
}
