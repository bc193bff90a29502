package enmime

// Tests of intake's patch (see PATCHES.md): boundaryReader.Read with the
// bulk copy of plainRun must do exactly what the byte-at-a-time loop does,
// for whole messages parsed with the options intake uses and for the
// reader driven on its own with every read size.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// withBulkCopy runs fn with bulkCopy set to on.
func withBulkCopy(on bool, fn func()) {
	defer func(was bool) { bulkCopy = was }(bulkCopy)
	bulkCopy = on
	fn()
}

// parsers are the default parser and intake's two (parser/parse.go and
// parser/fastpath.go), with character detection off: upstream's detection
// breaks ties between charsets of equal confidence differently from one
// parse to the next (FuzzBulkCopy found one, kept in testdata/fuzz), and it
// reads only the bytes the reader delivered, which readAll compares.
var parsers = func() map[string]*Parser {
	intake := []Option{
		DisableCharacterDetection(true),
		SetReadPartErrorPolicy(AllowCorruptTextPartErrorPolicy),
		MaxStoredPartErrors(10),
		MultipartWOBoundaryAsSinglePart(true),
		StripMediaTypeInvalidCharacters(true),
		SkipMalformedParts(true),
		DisableTextConversion(true),
	}
	return map[string]*Parser{
		"default": NewParser(DisableCharacterDetection(true)),
		"intake":  NewParser(intake...),
		"raw":     NewParser(append(intake, RawContent(true))...),
	}
}()

// readers hand a message to the parser whole, in halves of each read, a
// byte at a time, and with an error after the last byte, so that the
// bufio.Reader under boundaryReader holds every amount of data.
var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"half", iotest.HalfReader},
	{"byte", iotest.OneByteReader},
	{"error", func(r io.Reader) io.Reader { return &failAtEnd{r: r} }},
}

// failAtEnd returns a non-EOF error where r ends.
type failAtEnd struct{ r io.Reader }

func (f *failAtEnd) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// parseBoth parses raw with bulk copy on and off and reports how the
// results differ, or "" when they do not.
func parseBoth(p *Parser, raw []byte, wrap func(io.Reader) io.Reader) string {
	type result struct {
		env *Envelope
		err string
	}
	parse := func() (r result) {
		env, err := p.ReadEnvelope(wrap(bytes.NewReader(raw)))
		r.env = env
		if env != nil {
			comparable(env)
		}
		if err != nil {
			r.err = err.Error()
		}
		return r
	}
	var fast, slow result
	withBulkCopy(true, func() { fast = parse() })
	withBulkCopy(false, func() { slow = parse() })
	switch {
	case fast.err != slow.err:
		return fmt.Sprintf("error %q, byte at a time %q", fast.err, slow.err)
	case !reflect.DeepEqual(fast.env, slow.env):
		return fmt.Sprintf("envelope differs:\n%s\nbyte at a time:\n%s", dumpEnvelope(fast.env), dumpEnvelope(slow.env))
	}
	return ""
}

// comparable makes two parses of one message comparable with
// reflect.DeepEqual. It clears the parser of every part: ReadEnvelope has
// a value receiver, so each parse has a parser of its own, with a func
// field that DeepEqual never finds equal. And it sorts the errors of every
// part: upstream reports the malformed parameters of a header in map
// order, which differs from one parse to the next.
func comparable(env *Envelope) {
	byText := func(a, b *Error) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(env.Errors, byText)
	var walk func(p *Part)
	walk = func(p *Part) {
		for ; p != nil; p = p.NextSibling {
			p.parser = nil
			slices.SortFunc(p.Errors, byText)
			walk(p.FirstChild)
		}
	}
	walk(env.Root)
}

// dumpEnvelope describes env's tree for a failure message.
func dumpEnvelope(env *Envelope) string {
	if env == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "errors %v text %q html %q\n", env.Errors, env.Text, env.HTML)
	var walk func(p *Part, depth int)
	walk = func(p *Part, depth int) {
		for ; p != nil; p = p.NextSibling {
			fmt.Fprintf(&b, "%s%s %s errors %v content %q epilogue %q\n",
				strings.Repeat("  ", depth), p.PartID, p.ContentType, p.Errors, p.Content, p.Epilogue)
			walk(p.FirstChild, depth+1)
		}
	}
	walk(env.Root, 0)
	return b.String()
}

// craftedMessages are multipart messages made to reach every branch of
// Read: a boundary prefix in the first bytes of a part or mid-line in its
// first read (where Read finds it), boundary prefixes near the end of the 4096-byte buffer,
// bare LF and bare CR line breaks, long lines, blank lines before a
// boundary, a boundary that is a prefix of another, a boundary of dashes,
// nested parts, and missing or unterminated closing boundaries.
func craftedMessages() map[string]string {
	head := craftedHead
	fill := strings.Repeat("x", 4096-40)
	long := strings.Repeat("long line without a break ", 400)
	return map[string]string{
		"plain": head(`multipart/alternative; boundary="b"`) +
			"--b\r\nContent-Type: text/plain\r\n\r\nHello.\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Hello.</p>\r\n--b--\r\n",
		"prefix mid-line at part start": head(`multipart/mixed; boundary="b"`) +
			"--b\r\nContent-Type: text/plain\r\n\r\nxx--b yy and more\r\n--b--\r\n",
		"prefix in a part's first bytes": head(`multipart/mixed; boundary="b"`) +
			"--b\r\nxx--b yy\r\n--b\r\nabc--b--\r\n--b--\r\n",
		"terminator mid-line at part start": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\nabc--b--def\r\n--b--\r\n",
		"prefix after the first fill": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\n" + fill + "xx--b yy\r\n--b--\r\n",
		"prefix across the first fill": head(`multipart/mixed; boundary="bound"`) +
			"--bound\r\n\r\n" + strings.Repeat("y", 4090) + "--bound zz\r\n--bound--\r\n",
		"lf only": strings.ReplaceAll(head(`multipart/mixed; boundary="b"`)+
			"--b\r\nContent-Type: text/plain\r\n\r\none\r\ntwo\r\n--b\r\n\r\nthree\r\n--b--\r\nepilogue\r\n", "\r\n", "\n"),
		"cr only": strings.ReplaceAll(head(`multipart/mixed; boundary="b"`)+
			"--b\r\n\r\none\r\n--b--\r\n", "\r\n", "\r"),
		"blank lines before boundary": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\ntext\r\n\r\n\r\n--b\r\n\n\r\n\r--b\r\n\r\n--b--\r\n",
		"long lines": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\n" + long + "\r\n" + long + "--b\r\n--b--\r\n",
		"boundary prefix of another": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\none\r\n--bb\r\nstill one\r\n--b-\r\n--b\r\n\r\ntwo\r\n--b--\r\n",
		"dash boundary": head(`multipart/mixed; boundary="-"`) +
			"---\r\n\r\n-----\r\n- - -\r\n---\r\n\r\ntwo\r\n-----\r\n",
		"nested": head(`multipart/mixed; boundary="outer"`) +
			"--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n--inner\r\n\r\nin one\r\n--inner\r\n\r\nin two --outer x\r\n--inner--\r\n--outer\r\n\r\nout two\r\n--outer--\r\n",
		"no closing boundary": head(`multipart/mixed; boundary="b"`) +
			"--b\r\n\r\ntext that runs to the end",
		"no boundary at all":      head(`multipart/mixed; boundary="b"`) + "just text\r\n",
		"closing boundary at end": head(`multipart/mixed; boundary="b"`) + "--b\r\n\r\ntext\r\n--b--",
		"boundary with trailing space": head(`multipart/mixed; boundary="b"`) +
			"--b \t\r\n\r\ntext\r\n--b \r\n\r\nmore\r\n--b-- \r\n",
		"empty parts": head(`multipart/mixed; boundary="b"`) + "--b\r\n--b\r\n\r\n--b--\r\n",
		"base64 attachment": head(`multipart/mixed; boundary="b"`) +
			"--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			strings.Repeat("JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+\r\n", 200) + "--b--\r\n",
	}
}

// craftedHead is the header of a crafted message of content type ct.
func craftedHead(ct string) string {
	return "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: " + ct + "\r\n\r\n"
}

// messageFiles returns intake's own test messages and, when the
// INTAKE_CORPUS environment variable names them, the public MIME corpora
// (read in place, never copied into the repository).
func messageFiles(t testing.TB) []string {
	var files []string
	dirs := []string{"../../testdata"}
	if corpus := os.Getenv("INTAKE_CORPUS"); corpus != "" {
		dirs = append(dirs, corpus)
	} else if os.Getenv("CI") == "true" {
		t.Fatal("INTAKE_CORPUS is not set: the public MIME corpus is not read (.ci/run sets it)")
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch filepath.Ext(path) {
			case ".eml", ".raw", ".msg", ".txt", ".mime", ".mbox":
				files = append(files, path)
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
	return files
}

func TestBulkCopyParsesAsByteAtATime(t *testing.T) {
	cases := craftedMessages()
	files := messageFiles(t)
	if len(files) == 0 {
		t.Fatal("no test messages under ../../testdata")
	}
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases[path] = string(raw)
	}
	for name, raw := range cases {
		for pname, p := range parsers {
			for _, r := range readers {
				if diff := parseBoth(p, []byte(raw), r.wrap); diff != "" {
					t.Errorf("%s, %s parser, %s reader: %s", name, pname, r.name, diff)
				}
			}
		}
	}
}

// readAll drives a boundaryReader over input as parseParts does, reading
// each part with reads of size bytes, and returns everything it saw.
func readAll(input, boundary string, size int, wrap func(io.Reader) io.Reader) string {
	var out strings.Builder
	br := newBoundaryReader(bufio.NewReader(wrap(strings.NewReader(input))), boundary)
	buf := make([]byte, size)
	for i := 0; i < 100; i++ {
		next, err := br.Next()
		fmt.Fprintf(&out, "next %v %v\n", next, err)
		if !next || err != nil {
			break
		}
		for j := 0; j < 10000; j++ {
			n, err := br.Read(buf)
			fmt.Fprintf(&out, "read %q %v\n", buf[:n], err)
			if err != nil {
				break
			}
		}
	}
	fmt.Fprintf(&out, "unbounded %v parts %d\n", br.unbounded, br.partsRead)
	return out.String()
}

func TestBulkCopyReadsAsByteAtATime(t *testing.T) {
	for name, raw := range craftedMessages() {
		_, body, _ := strings.Cut(raw, "\r\n\r\n")
		if !strings.Contains(raw, "\r\n\r\n") {
			_, body, _ = strings.Cut(raw, "\n\n")
		}
		for _, boundary := range []string{"b", "bound", "-", "outer", "inner"} {
			for _, size := range []int{1, 2, 3, 4, 5, 6, 7, 8, 64, 4096, 32 << 10} {
				for _, r := range readers {
					var fast, slow string
					withBulkCopy(true, func() { fast = readAll(body, boundary, size, r.wrap) })
					withBulkCopy(false, func() { slow = readAll(body, boundary, size, r.wrap) })
					if fast != slow {
						t.Errorf("%s, boundary %q, reads of %d, %s reader:\n%s\nbyte at a time:\n%s",
							name, boundary, size, r.name, fast, slow)
					}
				}
			}
		}
	}
}

// FuzzBulkCopy compares whole parses and the reader on its own, with
// bulk copy on and off, on any input.
//
//	go test -run '^$' -fuzz '^FuzzBulkCopy$'
func FuzzBulkCopy(f *testing.F) {
	for _, raw := range craftedMessages() {
		f.Add([]byte(raw), "b", uint16(4096), uint8(0))
	}
	for i, path := range messageFiles(f) {
		if raw, err := os.ReadFile(path); err == nil && len(raw) < 64<<10 {
			f.Add(raw, "b", uint16(1+i%100), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, boundary string, size uint16, mode uint8) {
		r := readers[int(mode)%len(readers)]
		for pname, p := range parsers {
			if diff := parseBoth(p, raw, r.wrap); diff != "" {
				t.Fatalf("%s parser, %s reader: %s", pname, r.name, diff)
			}
		}
		if boundary == "" || strings.ContainsAny(boundary, "\r\n") {
			return
		}
		var fast, slow string
		withBulkCopy(true, func() { fast = readAll(string(raw), boundary, 1+int(size), r.wrap) })
		withBulkCopy(false, func() { slow = readAll(string(raw), boundary, 1+int(size), r.wrap) })
		if fast != slow {
			t.Fatalf("reader differs:\n%s\nbyte at a time:\n%s", fast, slow)
		}
	})
}

// BenchmarkBulkCopy parses about 1 MB of text with bulk copy on and off:
// ordinary lines, where it pays, and text where it must cost about
// nothing: parts dense with line breaks (it leaves one-byte runs to the
// loop, and finds a line break in time proportional to its distance), and
// parts that start with a line full of boundary prefixes, where the loop
// looks ahead from every byte.
//
//	go test -run '^$' -bench '^BenchmarkBulkCopy$'
func BenchmarkBulkCopy(b *testing.B) {
	part := func(body string) string { return "--b\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n" }
	lines := func(unit string) string { return part(strings.Repeat(unit, (1<<20)/len(unit))) }
	inputs := []struct{ name, parts string }{
		{"lines", lines(strings.Repeat("word ", 14) + "\r\n")},
		{"cr", lines("\r")},
		{"x-cr", lines("x\r")},
		{"xx-cr", lines("xx\r")},
		{"x-lf", lines("x\n")},
		{"prefixes", strings.Repeat("--b\r\n"+strings.Repeat("--bX", 1000)+"\r\n", 256)},
	}
	for _, in := range inputs {
		raw := []byte(craftedHead(`multipart/mixed; boundary="b"`) + in.parts + "--b--\r\n")
		for _, on := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/bulk=%v", in.name, on), func(b *testing.B) {
				b.SetBytes(int64(len(raw)))
				withBulkCopy(on, func() {
					for i := 0; i < b.N; i++ {
						if _, err := parsers["raw"].ReadEnvelope(bytes.NewReader(raw)); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}
