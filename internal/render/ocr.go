package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
)

// OCR reads the text of a PNG image with tesseract's English model and
// automatic page segmentation, one tesseract process per call and one
// thread per process (callers run several in parallel). It returns the
// text as tesseract prints it, or an error naming tesseract's output when
// the process fails or tesseract is not installed.
func OCR(ctx context.Context, png []byte) (string, error) {
	bin := TesseractPath()
	if bin == "" {
		return "", fmt.Errorf("ocr: tesseract not found")
	}
	cmd := exec.CommandContext(ctx, bin, "stdin", "stdout", "-l", "eng", "--psm", "3")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = bytes.NewReader(png)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("ocr: tesseract: %w: %s", err, bytes.TrimSpace(errb.Bytes()))
	}
	return out.String(), nil
}
