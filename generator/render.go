// Package generator renders a gonew-prod project: it turns a template tree and a set of
// answers into files in memory, plans how they land in a directory, and writes them
// all-or-nothing. It is a library: it parses no flags and touches no global streams.
package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// File is one rendered file.
type File struct {
	Path    string      // slash-separated, relative to the project root
	Mode    fs.FileMode // permission bits
	Content []byte
}

// Request says what to render.
type Request struct {
	// Templates is the template tree: manifest.yaml, versions.yaml and project/.
	Templates fs.FS
	// Overlay, if set, holds templates (named like those below project/) that replace the
	// built-in template of the same name or, when no built-in has that name, add a file
	// at the template's path without ".tmpl". Preset packs provide it.
	Overlay fs.FS
	// Remove lists output paths to leave out.
	Remove []string
	// Data is what templates see.
	Data Data
	// Record describes the generation in the project's .gonew-prod.yaml; nil writes none.
	Record *Record
}

// unrepeatable lists sprig functions whose output depends on time, randomness or the
// machine; they would break byte-identical output, so templates cannot call them.
var unrepeatable = []string{
	"ago", "now", "date", "dateInZone", "date_in_zone", "dateModify", "date_modify",
	"mustDateModify", "must_date_modify", "htmlDate", "htmlDateInZone", "duration",
	"durationRound", "toDate", "mustToDate", "unixEpoch",
	"randInt", "randAlpha", "randAlphaNum", "randAscii", "randNumeric", "randBytes",
	"shuffle", "uuidv4", "bcrypt", "htpasswd", "derivePassword",
	"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES",
	"env", "expandenv", "getHostByName",
}

// FuncMap returns the functions templates may call: sprig's hermetic set without any
// function whose output is not a pure function of its arguments.
func FuncMap() template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for _, name := range unrepeatable {
		delete(fm, name)
	}
	return fm
}

// Render renders every file the manifest selects for req.Data, sorted by path. Go files
// are formatted and their imports fixed; a Go file that does not parse is an error naming
// its template.
func Render(req Request) ([]File, error) {
	m, err := ReadManifest(req.Templates)
	if err != nil {
		return nil, err
	}
	entries, err := withOverlay(m.Files, req.Overlay)
	if err != nil {
		return nil, err
	}
	// Checking the function map is costly, so it is done once and cloned per template.
	base := template.New("").Funcs(FuncMap()).Option("missingkey=error")
	var files []File
	seen := map[string]string{}
	removed := map[string]bool{}
	var templateOf []string // templateOf[i] names the template of files[i]
	for _, r := range req.Remove {
		removed[r] = false
	}
	for _, e := range entries {
		if !e.When.Holds(req.Data) {
			continue
		}
		src, name := req.Templates, TemplateDir+"/"+e.TemplateName()
		if e.overlay {
			src, name = req.Overlay, e.TemplateName()
		}
		out, err := execute(base, "path of "+name, e.Path, req.Data)
		if err != nil {
			return nil, err
		}
		p := string(out)
		if _, ok := removed[p]; ok {
			removed[p] = true
			continue
		}
		if !fs.ValidPath(p) || p == "." || strings.Contains(p, "\\") {
			return nil, fmt.Errorf("render %s: output path %q is not a clean relative path", name, p)
		}
		if prev, dup := seen[p]; dup {
			return nil, fmt.Errorf("render %s: output path %s is also rendered from %s", name, p, prev)
		}
		seen[p] = name
		text, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", p, err)
		}
		content, err := execute(base, name, string(text), req.Data)
		if err != nil {
			return nil, err
		}
		mode, _ := e.FileMode() // checked by ReadManifest
		files = append(files, File{Path: p, Mode: mode, Content: content})
		templateOf = append(templateOf, name)
	}
	if err := formatAll(files, templateOf); err != nil {
		return nil, err
	}
	for _, r := range req.Remove {
		if !removed[r] && !slices.ContainsFunc(m.Files, func(e Entry) bool { return e.Path == r }) {
			return nil, fmt.Errorf("remove %s: no built-in file has that path", r)
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	if req.Record != nil {
		rec, err := req.Record.File(files)
		if err != nil {
			return nil, err
		}
		files = append(files, rec)
		slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	}
	return files, nil
}

// formatAll formats the Go files among files in place, on every CPU: parsing and
// printing Go is most of the time a render takes. Errors are reported in file order, so
// the result does not depend on scheduling.
func formatAll(files []File, templateOf []string) error {
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				files[i].Content, errs[i] = formatGo(templateOf[i], files[i].Content)
			}
		})
	}
	for i, f := range files {
		if path.Ext(f.Path) == ".go" {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return errors.Join(slices.DeleteFunc(errs, func(err error) bool { return err == nil })...)
}

// execute parses text as template name in a clone of base and executes it with data.
func execute(base *template.Template, name, text string, data Data) ([]byte, error) {
	t, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	t, err = t.New(name).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return buf.Bytes(), nil
}

// entry is a manifest entry and whether its template comes from the overlay.
type entry struct {
	Entry
	overlay bool
}

// withOverlay marks the entries whose template the overlay replaces and adds an entry for
// every other overlay template.
func withOverlay(files []Entry, overlay fs.FS) ([]entry, error) {
	out := make([]entry, 0, len(files))
	if overlay == nil {
		for _, e := range files {
			out = append(out, entry{Entry: e})
		}
		return out, nil
	}
	var names []string
	err := fs.WalkDir(overlay, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(p, ".tmpl") {
			return fmt.Errorf("overlay %s: template names end in .tmpl", p)
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read overlay: %w", err)
	}
	used := map[string]bool{}
	for _, e := range files {
		replaced := slices.Contains(names, e.TemplateName())
		used[e.TemplateName()] = used[e.TemplateName()] || replaced
		out = append(out, entry{Entry: e, overlay: replaced})
	}
	for _, n := range names {
		if !used[n] {
			out = append(out, entry{Entry: Entry{Path: strings.TrimSuffix(n, ".tmpl"), Template: n}, overlay: true})
		}
	}
	return out, nil
}
