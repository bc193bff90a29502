package replies

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

//go:embed templates/*.txt
var embedded embed.FS

// replyFile is the template of the whole reply; its data is replyData.
const replyFile = "reply.txt"

// itemFiles maps each kind to the template of one request; its data is
// an Item.
var itemFiles = map[Kind]string{
	KindApplied:  "applied.txt",
	KindRejected: "rejected.txt",
	KindNoop:     "noop.txt",
	KindWaiting:  "waiting.txt",
	KindPending:  "pending.txt",
	KindExpired:  "expired.txt",
	KindReleased: "released.txt",
	KindDeclined: "declined.txt",
	KindConfirm:  "confirm.txt",
}

// replyData is what reply.txt sees: the text of each item, in order, and
// the cause of a reply after the message (approvals.ReplyCause: staff,
// released, expired), "" for the first reply.
type replyData struct {
	Cause string
	Items []string
}

// funcs are the functions the templates may call.
var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"join": strings.Join,
}

// Templates are the parsed reply templates. The zero value is not
// usable; use LoadTemplates.
type Templates struct {
	reply *template.Template
	items map[Kind]*template.Template
}

// LoadTemplates parses the reply templates: each file of dir when dir is
// not "" and holds it, the embedded one otherwise. Each is then run on
// sample data, so that a template naming a field that does not exist
// fails here and not when a reply is due. The error names the file.
func LoadTemplates(dir string) (*Templates, error) {
	t := &Templates{items: map[Kind]*template.Template{}}
	var err error
	if t.reply, err = load(dir, replyFile, replyData{Cause: "staff", Items: []string{"one", "two"}}); err != nil {
		return nil, err
	}
	for k, name := range itemFiles {
		if t.items[k], err = load(dir, name, sampleItem(k)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// load reads, parses and trial-runs one template file.
func load(dir, name string, sample any) (*template.Template, error) {
	text, path, err := read(dir, name)
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("reply template %s: %w", path, err)
	}
	if err := tmpl.Execute(&bytes.Buffer{}, sample); err != nil {
		return nil, fmt.Errorf("reply template %s: %w", path, err)
	}
	return tmpl, nil
}

// read returns the text of the template name and where it came from.
func read(dir, name string) ([]byte, string, error) {
	if dir != "" {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err == nil {
			return b, path, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("reply template %s: %w", path, err)
		}
	}
	b, err := embedded.ReadFile("templates/" + name)
	if err != nil {
		return nil, "", fmt.Errorf("embedded reply template %s: %w", name, err)
	}
	return b, "embedded " + name, nil
}

// sampleItem returns an Item of kind k with every field set.
func sampleItem(k Kind) Item {
	return Item{Kind: k, Action: "add", Partner: "Partner", Property: "Property", Reason: "reason",
		WhoMay: WhoMay, Doors: []string{"door-1"}, Deadline: time.Unix(0, 0).UTC().String(),
		Restatement: "add Partner to Property", Code: "ABCD2345", Expires: time.Unix(0, 0).UTC().String()}
}

// render returns the text of the reply listing items, for cause ("" for
// the first reply).
func (t *Templates) render(cause string, items []Item) (string, error) {
	var texts []string
	for _, it := range items {
		var b bytes.Buffer
		if err := t.items[it.Kind].Execute(&b, it); err != nil {
			return "", fmt.Errorf("render %s item: %w", it.Kind, err)
		}
		texts = append(texts, strings.TrimRight(b.String(), "\n"))
	}
	var b bytes.Buffer
	if err := t.reply.Execute(&b, replyData{Cause: cause, Items: texts}); err != nil {
		return "", fmt.Errorf("render reply: %w", err)
	}
	return b.String(), nil
}
