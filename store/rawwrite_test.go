package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteContent checks that writeContent stores exactly raw, at every
// size around the block boundaries and from aligned and unaligned memory,
// and that on Linux, where the test directory accepts O_DIRECT, the
// whole blocks of an aligned buffer go direct.
func TestWriteContent(t *testing.T) {
	dir := t.TempDir()
	buf := make([]byte, 1<<20+2*directBlock) // large: page-aligned
	for i := range buf {
		buf[i] = byte(i*31 + i>>12)
	}
	direct := directSupported(t, dir)
	for _, size := range []int{0, 1, directBlock - 1, directBlock, directBlock + 1, 3*directBlock + 17, 1 << 20} {
		for _, offset := range []int{0, 1} {
			raw := buf[offset : offset+size]
			name := filepath.Join(dir, "f")
			file, err := os.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeContent(file, raw); err != nil {
				t.Fatalf("size %d offset %d: %v", size, offset, err)
			}
			file.Close()
			got, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, raw) {
				t.Errorf("size %d offset %d: the file holds %d bytes that differ from the %d written", size, offset, len(got), len(raw))
			}
			os.Remove(name)
		}
	}
	if !direct {
		t.Logf("NOTE: %s refuses O_DIRECT: only the buffered path was tested", dir)
		return
	}
	name := filepath.Join(dir, "g")
	if err := os.WriteFile(name, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if n := writeDirect(name, buf[:3*directBlock+5]); n != 3*directBlock {
		t.Errorf("writeDirect of an aligned buffer wrote %d bytes direct, want %d", n, 3*directBlock)
	}
	if n := writeDirect(name, buf[1:3*directBlock+5]); n != 0 {
		t.Errorf("writeDirect of an unaligned buffer wrote %d bytes direct, want 0", n)
	}
}
