package store

import (
	"os"
	"syscall"
	"unsafe"
)

// directBlock is the alignment O_DIRECT asks of a write's memory, length
// and file offset: the logical block size, 512 or 4096 bytes on the disks
// intake runs on.
const directBlock = 4096

// writeDirect writes the longest prefix of raw that is a whole number of
// blocks to the start of the file name through a second descriptor opened
// with O_DIRECT, and returns its length: 0 when raw's memory is not
// block-aligned (Go puts a large allocation, like the buffer a message is
// downloaded into, at the start of a page, so it is), when the prefix is
// empty, or when the file system refuses O_DIRECT or the write fails. A
// failed write leaves bytes that the caller overwrites.
func writeDirect(name string, raw []byte) int {
	n := len(raw) &^ (directBlock - 1)
	if n == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%directBlock != 0 {
		return 0
	}
	f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_DIRECT, 0)
	if err != nil {
		return 0
	}
	_, err = f.WriteAt(raw[:n], 0)
	if cerr := f.Close(); err != nil || cerr != nil {
		return 0
	}
	return n
}
